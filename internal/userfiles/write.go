package userfiles

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteNew writes a new file in dir named name, or "name (2).ext", "name
// (3).ext"… when taken, and returns its path. write gets the temp file
// (unbuffered: wrap it in a bufio.Writer for many small writes); its content
// is synced and published with PublishNew, so nothing is ever replaced and
// concurrent writers of one name all succeed under different names.
//
// If write returns an error (returned as is) or panics, or anything else
// fails, the temp file is removed and nothing exists under any of the
// names. Options: Private (0600 instead of the umask's choice); Replace is
// refused.
func WriteNew(dir, name string, write func(io.Writer) error, opts ...Option) (string, error) {
	if has(opts, Replace) {
		return "", errors.New("userfiles: WriteNew never replaces; use WriteExact")
	}
	if err := checkName(name); err != nil {
		return "", err
	}
	var path string
	err := writeTemp(dir, name, write, opts, func(tmp string) (err error) {
		path, err = PublishNew(tmp, dir, name)
		return err
	})
	return path, err
}

// WriteExact writes the file at path, by way of a synced temp file beside
// it. Without Replace an existing file is ErrExists; with Replace an
// existing regular file is replaced atomically and keeps its permission
// bits (Private: 0600). Either way a symlink, FIFO, device, socket or
// folder at path is refused with a *NotRegularError, before anything is
// written.
//
// If write returns an error (returned as is) or panics, or anything else
// fails, the temp file is removed and path is left as it was.
func WriteExact(path string, write func(io.Writer) error, opts ...Option) error {
	dir, name := filepath.Dir(path), filepath.Base(path)
	if err := checkName(name); err != nil {
		return err
	}
	// Checked first, so a bad target costs no work and, for /dev/null and
	// the like, no temp file in a folder we should not write to at all.
	if err := CheckTarget(path); err != nil {
		return err
	}
	if !has(opts, Replace) {
		if _, err := os.Lstat(path); err == nil {
			return errExists(path)
		}
	}
	return writeTemp(dir, name, write, opts, func(tmp string) error {
		return PublishExact(tmp, path, opts...)
	})
}

// writeTemp writes a temp file for name in dir and hands it to publish.
// The deferred cleanup also runs when write panics.
func writeTemp(dir, name string, write func(io.Writer) error, opts []Option, publish func(tmp string) error) error {
	f, err := TempFile(dir, name, opts...)
	if err != nil {
		return err
	}
	tmp := f.Name()
	published := false
	defer func() {
		if !published {
			f.Close()          // may already be closed
			_ = os.Remove(tmp) // if this fails, Sweep removes it later: its name says whose it is
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	// Sync before publishing: otherwise a crash can leave a published,
	// empty or partial file.
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	if err := publish(tmp); err != nil {
		return err
	}
	published = true
	return nil
}
