package userfiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

var (
	// ErrExists: the name is taken and may not be replaced (an exact name
	// without Replace, or no free numbered name left).
	ErrExists = errors.New("already exists")
	// ErrNotRegular: something other than a regular file is at the target
	// (a symlink, FIFO, device, socket or folder). The error is a
	// *NotRegularError saying which.
	ErrNotRegular = errors.New("not a regular file")
)

// NotRegularError says what is at a target that is not a regular file. Its
// message is meant for the user: "/dev/null is a device, not a file; choose
// a file name".
type NotRegularError struct {
	Path string
	// What is there, in words: "a symbolic link", "a device", "a named pipe
	// (FIFO)", "a socket", "a folder" or "a special file".
	What string
}

func (e *NotRegularError) Error() string {
	if e.What == "a symbolic link" {
		return e.Path + " is a symbolic link, not a file (Shotdesk never writes through links); choose a file name"
	}
	return e.Path + " is " + e.What + ", not a file; choose a file name"
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// CheckTarget reports whether path may be written as a file: nil when
// nothing exists there or a regular file does (whether it may be replaced
// is the caller's decision), a *NotRegularError for anything else. The
// last path component is never followed (Lstat): a symlink is refused even
// when it points at a regular file, because writing through it would change
// a file the user did not name.
func CheckTarget(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return explainPathErr(path, err)
	}
	if what := kindOf(fi.Mode()); what != "" {
		return &NotRegularError{Path: path, What: what}
	}
	return nil
}

// kindOf names a non-regular file type; "" for a regular file.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeDevice != 0: // block and character devices alike
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	default: // Windows reparse points other than links, and the like
		return "a special file"
	}
}

// explainPathErr turns a failed look-up of path into words, keeping the
// original error for errors.Is.
func explainPathErr(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("no permission to use %s: %w", path, err)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("cannot use %s: a part of the path is a file, not a folder: %w", path, err)
	case errors.Is(err, syscall.ENAMETOOLONG):
		return fmt.Errorf("cannot use %s: the name is too long: %w", path, err)
	}
	return fmt.Errorf("cannot use %s: %w", path, err)
}

// explainDirErr explains why nothing could be created in dir, after err:
// a missing folder or a file where the folder should be are the usual
// causes and are said in words.
func explainDirErr(dir string, err error) error {
	fi, serr := os.Stat(dir)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return fmt.Errorf("the folder %s does not exist: %w", dir, err)
	case serr == nil && !fi.IsDir():
		return fmt.Errorf("%s is not a folder: %w", dir, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("no permission to write into the folder %s: %w", dir, err)
	}
	return fmt.Errorf("cannot write into the folder %s: %w", dir, err)
}

// existsError is ErrExists with the name and what the user can do.
type existsError struct{ msg string }

func (e *existsError) Error() string        { return e.msg }
func (e *existsError) Is(target error) bool { return target == ErrExists }

func errExists(path string) error {
	return &existsError{path + " already exists (existing files are never replaced); choose another name"}
}

func errNoFreeName(dir, name string, isDir bool) error {
	return &existsError{fmt.Sprintf("no free name for %s in %s: %s to %s are all taken",
		name, dir, name, filepath.Base(candidate(dir, name, MaxCandidates, isDir)))}
}
