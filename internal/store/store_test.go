package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestOpenMigratesFromEmptyAndSetsPragmas(t *testing.T) {
	// An odd directory name must be used verbatim, not cut at '#' or '?' nor
	// percent-decoded.
	dir := filepath.Join(t.TempDir(), "José Ñ #1 %20 (copy)?")
	path := filepath.Join(dir, "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("cache not created at the exact path: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "cache.db" && e.Name() != "cache.db-wal" && e.Name() != "cache.db-shm" {
			t.Errorf("stray file %q in the cache dir", e.Name())
		}
	}

	var v int
	if err := s.w.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d (%v), want %d", v, err, SchemaVersion())
	}
	// Assert effective values, not the DSN (go-sqlite3 #607).
	checks := []struct {
		db    string
		query string
		want  string
	}{
		{"w", "PRAGMA journal_mode", "wal"},
		{"w", "PRAGMA synchronous", "2"}, // FULL
		{"w", "PRAGMA foreign_keys", "1"},
		{"w", "PRAGMA busy_timeout", "5000"},
		{"w", "PRAGMA journal_size_limit", "67108864"},
		{"r", "PRAGMA query_only", "1"},
		{"r", "PRAGMA foreign_keys", "1"},
		{"r", "PRAGMA journal_mode", "wal"},
	}
	for _, c := range checks {
		db := s.w
		if c.db == "r" {
			db = s.r
		}
		var got string
		if err := db.QueryRow(c.query).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s %s = %q (%v), want %q", c.db, c.query, got, err, c.want)
		}
	}
	if got := s.w.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer MaxOpenConnections = %d, want 1", got)
	}
	// The read pool must refuse writes.
	if _, err := s.r.Exec("INSERT INTO sync_state (key, value) VALUES ('x', 'y')"); err == nil {
		t.Error("read pool accepted a write")
	}
	s.Close()

	// Reopen: migrations are not re-run, data survives.
	s2, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	if err := s2.w.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("user_version after reopen = %d", v)
	}
}

func TestWriterUsesImmediateTransactions(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// With _txlock=immediate, BEGIN already took the write lock: a second
	// connection cannot start a write even before tx wrote anything.
	other, err := Open(s.path, WithBusyTimeout(50*time.Millisecond))
	if err == nil {
		other.Close()
		t.Fatal("second writer opened (and ran its in-flight recovery) while an IMMEDIATE transaction held the lock")
	}
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
}

func TestNewerSchemaIsRefusedAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	if _, err := Open(path); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("file changed although the schema was refused")
	}
}

func TestErrorMapping(t *testing.T) {
	s := openTemp(t)
	// A real SQLITE_FULL through max_page_count (no need to fill a disk).
	if _, err := s.w.Exec("PRAGMA max_page_count = 1"); err != nil {
		t.Fatal(err)
	}
	_, err := s.ApplySnapshot(context.Background(), bigSnapshot(200))
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("err = %v, want ErrDiskFull", err)
	}
	var n int
	if err := s.r.QueryRow("SELECT count(*) FROM people").Scan(&n); err != nil || n != 0 {
		t.Fatalf("people after failed apply = %d (%v), want 0", n, err)
	}
}
