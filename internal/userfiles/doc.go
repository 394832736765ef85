// Package userfiles writes the files users receive — the Download Favorites
// ZIP or folder, the status CSV, a profile picture — and the few private
// files Shotdesk keeps in its data dir, with one set of rules, in one
// package:
//
//   - Never overwrite silently. WriteNew and PublishNew take the first free
//     name of "name.ext", "name (2).ext", "name (3).ext"… (at most
//     MaxCandidates), claimed atomically: a hard link fails with EEXIST
//     instead of replacing, so two exports racing for a name both succeed
//     under different names. WriteExact and PublishExact replace an
//     existing file only when asked to (Replace), e.g. after a save dialog
//     confirmed it; otherwise the existing file is ErrExists.
//   - Never write through a symlink or into a device. CheckTarget uses
//     Lstat (never follows) and refuses a symlink, FIFO, device, socket or
//     folder at the target with a NotRegularError (errors.Is ErrNotRegular)
//     that says in words what is there. A replace renames over the name
//     itself, so a link that appears after the check is replaced, never
//     followed.
//   - Follow the user's umask. Files are created 0666 and folders 0777 and
//     the kernel applies the umask, as for a browser's download (a user who
//     wants exports private sets a private umask or folder). os.CreateTemp
//     is not used: it always creates 0600. Private (0600/0700) is for the
//     data dir's own files (settings, the image cache). A replaced file
//     keeps its permission bits.
//   - Never leave a file half-written. Everything is written to a temp
//     file or staging folder beside the target (same folder, so the final
//     step is a rename or link within one file system), fsynced, and only
//     then published under its name; the folder is fsynced after (best
//     effort, skipped on Windows, which cannot sync a directory). An error
//     or a panic in the writer removes the temp: nothing exists at the
//     target.
//
// # Temp names
//
// A temp file or staging folder is named
//
//	.<target name>.shotdesk-tmp-<pid>-<12 hex digits>
//
// hidden on Unix, beside its target, carrying the pid of the process that
// writes it. A crash leaves at most such a name behind; Sweep removes those
// whose process is gone and that have not changed for ten minutes (a pid
// means nothing to another machine writing into a shared folder), or that
// are older than MaxTempAge whatever the pid, and nothing else, so it is
// safe on the user's Downloads folder and on a data dir shared by the
// window and the command line.
//
// # File systems without hard links
//
// FAT/exFAT sticks and some network shares cannot hard-link. There the
// name is claimed with an O_EXCL create (so a racing writer loses) and the
// temp file renamed over that empty claim. A crash between the two leaves
// an empty file under the name.
//
// # Windows
//
// Renaming over a file that another program holds open without delete
// sharing (Explorer's preview, an antivirus scanning the previous export)
// fails for a moment; a replace retries for about two seconds on such
// sharing errors only. The leading dot does not hide a temp file on
// Windows: setting the hidden attribute would carry over to the published
// file, which shares it through the hard link.
package userfiles
