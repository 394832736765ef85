package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func init() {
	bindService(func(a *App) any { return &OutboxService{app: a} })
}

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
	items, err := s.app.store.Outbox(s.app.context())
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	teams := teamNames(s.app)
	out := []OutboxEntry{}
	for _, it := range items {
		if it.State == store.OutboxDone {
			continue
		}
		e := OutboxEntry{
			ID: it.ID, Kind: string(it.Kind), Label: outboxLabel(it, teams), State: string(it.State),
			Attempts: it.Attempts, Message: serverMessage(it.LastError), CreatedAt: isoTime(it.CreatedAt),
		}
		if it.State == store.OutboxPending && it.Attempts > 0 && it.NextAttemptAt.After(time.Now()) {
			e.NextTryAt = isoTime(it.NextAttemptAt)
		}
		out = append(out, e)
	}
	return out, nil
}

// Retry puts an item the server refused back in the queue and starts a sync.
func (s *OutboxService) Retry(id int64) error {
	if err := s.app.store.RetryItem(s.app.context(), id); err != nil {
		return fmt.Errorf("retry: %w", err)
	}
	kickSync(s.app)
	return nil
}

// Discard drops a queued action that has not been sent (or was refused).
func (s *OutboxService) Discard(id int64) error {
	if err := s.app.store.DiscardItem(s.app.context(), id); err != nil {
		return fmt.Errorf("discard: %w", err)
	}
	s.app.syncSvc.Changed(s.app.context())
	return nil
}

// kickSync refreshes the status bar's outbox counts and starts a sync, which
// sends the queued actions first and then pulls the result. Offline, the
// sync loop keeps retrying on its own.
func kickSync(a *App) {
	ctx := a.context()
	a.syncSvc.Changed(ctx)
	if _, err := a.syncSvc.SyncNow(ctx, syncer.Options{}); err != nil {
		a.logger.Warn("start sync after a queued action", "err", err)
	}
}

// teamNames maps cached team ids to names.
func teamNames(a *App) map[string]string {
	out := map[string]string{}
	org, err := a.store.Organization(a.context())
	if err != nil {
		return out
	}
	for _, t := range org.Teams {
		out[t.ID] = t.Name
	}
	return out
}

func outboxLabel(it store.OutboxItem, teams map[string]string) string {
	switch it.Kind {
	case store.KindInvite:
		var p syncer.InvitePayload
		_ = json.Unmarshal(it.Payload, &p)
		if name := teams[p.TeamID]; name != "" {
			return fmt.Sprintf("Invite %s to %s", p.Email, name)
		}
		return "Invite " + p.Email
	case store.KindRevokeInvite:
		var p syncer.RevokePayload
		_ = json.Unmarshal(it.Payload, &p)
		return "Revoke the invite of " + p.Email
	}
	var p syncer.TeamPayload
	_ = json.Unmarshal(it.Payload, &p)
	team := teams[p.TeamID]
	if team == "" {
		team = "a team"
	} else {
		team = "“" + team + "”"
	}
	switch it.Kind {
	case store.KindCreateTeam:
		return fmt.Sprintf("Create team “%s”", p.Name)
	case store.KindRenameTeam:
		return fmt.Sprintf("Rename %s to “%s”", team, p.Name)
	case store.KindDeleteTeam:
		return "Delete team " + team
	case store.KindAssignTeam:
		n := len(p.Emails)
		if n == 1 {
			return fmt.Sprintf("Move %s to %s", p.Emails[0], team)
		}
		return fmt.Sprintf("Move %d people to %s", n, team)
	}
	return string(it.Kind)
}

// serverMessage keeps what the admin needs from a send error: the server's
// own words after "HTTP nnn CODE: ", without the method and URL.
func serverMessage(s string) string {
	if i := strings.Index(s, "HTTP "); i >= 0 {
		rest := s[i:]
		if j := strings.Index(rest, ": "); j >= 0 {
			return strings.TrimSpace(rest[j+2:])
		}
		return rest
	}
	return s
}
