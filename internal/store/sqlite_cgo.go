//go:build cgo

package store

import (
	"database/sql"
	"errors"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// driverName is a driver registered with a ConnectHook so that every pooled
// connection, not only the first, gets the per-connection pragmas.
const driverName = "sqlite3_shotdesk"

var registerOnce sync.Once

func registerDriver() {
	registerOnce.Do(func() {
		sql.Register(driverName, &sqlite3.SQLiteDriver{
			ConnectHook: func(c *sqlite3.SQLiteConn) error {
				// Bound the WAL after checkpoints; the DSN sets the rest.
				_, err := c.Exec("PRAGMA journal_size_limit = 67108864", nil)
				return err
			},
		})
	})
}

// classify maps a SQLite result code to the sentinel the UI branches on, or
// nil when the code has no meaning for it.
func classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return ErrBusy
	case sqlite3.ErrFull:
		return ErrDiskFull
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		return ErrCorrupt
	case sqlite3.ErrReadonly:
		return ErrReadOnly
	}
	return nil
}

// isCorruption reports whether err says the file is damaged.
func isCorruption(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB
	}
	return false
}
