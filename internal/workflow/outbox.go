package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// QueuedAction is an unfinished outbox item as a person reads it.
type QueuedAction struct {
	ID    int64
	Kind  store.OutboxKind
	Label string // "Invite ana@example.com to Sales", "Rename “A” to “B”"…
	// State is pending (waiting, e.g. offline), in_flight or
	// needs_attention (refused; Problem says why).
	State     store.OutboxState
	Attempts  int
	Problem   string
	CreatedAt time.Time
	// NextTry is when a pending item that failed is tried again (zero: the
	// next sync).
	NextTry time.Time
}

// Outbox lists the unfinished queued actions, oldest first. An item whose
// payload is damaged is listed as needing attention, so it can be
// discarded.
func (d *Desk) Outbox(ctx context.Context) ([]QueuedAction, error) {
	actions, damaged, err := syncer.Actions(ctx, d.Store)
	if err != nil {
		return nil, Explain(err, "Reading the queued actions failed")
	}
	teams := d.teamNames(ctx)
	now := d.now()
	out := []QueuedAction{}
	for _, a := range actions {
		if a.State == store.OutboxDone {
			continue
		}
		q := QueuedAction{ID: a.ID, Kind: a.Kind, Label: actionLabel(a, teams), State: a.State,
			Attempts: a.Attempts, Problem: ServerWords(a.LastError), CreatedAt: a.CreatedAt}
		if a.State == store.OutboxPending && a.Attempts > 0 && a.NextAttemptAt.After(now) {
			q.NextTry = a.NextAttemptAt
		}
		out = append(out, q)
	}
	for _, a := range damaged {
		if a.State == store.OutboxDone {
			continue
		}
		out = append(out, QueuedAction{ID: a.ID, Kind: a.Kind, Label: string(a.Kind), State: store.OutboxNeedsAttention,
			Attempts: a.Attempts, Problem: "This queued action is damaged and cannot be sent; discard it.", CreatedAt: a.CreatedAt})
	}
	return out, nil
}

// RetryAction puts an item the server refused back in the queue. Send it
// with the Sender (or the next sync).
func (d *Desk) RetryAction(ctx context.Context, id int64) error {
	if err := d.Store.RetryItem(ctx, id); err != nil {
		return outboxError(err, id, "retried")
	}
	return nil
}

// DiscardAction drops a queued action that was not sent (or was refused).
func (d *Desk) DiscardAction(ctx context.Context, id int64) error {
	if err := d.Store.DiscardItem(ctx, id); err != nil {
		return outboxError(err, id, "discarded")
	}
	return nil
}

func outboxError(err error, id int64, verb string) error {
	if errors.Is(err, store.ErrNotFound) {
		return notFound("There is no queued action %d (it may have been sent or discarded already).", id)
	}
	if errors.Is(err, store.ErrWrongState) {
		return newError(KindInvalidInput, err, "Queued action %d cannot be %s now: it is being sent or was sent already.", id, verb)
	}
	return Explain(err, fmt.Sprintf("Queued action %d could not be %s", id, verb))
}

func actionLabel(a syncer.Action, teams map[string]string) string {
	team := teams[a.TeamID]
	quoted := "a team"
	if team != "" {
		quoted = "“" + team + "”"
	}
	switch a.Kind {
	case store.KindInvite:
		if team != "" {
			return fmt.Sprintf("Invite %s to %s", a.Email, team)
		}
		return "Invite " + a.Email
	case store.KindRevokeInvite:
		return "Revoke the invite of " + a.Email
	case store.KindCreateTeam:
		return fmt.Sprintf("Create team “%s”", a.Name)
	case store.KindRenameTeam:
		return fmt.Sprintf("Rename %s to “%s”", quoted, a.Name)
	case store.KindDeleteTeam:
		return "Delete team " + quoted
	case store.KindAssignTeam:
		if len(a.Emails) == 1 {
			return fmt.Sprintf("Move %s to %s", a.Emails[0], quoted)
		}
		return fmt.Sprintf("Move %d people to %s", len(a.Emails), quoted)
	}
	return string(a.Kind)
}

// ServerWords keeps what a person needs from a send error recorded in the
// outbox: the server's own words after "HTTP nnn CODE: ", without the
// method and URL.
func ServerWords(s string) string {
	if i := strings.Index(s, "HTTP "); i >= 0 {
		rest := s[i:]
		if j := strings.Index(rest, ": "); j >= 0 {
			return strings.TrimSpace(rest[j+2:])
		}
		return rest
	}
	return s
}
