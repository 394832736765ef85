package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Store is the offline cache. It is safe for concurrent use: writes are
// serialised on one connection, reads use a pool.
type Store struct {
	path string
	w    *sql.DB // the one writer: MaxOpenConns 1, BEGIN IMMEDIATE
	r    *sql.DB // read pool, query_only
	now  func() time.Time
}

type options struct {
	busyTimeout time.Duration
	readConns   int
	now         func() time.Time
}

// Option configures Open.
type Option func(*options)

// WithBusyTimeout sets how long a write waits for the lock before ErrBusy
// (default 5 s). go-sqlite3 cannot cancel that wait, so keep it short.
func WithBusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// WithReadConns sets the size of the read pool (default 4).
func WithReadConns(n int) Option { return func(o *options) { o.readConns = n } }

// WithClock replaces time.Now for the timestamps the store writes itself
// (outbox created/updated).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// Open opens (creating if needed) the cache at path, checks it with PRAGMA
// quick_check (unless its bytes already passed one, see seal.go), migrates
// it to the current schema and puts outbox items a crash left in flight
// back to pending. A damaged or non-SQLite file gives
// an error matching ErrCorrupt (a *CorruptError); see Rebuild.
func Open(path string, opts ...Option) (*Store, error) {
	o := options{busyTimeout: 5 * time.Second, readConns: 4, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	registerDriver()
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create cache dir: %w", err)
		}
	}
	s := &Store{path: path, now: o.now}
	busy := o.busyTimeout.Milliseconds()

	var err error
	s.w, err = sql.Open(driverName, dsn(path, fmt.Sprintf(
		"_journal_mode=WAL&_synchronous=FULL&_busy_timeout=%d&_foreign_keys=on&_txlock=immediate", busy)))
	if err != nil {
		return nil, wrap("open writer", err)
	}
	// One writer connection, kept forever: SQLite allows one writer anyway,
	// and a single Go-side connection turns lock contention into queueing.
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)

	// The check is skipped when the bytes are those a check passed
	// before (see seal.go).
	sum, sumErr := sumContent(path)
	if sumErr != nil || !sealed(path, sum) {
		if err := s.check(); err != nil {
			s.w.Close()
			dropSeal(path)
			return nil, err
		}
		if sumErr == nil {
			writeSeal(path, sum)
		}
	}
	if err := migrate(s.w); err != nil {
		s.w.Close()
		return nil, err
	}

	// _mutex=no: the driver's default wraps every SQLite call in the
	// connection's mutex, and a read of 100,000 people makes millions of
	// them (one per column per row); database/sql never lets two
	// goroutines use one connection at once, and sqlite3_interrupt (a
	// cancelled context) is safe from any thread. About 10 % of a status
	// export (BenchmarkExportPeople100k).
	s.r, err = sql.Open(driverName, dsn(path, fmt.Sprintf(
		"_busy_timeout=%d&_foreign_keys=on&_query_only=on&_mutex=no", busy)))
	if err != nil {
		s.w.Close()
		return nil, wrap("open readers", err)
	}
	s.r.SetMaxOpenConns(o.readConns)
	s.r.SetMaxIdleConns(o.readConns)

	if err := s.recoverInFlight(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	makePrivate(path)
	return s, nil
}

// makePrivate gives the database and its WAL files owner-only permissions:
// SQLite creates them with the process's umask (often 0644), and they hold
// staff emails and signed photo links. Best effort (Windows has no modes).
func makePrivate(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, 0o600)
		}
	}
}

// check runs PRAGMA quick_check on the writer (which also applies the DSN
// pragmas, so a non-database file fails here rather than later).
func (s *Store) check() error {
	rows, err := s.w.Query("PRAGMA quick_check")
	if err != nil {
		if isCorruption(err) {
			return &CorruptError{Path: s.path, Detail: err.Error()}
		}
		return wrap("check "+s.path, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return &CorruptError{Path: s.path, Detail: err.Error()}
		}
		if len(lines) < 5 {
			lines = append(lines, line)
		}
	}
	if err := rows.Err(); err != nil {
		if isCorruption(err) {
			return &CorruptError{Path: s.path, Detail: err.Error()}
		}
		return wrap("check "+s.path, err)
	}
	if len(lines) != 1 || lines[0] != "ok" {
		detail := strings.Join(lines, "; ")
		if len(detail) > 400 { // quick_check can list thousands of problems
			detail = detail[:400] + "…"
		}
		return &CorruptError{Path: s.path, Detail: detail}
	}
	return nil
}

// Path is the cache file.
func (s *Store) Path() string { return s.path }

// Close closes both pools. Safe to call once.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return wrap("close", err)
	}
	return nil
}

// dsn builds a file: URI. The path is escaped because SQLite decodes %XX in
// URIs and the driver splits its own options at the first '?', so names
// like "José #1 %20 (copy)" must survive intact (a data dir under a user
// name with such characters must not become a different path).
func dsn(path, params string) string {
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" && !strings.HasPrefix(p, "/") {
		p = "/" + p // file:/C:/... on Windows
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	return "file:" + p + "?" + params
}

// writeTx runs fn in one BEGIN IMMEDIATE transaction on the writer.
func (s *Store) writeTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op+": begin", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return wrap(op+": commit", err)
	}
	return nil
}
