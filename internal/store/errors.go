package store

import (
	"errors"
	"fmt"
)

// Errors callers branch on. Every error the package returns wraps the
// underlying driver error as well, so both errors.Is(err, ErrBusy) and
// errors.As(err, &sqlite3.Error{}) work.
var (
	// ErrNotFound: no person, model or outbox item with that key.
	ErrNotFound = errors.New("not found in the offline cache")
	// ErrWrongState: an outbox item is not in a state that allows the
	// change (retrying an item that is being sent, discarding a sent one).
	ErrWrongState = errors.New("outbox item is in another state")
	// ErrCorrupt: the cache file is damaged or is not a SQLite database.
	// Rebuild (or OpenOrRebuild) recovers from it.
	ErrCorrupt = errors.New("offline cache is damaged")
	// ErrBusy: another connection held the write lock past the busy timeout.
	ErrBusy = errors.New("offline cache is busy")
	// ErrDiskFull: SQLite could not grow the file.
	ErrDiskFull = errors.New("not enough disk space to update the offline cache")
	// ErrReadOnly: the file or its directory cannot be written.
	ErrReadOnly = errors.New("offline cache is read-only")
	// ErrNewerSchema: the file was created by a newer Shotdesk; it is left
	// untouched rather than downgraded.
	ErrNewerSchema = errors.New("offline cache was created by a newer version of Shotdesk")
)

// CorruptError is the ErrCorrupt returned by Open: it names the file and
// what the check said, so the UI can tell the user exactly what happened.
type CorruptError struct {
	Path   string
	Detail string // first lines of PRAGMA quick_check, or the driver error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("offline cache %s is damaged: %s", e.Path, e.Detail)
}

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// opError wraps a driver error with the operation and, when the SQLite code
// has a meaning for the UI, one of the sentinels above.
type opError struct {
	op   string
	kind error // may be nil
	err  error
}

func (e *opError) Error() string {
	if e.kind != nil {
		return "store: " + e.op + ": " + e.kind.Error() + ": " + e.err.Error()
	}
	return "store: " + e.op + ": " + e.err.Error()
}

func (e *opError) Unwrap() []error {
	if e.kind != nil {
		return []error{e.kind, e.err}
	}
	return []error{e.err}
}

// wrap maps SQLite result codes once, here, so the raw "database is locked"
// text never has to be parsed elsewhere (and never reaches the UI).
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var already *opError
	if errors.As(err, &already) || errors.Is(err, ErrNotFound) {
		return err
	}
	return &opError{op: op, kind: classify(err), err: err}
}
