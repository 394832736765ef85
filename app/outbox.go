package app

import (
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// OutboxService shows the actions waiting to reach HeadshotPro (invites,
// revokes, team changes) and lets the admin retry or discard the ones the
// server refused. Actions are queued first and sent by the sync loop, so
// nothing is lost offline or on a crash.
type OutboxService struct {
	app *App
}

// OutboxEntry is one queued action as the outbox panel shows it.
type OutboxEntry struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"`  // invite, revoke_invite, create_team, rename_team, delete_team, assign_team
	Label string `json:"label"` // "Invite ana@example.com", "Rename team to “Sales”"…
	// State is pending (waiting to be sent, e.g. offline), in_flight or
	// needs_attention (the server refused it; Message says why).
	State     string `json:"state"`
	Attempts  int    `json:"attempts"`
	Message   string `json:"message"`
	CreatedAt string `json:"createdAt"`
	NextTryAt string `json:"nextTryAt"` // when a pending item that failed is tried again; "" = next sync
}

// List returns the unfinished outbox items, oldest first.
func (s *OutboxService) List() ([]OutboxEntry, error) {
	items, err := s.app.d().Outbox(s.app.context())
	if err != nil {
		return nil, err
	}
	out := make([]OutboxEntry, 0, len(items))
	for _, q := range items {
		out = append(out, OutboxEntry{ID: q.ID, Kind: string(q.Kind), Label: q.Label, State: string(q.State),
			Attempts: q.Attempts, Message: q.Problem, CreatedAt: isoTime(q.CreatedAt), NextTryAt: isoTime(q.NextTry)})
	}
	return out, nil
}

// Retry puts an item the server refused back in the queue and starts a sync.
func (s *OutboxService) Retry(id int64) error {
	if err := s.app.d().RetryAction(s.app.context(), id); err != nil {
		return err
	}
	s.app.kickSync()
	return nil
}

// Discard drops a queued action that has not been sent (or was refused).
func (s *OutboxService) Discard(id int64) error {
	if err := s.app.d().DiscardAction(s.app.context(), id); err != nil {
		return err
	}
	s.app.outboxChanged()
	return nil
}

// kickSync refreshes the status bar's outbox counts and starts a sync, which
// sends the queued actions first and then pulls the result. Offline, the
// sync loop keeps retrying on its own.
func (a *App) kickSync() {
	if a.sync() == nil {
		return
	}
	ctx := a.context()
	a.sync().Changed(ctx)
	if _, err := a.sync().SyncNow(ctx, syncer.Options{}); err != nil {
		a.logger.Warn("start sync after a queued action", "err", err)
	}
}

// outboxChanged refreshes the status bar's outbox counts.
func (a *App) outboxChanged() {
	if a.sync() != nil {
		a.sync().Changed(a.context())
	}
}
