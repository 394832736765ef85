package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// OpenReadOnly opens the cache for reading only, creating and writing
// nothing beside it. It is for a full disk, where Open fails because
// SQLite cannot create its shared-memory file: lists, search and exports
// still work, and every write fails with ErrReadOnly. The file is opened
// as immutable, so changes still in its write-ahead log (a crash right
// before the disk filled) are not seen: the copy may be a little older.
func OpenReadOnly(path string) (*Store, error) {
	registerDriver()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	params := "mode=ro&immutable=1&_query_only=on"
	s := &Store{path: path, now: time.Now}
	var err error
	if s.w, err = sql.Open(driverName, dsn(path, params)); err != nil {
		return nil, wrap("open read-only", err)
	}
	s.w.SetMaxOpenConns(1)
	if s.r, err = sql.Open(driverName, dsn(path, params)); err != nil {
		s.w.Close()
		return nil, wrap("open read-only", err)
	}
	var version int
	if err := s.r.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		s.Close()
		return nil, wrap("open read-only", err)
	}
	return s, nil
}

// IsDiskFull reports whether err says the disk is full (SQLite's own
// "full", or the operating system's "no space left" under an I/O error).
func IsDiskFull(err error) bool {
	return errors.Is(err, ErrDiskFull) || errors.Is(err, syscall.ENOSPC) ||
		err != nil && strings.Contains(strings.ToLower(err.Error()), "no space left")
}
