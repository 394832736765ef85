package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// RebuildReport tells the user what Rebuild did.
type RebuildReport struct {
	Reason  string // why the old file was set aside
	MovedTo string // the damaged file's new name (its -wal/-shm moved alongside)
	// Markers and Outbox count the local rows carried over into the new
	// cache. The server-owned data is not carried: the next sync refills it.
	Markers int
	Outbox  int
	// Published counts the publish log's lines carried over.
	Published int
	// SalvageErr is set when the old file could not be read completely;
	// whatever was read before the failure is still carried over.
	SalvageErr string
}

// OpenOrRebuild opens the cache and, only if it is damaged (ErrCorrupt),
// rebuilds it. The report is nil when no rebuild was needed.
func OpenOrRebuild(path string, opts ...Option) (*Store, *RebuildReport, error) {
	s, err := Open(path, opts...)
	if err == nil {
		return s, nil, nil
	}
	if !errors.Is(err, ErrCorrupt) {
		return nil, nil, err
	}
	s, rep, rerr := Rebuild(path, opts...)
	if rerr != nil {
		return nil, nil, rerr
	}
	rep.Reason = err.Error()
	return s, &rep, nil
}

// Rebuild moves the cache file aside as "<path>.corrupt-<timestamp>" (with
// its -wal and -shm, together, so SQLite still pairs them: deleting a WAL
// alone is one of the documented ways to corrupt a database), reads the
// local markers and the outbox out of it best-effort, creates a fresh
// cache at path and writes the salvaged rows into it. The server-owned
// tables start empty; a full sync refills them.
func Rebuild(path string, opts ...Option) (*Store, RebuildReport, error) {
	var rep RebuildReport
	stamp := time.Now().UTC().Format("20060102T150405.000000000Z")
	aside := path + ".corrupt-" + stamp
	if err := os.Rename(path, aside); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, rep, fmt.Errorf("store: rebuild: move damaged cache aside: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, rep, fmt.Errorf("store: rebuild: move %s aside: %w", suffix, err)
		}
	}
	rep.MovedTo = aside

	markers, outbox, serr := salvage(aside)
	if serr != nil {
		rep.SalvageErr = serr.Error()
	}
	// The publish log says which directory photos Shotdesk replaced and
	// where the previous ones are kept: without it Revert is lost.
	published, perr := salvagePublishLog(aside)
	if perr != nil && rep.SalvageErr == "" {
		rep.SalvageErr = perr.Error()
	}

	s, err := Open(path, opts...)
	if err != nil {
		return nil, rep, fmt.Errorf("store: rebuild: create fresh cache: %w", err)
	}
	err = s.writeTx(context.Background(), "rebuild: restore local data", func(tx *sql.Tx) error {
		for _, m := range markers {
			if _, err := tx.Exec(`INSERT INTO local_markers (model_id, actioned, actioned_at) VALUES (?, 1, ?)
				ON CONFLICT (model_id) DO NOTHING`, m.ModelID, toMS(m.ActionedAt)); err != nil {
				return err
			}
		}
		for _, it := range outbox {
			state := it.State
			if state == OutboxInFlight || state == "" {
				state = OutboxPending // at least once, as after any crash
			}
			if _, err := tx.Exec(`INSERT INTO outbox (kind, payload, idempotency_key, entity, state, attempts,
				last_error, created_at, updated_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (idempotency_key) DO NOTHING`,
				string(it.Kind), string(it.Payload), it.IdempotencyKey, it.Entity, string(state), it.Attempts,
				it.LastError, toMS(it.CreatedAt), toMS(it.UpdatedAt), toMS(it.NextAttemptAt)); err != nil {
				return err
			}
		}
		for _, e := range published {
			if _, err := tx.Exec(`INSERT INTO publish_log (run_id, target, account_id, email, member_id, actor, action,
				photo_key, photo_hash, previous_hash, previous_type, status, error, at, reverted_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.RunID, e.Target, e.AccountID, e.Email, e.MemberID, e.Actor, e.Action, e.PhotoKey, e.PhotoHash,
				e.PreviousHash, e.PreviousType, e.Status, e.Error, toMS(e.At), toMS(e.RevertedAt)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.Close()
		return nil, rep, err
	}
	rep.Markers, rep.Outbox, rep.Published = len(markers), len(outbox), len(published)
	return s, rep, nil
}

// salvage reads local_markers and the whole outbox (done items too, so their
// idempotency keys keep deduplicating) from a damaged file, row by row,
// keeping every row read before an error. It opens the file read-only so
// the damaged copy is evidence left untouched; if the normal read-only
// open fails (e.g. the WAL cannot be used) it retries with immutable=1,
// which ignores the WAL and locking entirely.
func salvage(path string) ([]Marker, []OutboxItem, error) {
	var markers []Marker
	var outbox []OutboxItem
	var errs []error
	for _, params := range []string{"mode=ro&_query_only=on", "mode=ro&immutable=1"} {
		markers, outbox, errs = nil, nil, nil
		db, err := sql.Open(driverName, dsn(path, params))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		db.SetMaxOpenConns(1)
		m, merr := salvageMarkers(db)
		o, oerr := salvageOutbox(db)
		db.Close()
		markers, outbox = m, o
		if merr != nil {
			errs = append(errs, fmt.Errorf("markers: %w", merr))
		}
		if oerr != nil {
			errs = append(errs, fmt.Errorf("outbox: %w", oerr))
		}
		if len(errs) == 0 || len(markers)+len(outbox) > 0 {
			break
		}
	}
	if len(errs) > 0 {
		return markers, outbox, fmt.Errorf("salvage from %s: %w", path, errors.Join(errs...))
	}
	return markers, outbox, nil
}

func salvageMarkers(db *sql.DB) ([]Marker, error) {
	rows, err := db.Query("SELECT model_id, actioned_at FROM local_markers WHERE actioned = 1")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Marker
	for rows.Next() {
		var m Marker
		var at int64
		if err := rows.Scan(&m.ModelID, &at); err != nil {
			return out, err
		}
		m.ActionedAt = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

func salvageOutbox(db *sql.DB) ([]OutboxItem, error) {
	rows, err := db.Query("SELECT " + outboxCols + " FROM outbox ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		it, err := scanOutboxItem(rows)
		if err != nil {
			return out, err // keep what was read before the damage
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// salvagePublishLog reads the publish log from a damaged file, oldest
// first, keeping the rows read before an error. A file from before the
// log existed has none.
func salvagePublishLog(path string) ([]PublishEntry, error) {
	db, err := sql.Open(driverName, dsn(path, "mode=ro&immutable=1"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.Query("SELECT " + publishCols + " FROM publish_log ORDER BY id")
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil
		}
		return nil, fmt.Errorf("publish log: %w", err)
	}
	list, err := scanPublish(rows)
	if err != nil {
		return list, fmt.Errorf("publish log: %w", err)
	}
	return list, nil
}
