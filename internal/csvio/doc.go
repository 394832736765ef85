// Package csvio writes the team status CSV and reads HR roster CSVs for bulk
// invites. It knows nothing about the store, the API or the UI: callers hand
// it rows and get bytes back (export), or hand it bytes and get validated,
// de-duplicated rows back (import).
//
// # Status CSV
//
// WriteStatus and ExportStatusFile stream rows from an iterator (which may
// yield an error to abort, e.g. a failed database cursor or a cancelled
// context) and write exactly this header:
//
//	Team Name,Email,Title,Status,Finished Date,Lifecycle,Favorite,Actioned,Actioned At,Retry Possible Until,Model ID
//
// The first five columns are the contract shared with the web dashboard's
// export; the rest are Shotdesk's extras and only ever get appended to. Then:
//
//   - UTF-8 with a byte-order mark (Excel only detects UTF-8 with one) and
//     CRLF line endings, also inside quoted cells: a line break inside a cell
//     (LF, CRLF or a lone CR) is written as CRLF.
//   - Status is Finished, Joined or Invited (domain.CSVStatusFor): a shoot
//     that finished is Finished, also when it was deleted afterwards (the
//     person did the shoot; Lifecycle says Deleted); a shoot deleted before
//     it finished is Joined. Lifecycle is the stage in the window's words
//     ("Uploading photos", "Queued", "Training", "Generating", "Failed,
//     restarting", "No favorite", "Finished", "Deleted"…), or the raw API
//     status when this build does not know it.
//   - Dates are YYYY-MM-DD in ExportOptions.Location (default time.Local);
//     an unknown date is an empty cell. Finished Date is printed whenever the
//     shoot has a finish time, whatever its current lifecycle (a deleted shoot
//     still finished once, and its Status is then Finished). Actioned At is
//     printed only for actioned rows.
//   - Favorite and Actioned are "yes" or "no".
//   - Retry Possible Until is finishedAt + 60 days, printed only while a retry
//     is still possible (domain.RetryEligibility at ExportOptions.Now): empty
//     when the shoot never finished, already had its retry, or the window
//     closed. An admin reading the column should never see a date they cannot
//     act on.
//   - Formula neutralisation (OWASP CSV injection, CWE-1236): every free-text
//     cell whose first rune is = + - @ TAB or CR, or a full-width ＝ ＋ － ＠,
//     or LF (written as CRLF, so the cell would start with CR in the file),
//     gets a leading apostrophe, so "-" and "-2" are written "'-" and "'-2".
//     To keep the mapping reversible, a cell that is apostrophes followed by a
//     trigger gets one more apostrophe (see Neutralize/Unneutralize). Quoting
//     is encoding/csv's job and is not a defence on its own.
//
// Files are written through internal/userfiles. ExportStatusFile writes
// atomically: temp file in the target's directory, fsync, rename over the
// target, fsync the directory. It overwrites an existing regular file
// because the save dialog has already asked the user; the old file stays
// intact until the rename and keeps its permission bits, and nothing is left
// behind on error. A symlink, FIFO, device or folder at the target is
// refused, never written through. New files follow the user's umask.
//
// # Roster import
//
// ParseRoster accepts UTF-8 with or without a BOM and UTF-16 LE/BE with a BOM
// (Excel's "Unicode Text"), decoded; anything else that is not valid UTF-8
// (Windows-1252 "CSV" from old Excel) is rejected with a message telling the
// user to save as "CSV UTF-8", because guessing a code page silently corrupts
// names. The delimiter (comma, semicolon or tab) is sniffed from the header
// line, ignoring delimiters inside quotes. Line endings may be CRLF, LF or CR.
// See ParseRoster for header aliases, cleaning and validation. Defaults:
// 5 MiB, 20,000 data rows, 256 header columns, 1,024 characters in a kept
// field. Whole-file problems are errors; per-row problems (no email, invalid
// email, unreadable CSV record, over-long field) are listed in
// Roster.Invalid and duplicates (after normalisation) in Roster.Duplicates,
// each with the physical line where the record starts. Summary then splits
// the accepted rows into invites to send and addresses already known.
//
// Round trip: importing our own status CSV gives back the same emails, teams
// and titles: the export's apostrophes are removed by Unneutralize, line
// breaks come back as LF, and leading/trailing whitespace is trimmed.
package csvio
