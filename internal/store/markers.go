package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Marker is the local "Mark as actioned" flag of one shoot.
type Marker struct {
	ModelID    string
	ActionedAt time.Time
}

// SetActioned marks (or, with actioned false, unmarks) a shoot as actioned.
// Markers are keyed by model id, written only here, and never touched by
// ApplySnapshot: if the shoot disappears from the server the marker stays,
// harmless, and is never moved to another shoot by email.
func (s *Store) SetActioned(ctx context.Context, modelID string, actioned bool, at time.Time) error {
	if modelID == "" {
		return errors.New("store: set actioned: empty model id")
	}
	return s.writeTx(ctx, "set actioned", func(tx *sql.Tx) error {
		if !actioned {
			_, err := tx.ExecContext(ctx, "DELETE FROM local_markers WHERE model_id = ?", modelID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO local_markers (model_id, actioned, actioned_at) VALUES (?, 1, ?)
			ON CONFLICT (model_id) DO UPDATE SET actioned = 1, actioned_at = excluded.actioned_at`,
			modelID, toMS(at))
		return err
	})
}

// Markers lists every actioned marker, orphans included, oldest first.
func (s *Store) Markers(ctx context.Context) ([]Marker, error) {
	rows, err := s.r.QueryContext(ctx,
		"SELECT model_id, actioned_at FROM local_markers WHERE actioned = 1 ORDER BY actioned_at, model_id")
	if err != nil {
		return nil, wrap("list markers", err)
	}
	defer rows.Close()
	var out []Marker
	for rows.Next() {
		var m Marker
		var at int64
		if err := rows.Scan(&m.ModelID, &at); err != nil {
			return nil, wrap("list markers", err)
		}
		m.ActionedAt = fromMS(at)
		out = append(out, m)
	}
	return out, wrap("list markers", rows.Err())
}
