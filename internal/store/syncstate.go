package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// sync_state keys written by the store itself.
const (
	keyLastFullSync = "last_full_sync"
	keyLastSuccess  = "last_success"
	keyLastError    = "last_error"
	keyLastErrorAt  = "last_error_at"
	keyCounts       = "last_counts"
)

// SyncStatus is what the UI shows about freshness ("showing offline data
// from …").
type SyncStatus struct {
	LastFullSync time.Time // when the last applied snapshot was taken
	LastSuccess  time.Time // when it was committed
	LastError    string    // last sync failure since then, if any
	LastErrorAt  time.Time
	Counts       ApplyStats // of the last applied snapshot
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func setState(ctx context.Context, db execer, key, value string) error {
	_, err := db.ExecContext(ctx,
		"INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		key, value)
	if err != nil {
		return fmt.Errorf("set sync state %s: %w", key, err)
	}
	return nil
}

// SyncValue reads a sync_state entry ("" when absent). The syncer may keep
// its own keys here (cursors, generation); never a secret.
func (s *Store) SyncValue(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM sync_state WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", wrap("read sync state "+key, err)
	}
	return v, nil
}

// SetSyncValue writes a sync_state entry.
func (s *Store) SetSyncValue(ctx context.Context, key, value string) error {
	return s.writeTx(ctx, "write sync state", func(tx *sql.Tx) error {
		return setState(ctx, tx, key, value)
	})
}

// RecordSyncError notes a failed sync without touching the data, so the UI
// can say "showing offline data from <LastSuccess>; last attempt failed".
func (s *Store) RecordSyncError(ctx context.Context, at time.Time, msg string) error {
	return s.writeTx(ctx, "record sync error", func(tx *sql.Tx) error {
		if err := setState(ctx, tx, keyLastError, msg); err != nil {
			return err
		}
		return setState(ctx, tx, keyLastErrorAt, at.UTC().Format(time.RFC3339Nano))
	})
}

// LastSync is when the last applied snapshot was taken (zero if never).
func (s *Store) LastSync(ctx context.Context) (time.Time, error) {
	st, err := s.SyncStatus(ctx)
	return st.LastFullSync, err
}

// SyncStatus reads every sync_state entry the store maintains.
func (s *Store) SyncStatus(ctx context.Context) (SyncStatus, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT key, value FROM sync_state WHERE key IN (?, ?, ?, ?, ?)",
		keyLastFullSync, keyLastSuccess, keyLastError, keyLastErrorAt, keyCounts)
	if err != nil {
		return SyncStatus{}, wrap("read sync status", err)
	}
	defer rows.Close()
	var st SyncStatus
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return SyncStatus{}, wrap("read sync status", err)
		}
		switch k {
		case keyLastFullSync:
			st.LastFullSync = parseTime(v)
		case keyLastSuccess:
			st.LastSuccess = parseTime(v)
		case keyLastError:
			st.LastError = v
		case keyLastErrorAt:
			st.LastErrorAt = parseTime(v)
		case keyCounts:
			// Damaged counts are cosmetic; ignore rather than fail the read.
			_ = json.Unmarshal([]byte(v), &st.Counts)
		}
	}
	if err := rows.Err(); err != nil {
		return SyncStatus{}, wrap("read sync status", err)
	}
	return st, nil
}

func parseTime(v string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}
	}
	return t
}
