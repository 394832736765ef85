// Package bundle implements "Download Favorites": every shoot's favorite
// headshot and a 600×600 profile picture, as one ZIP (or a plain folder) an
// admin can hand to HR systems.
//
// # The contract (exact; the tests check each point)
//
//   - Every shoot with a selected favorite (store.Favorites), scoped to one
//     team when Options.TeamID is set. Two shoots of one person are two
//     folders.
//   - One folder per shoot, "email - title", or "email" when the title is
//     empty or nothing of it survives sanitising. Names go through SafeName
//     (naming.go): NFC; no / \ : * ? " < > |, control, format (bidi, zero
//     width) or separator characters (each becomes "_"); whitespace runs
//     become one space; no ".."; no leading/trailing dots or spaces; Windows
//     device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, COM¹²³, LPT¹²³,
//     CONIN$, CONOUT$, CLOCK$; any case, with or without extension) get a
//     "_" prefix; at most MaxNameBytes (120) bytes, cut at a rune boundary
//     (255 is every file system's limit, but a 255-byte folder plus
//     "\headshot.jpg" plus a Downloads path breaks Windows' 260-character
//     path limit on extraction).
//   - Collisions get " (2)", " (3)"… in Favorites order (email, then shoot
//     creation, so numbering is stable); names equal up to case or Unicode
//     normalisation collide, as they do on Windows and macOS. Nothing is ever
//     overwritten.
//   - headshot.jpg is the favorite's bytes exactly as the CDN served them
//     (the cached download, never re-encoded). pfp.jpg is the Template's
//     picture (default: 600×600 square, head and shoulders) as a JPEG at
//     quality 90.
//   - The archive is team-photos-YYYY-MM-DD.zip (local date of Options.Now).
//     Entries are Stored (JPEG does not compress; Deflate cost 2–50× the time
//     for < 1 %), have Modified set to the export time (CreateHeader, not
//     CreateRaw, which would leave 1980) and the UTF-8 flag on every non-ASCII
//     name (archive/zip sets it; the tests check it). ZIP64 is automatic past
//     65,535 entries or 4 GiB.
//
// # Decisions where the contract is silent
//
//   - Existing target: with Options.OutDir (or the default, the current
//     directory) a taken name gets " (2)", " (3)"… (up to
//     userfiles.MaxCandidates) chosen at publish time;
//     an explicit Options.OutPath that exists fails with ErrExists before
//     any work, and again at publish time if it appeared meanwhile: a name
//     the user typed is neither replaced nor silently changed.
//   - Partial items: if the headshot is there but the PFP cannot be made
//     (damaged image, header claiming 40000×40000, unsupported format), the
//     folder holds headshot.jpg alone and the item is reported as failed
//     ("pfp.jpg: … (headshot.jpg included)"). If the download failed, the
//     item has no folder. Failures go through jobs.Tracker.Fail (email +
//     reason) and Result.Failures, in export order; the rest goes on.
//   - Nothing exported (every item failed, e.g. offline with an empty
//     cache): no archive is published, ErrNothingExported. No favorites at
//     all: ErrNoFavorites.
//   - Offline: Deps.Fetcher may be nil (no API key). Cached favorites are
//     exported; the others fail with "not downloaded yet and offline". After
//     the first network-level download failure the export stops trying the
//     network and treats the remaining uncached items the same way.
//   - Expired signed URLs (store.FavoriteRow.URLExpiresAt) are not tried:
//     the fetcher asks the API for a fresh one (headshotpro.Client.FetchPhoto
//     also refreshes once when the CDN refuses a URL).
//   - The archive, the folder and everything in it follow the user's umask
//     (0644 and 0755 under the usual 022), like anything else they
//     download: the export is made to be handed on, and the folder the
//     user saves it in decides who else may read it.
//   - Free space is checked before starting on Linux and macOS (statfs):
//     cached sizes, uncached headshots at the mean cached size (3 MiB if none),
//     PFPs at 200 KiB, plus 5 % and 16 MiB; below that, ErrNoSpace with the
//     numbers. Elsewhere a full disk fails the write and is cleaned up the
//     same way as a cancel. Growth of the blob cache itself is not counted
//     (it has its own budget).
//
// # Presets
//
//	headshotpro     (default) "email - title/headshot.jpg" and ".../pfp.jpg"
//	flat-email      "email.jpg" = the headshot (HiBob and most HRIS imports)
//	flat-email-pfp  "email.jpg" = the profile picture
//
// Flat presets keep one file per person: the latest shoot (store order is
// shoot creation within an email); older shoots are listed in
// Result.Skipped, which are not failures. Colliding emails (case) get
// "email (2).jpg".
//
// # Pipeline
//
//	feeder ──(window: ≤ Window items between dispatch and write, default 256)──┐
//	  → fetch workers: blob cache lookup, else wait for a download slot
//	    (the gate: Concurrency if set, else adaptive from 8 up to 32) and
//	    download into the cache (temp file + rename; a failed attempt
//	    leaves nothing), pin
//	  → Renderers render workers (default runtime.NumCPU()): decode the
//	    cached headshot, render, encode JPEG, store as
//	    under blobs.PFPKey(photoID, templateKey, "jpeg"), pin
//	  → the writer (the calling goroutine, sole owner of the zip.Writer):
//	    a reorder buffer holding at most Window items, writing in Favorites
//	    order, copying each entry from its cache file
//
// Downloads (I/O bound) and renders (CPU bound) have separate pools so slow
// renders do not idle the network, and the queue between them holds up to
// Window items, so a fetcher never waits for a renderer: on a slow machine
// the downloads finish early and the renders catch up; on a slow link the
// renders keep pace with the downloads. The window is wide because the
// writer keeps Favorites order: a photo that crawls in (a slow CDN node)
// holds up the writer, not the downloads, until the others are Window items
// ahead. The download slots adapt to the link (gate.go): on a long round
// trip each download waits before its first byte, and more must be in
// flight to keep the link busy; the gate widens while that raises the
// bytes per second and stops when it does not. `make bench` measures all
// this against a simulated link (favorites_wan_vs_link: the export's time
// over the link's own time for the same bytes). A favorite already cached is not
// downloaded; a PFP already rendered for the same template is not rendered:
// a second export only re-zips (no CDN request; tested). Cache entries are
// pinned from lookup until written, so eviction cannot remove them mid-export.
//
// Memory is bounded whatever the team size: items carry cache references,
// not bytes, so the reorder buffer and the queues are Window small structs; image memory is
// Renderers decodes at a time (≈ 18 MB each for a 12 MP JPEG) plus pooled
// ~100 KB JPEG buffers and one 1 MiB copy buffer. TestExportMemoryBounded
// (150 members, 83 shoots, window 8, 2 renderers, 1500×2000 photos) saw the
// heap in use peak 80 MB above its starting point, most of it render garbage
// awaiting collection (pfp allocates ~16 MB per picture); it fails above 100.
//
// # Measured (2-core VM, 28 shoots of full-size 1–3 MB headshots)
//
// BenchmarkExportWarm (all cached, only zipping, fsync included): ≈18 ms
// for 31.5 MB, ≈1.7 GB/s, the speed of a file copy (on 310 MB, cat ran at
// 1.26 GB/s and a plain Go Store-only zip.Writer at 1.19 GB/s). BenchmarkExportCold (empty
// cache; loopback download, render, zip): ≈2.6 s, ≈93 ms per shoot, set by
// the pure-Go PFP render of 3000×4000 JPEGs on 2 cores (pfp: ≈170 ms each).
//
// # Atomicity and cancel
//
// Files reach the target through internal/userfiles. The ZIP is streamed
// to a hidden temp file beside the target
// (".team-photos-….zip.shotdesk-tmp-<pid>-<random>", same folder, so same
// file system), then the central directory is written, the file fsynced,
// its directory read back (entry count, names, Store), and only then
// published: a hard link to the target name (fails with EEXIST instead of
// replacing, atomic), then the temp name is removed and the folder fsynced.
// Where hard links are unsupported (FAT, some shares) the name is claimed
// with O_EXCL and the temp file renamed over that claim. A folder export is
// built in a hidden staging folder, every file fsynced, its folders fsynced,
// and renamed onto a Mkdir claim of the target (POSIX rename replaces only
// an empty folder, atomically).
//
// Cancelling ctx stops downloads and renders (each honours ctx), the writer
// stops at the next item, every goroutine is waited for, pins are released,
// and the temp file or staging folder is removed: nothing exists at the
// target and no temp file remains (tested for both formats). A crash leaves
// at most the hidden temp file; the next export into that folder removes
// it (userfiles.Sweep: only temps whose process is gone, or a day old).
package bundle
