//go:build !cgo

package store

import (
	"database/sql"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// Without cgo go-sqlite3 compiles to a stub: its driver refuses to open any
// database ("requires cgo") and it has no Error type, so there is no result
// code to map. This file exists so the package still type-checks for
// targets that cannot be cross-compiled with cgo on the build machine
// (make test runs GOOS=darwin go vet on Linux); a real build of Shotdesk
// always has cgo.

const driverName = "sqlite3_shotdesk"

var registerOnce sync.Once

// registerDriver registers the stub, so that Open fails with go-sqlite3's
// own explanation rather than "unknown driver".
func registerDriver() {
	registerOnce.Do(func() { sql.Register(driverName, &sqlite3.SQLiteDriver{}) })
}

func classify(error) error { return nil }

func isCorruption(error) bool { return false }
