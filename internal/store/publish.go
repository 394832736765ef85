package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// PublishEntry is one line of the publish log: a photo sent to a directory
// (or a revert), with the photo that was there before.
type PublishEntry struct {
	ID        int64
	RunID     string
	Target    string
	AccountID string
	Email     string
	MemberID  string
	// Actor is who ran it: the OS user and computer ("ana@laptop").
	Actor     string
	Action    string // PublishActionPublish or PublishActionRevert
	PhotoKey  string
	PhotoHash string
	// PreviousHash names the kept previous photo ("" = the person had
	// none); PreviousType is its content type.
	PreviousHash, PreviousType string
	Status                     string // PublishDone or PublishFailed
	Error                      string
	At                         time.Time
	RevertedAt                 time.Time // zero while the publish stands
}

// Publish log values.
const (
	PublishActionPublish = "publish"
	PublishActionRevert  = "revert"
	PublishDone          = "done"
	PublishFailed        = "failed"
)

const publishCols = `id, run_id, target, account_id, email, member_id, actor, action, photo_key, photo_hash,
	previous_hash, previous_type, status, error, at, reverted_at`

// RecordPublish appends e to the publish log and returns its id.
func (s *Store) RecordPublish(ctx context.Context, e PublishEntry) (int64, error) {
	if e.RunID == "" || e.Target == "" || e.AccountID == "" {
		return 0, errors.New("store: record publish: run, target and account are required")
	}
	var id int64
	err := s.writeTx(ctx, "record publish", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO publish_log (run_id, target, account_id, email, member_id, actor, action,
			photo_key, photo_hash, previous_hash, previous_type, status, error, at, reverted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.RunID, e.Target, e.AccountID, e.Email, e.MemberID, e.Actor, e.Action, e.PhotoKey, e.PhotoHash,
			e.PreviousHash, e.PreviousType, e.Status, e.Error, toMS(e.At), toMS(e.RevertedAt))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// MarkReverted records that the publish entry id was undone at at.
func (s *Store) MarkReverted(ctx context.Context, id int64, at time.Time) error {
	return s.writeTx(ctx, "mark publish reverted", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE publish_log SET reverted_at = ? WHERE id = ? AND action = 'publish'", toMS(at), id)
		return err
	})
}

// StandingPublishes returns, per account id, the latest successful publish
// to target that has not been reverted: what the directory shows, as far
// as Shotdesk knows.
func (s *Store) StandingPublishes(ctx context.Context, target string) (map[string]PublishEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+publishCols+` FROM publish_log p
		WHERE target = ? AND action = 'publish' AND status = 'done' AND reverted_at = 0
		AND id = (SELECT max(id) FROM publish_log q WHERE q.target = p.target AND q.account_id = p.account_id
			AND q.action = 'publish' AND q.status = 'done')
		ORDER BY id`, target)
	if err != nil {
		return nil, wrap("list standing publishes", err)
	}
	list, err := scanPublish(rows)
	if err != nil {
		return nil, wrap("list standing publishes", err)
	}
	out := make(map[string]PublishEntry, len(list))
	for _, e := range list {
		out[e.AccountID] = e
	}
	return out, nil
}

// PublishQuery selects log entries; empty fields match everything.
type PublishQuery struct {
	Target, RunID, Email string
	// Standing keeps only successful publishes not reverted yet.
	Standing bool
	Limit    int // 0 = all
}

// PublishEntries lists the log, newest first.
func (s *Store) PublishEntries(ctx context.Context, q PublishQuery) ([]PublishEntry, error) {
	where, args := "1 = 1", []any{}
	if q.Target != "" {
		where, args = where+" AND target = ?", append(args, q.Target)
	}
	if q.RunID != "" {
		where, args = where+" AND run_id = ?", append(args, q.RunID)
	}
	if q.Email != "" {
		where, args = where+" AND email = ? COLLATE NOCASE", append(args, q.Email)
	}
	if q.Standing {
		where += " AND action = 'publish' AND status = 'done' AND reverted_at = 0"
	}
	query := "SELECT " + publishCols + " FROM publish_log WHERE " + where + " ORDER BY id DESC"
	if q.Limit > 0 {
		query, args = query+" LIMIT ?", append(args, q.Limit)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap("list the publish log", err)
	}
	list, err := scanPublish(rows)
	return list, wrap("list the publish log", err)
}

// PublishRun summarises one run of the log.
type PublishRun struct {
	ID        string
	Target    string
	Started   time.Time
	Published int // successful publishes
	Failed    int
	Reverted  int // of the published, reverted since
}

// PublishRuns lists the runs to target, newest first.
func (s *Store) PublishRuns(ctx context.Context, target string) ([]PublishRun, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT run_id, target, min(at),
		sum(action = 'publish' AND status = 'done'), sum(status = 'failed'),
		sum(action = 'publish' AND status = 'done' AND reverted_at != 0)
		FROM publish_log WHERE target = ? AND action = 'publish' GROUP BY run_id ORDER BY min(id) DESC`, target)
	if err != nil {
		return nil, wrap("list publish runs", err)
	}
	defer rows.Close()
	var out []PublishRun
	for rows.Next() {
		var r PublishRun
		var at int64
		if err := rows.Scan(&r.ID, &r.Target, &at, &r.Published, &r.Failed, &r.Reverted); err != nil {
			return nil, wrap("list publish runs", err)
		}
		r.Started = fromMS(at)
		out = append(out, r)
	}
	return out, wrap("list publish runs", rows.Err())
}

func scanPublish(rows *sql.Rows) ([]PublishEntry, error) {
	defer rows.Close()
	var out []PublishEntry
	for rows.Next() {
		var e PublishEntry
		var at, rev int64
		if err := rows.Scan(&e.ID, &e.RunID, &e.Target, &e.AccountID, &e.Email, &e.MemberID, &e.Actor, &e.Action, &e.PhotoKey,
			&e.PhotoHash, &e.PreviousHash, &e.PreviousType, &e.Status, &e.Error, &at, &rev); err != nil {
			return nil, err
		}
		e.At, e.RevertedAt = fromMS(at), fromMS(rev)
		out = append(out, e)
	}
	return out, rows.Err()
}
