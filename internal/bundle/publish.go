package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// publish moves the finished temp output to the first free candidate name of
// tg, never replacing anything. A name that turns out to be taken at this
// moment (another export, the user) is skipped for the next candidate, or
// is ErrExists for an exact OutPath.
func publish(tg target, tmp string, move func(tmp, dst string) error) (string, error) {
	for k := 1; ; k++ {
		dst, ok := tg.candidate(k)
		if !ok {
			if tg.exact {
				return "", fmt.Errorf("%w: %s (existing files are never overwritten)", ErrExists, filepath.Join(tg.dir, tg.name))
			}
			return "", fmt.Errorf("%w: no free name for %s in %s", ErrExists, tg.name+tg.ext, tg.dir)
		}
		err := move(tmp, dst)
		if err == nil {
			syncDir(tg.dir)
			return dst, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("publish %s: %w", dst, err)
		}
	}
}

// publishFile renames tmp to dst unless dst exists, atomically.
//
// os.Rename would silently replace dst. A hard link fails with EEXIST
// instead, and is atomic: dst either does not exist or is the complete
// file; then the temp name is unlinked. File systems without hard links
// (FAT/exFAT sticks, some network shares) fail the link with another error;
// there dst is first claimed with O_EXCL (so a racing writer loses) and the
// temp file renamed over our own empty claim. A crash between the two
// leaves an empty file at dst; a crash in the link path leaves at most a
// stray hidden temp file.
func publishFile(tmp, dst string) error {
	err := os.Link(tmp, dst)
	if err == nil {
		if err := os.Remove(tmp); err != nil {
			return fmt.Errorf("remove temp name: %w", err)
		}
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	claim, cerr := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if cerr != nil {
		return cerr // fs.ErrExist when taken
	}
	claim.Close()
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(dst) // our empty claim
		return err
	}
	return nil
}

// publishDir renames the staging folder tmp to dst unless dst exists.
//
// Directories cannot be hard-linked, so dst is claimed with Mkdir (which
// fails if anything exists there), then the staging folder is renamed onto
// the empty claim: POSIX rename replaces an empty directory atomically.
// Windows refuses to rename onto an existing directory; there the claim is
// removed and the rename retried (a tiny window in which another process
// could take the name: the rename then fails and nothing is replaced).
func publishDir(tmp, dst string) error {
	if err := os.Mkdir(dst, 0o700); err != nil {
		return err // fs.ErrExist when taken
	}
	if err := os.Rename(tmp, dst); err != nil {
		if rerr := os.Remove(dst); rerr != nil {
			return err // not empty any more: someone else's now; keep it
		}
		if err2 := os.Rename(tmp, dst); err2 != nil {
			return err2
		}
	}
	return nil
}

// syncDir persists a rename (best effort: not every OS can fsync a
// directory, and the data itself is already synced).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
