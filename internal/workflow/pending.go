package workflow

import (
	"context"
	"time"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Pending invite states.
const (
	PendingSent           = "pending"         // sent, not accepted yet
	PendingQueued         = "queued"          // in the outbox, not sent yet
	PendingAwaitingSync   = "sent"            // sent; the next sync will list it
	PendingNeedsAttention = "needs_attention" // refused; Problem says why
)

// PendingInvite is an invite not accepted yet, or one still in the outbox.
type PendingInvite struct {
	Email        string
	Name         string
	TeamName     string
	InvitedAt    time.Time
	State        string // one of the Pending… states
	Problem      string
	OutboxID     int64 // for queued and refused invites
	RevokeQueued bool  // a revoke is queued for it
}

// PendingInvites lists queued invites first (newest first), then up to
// limit pending ones from the offline copy, newest first. total counts
// them all.
func (d *Desk) PendingInvites(ctx context.Context, limit int) (items []PendingInvite, total int, err error) {
	actions, _, err := syncer.Actions(ctx, d.Store)
	if err != nil {
		return nil, 0, Explain(err, "Reading the queued actions failed")
	}
	last, _ := d.Store.LastSync(ctx)
	teams := d.teamNames(ctx)
	revoking := map[string]bool{}
	for _, a := range actions {
		if a.Kind == store.KindRevokeInvite && a.State != store.OutboxDone {
			revoking[a.Email] = true
		}
	}
	listed := map[string]bool{}
	items = []PendingInvite{}
	for i := len(actions) - 1; i >= 0; i-- {
		a := actions[i]
		if a.Kind != store.KindInvite || listed[a.Email] {
			continue
		}
		pi := PendingInvite{Email: a.Email, TeamName: teams[a.TeamID], InvitedAt: a.CreatedAt, OutboxID: a.ID, RevokeQueued: revoking[a.Email]}
		switch a.State {
		case store.OutboxPending, store.OutboxInFlight:
			pi.State = PendingQueued
		case store.OutboxNeedsAttention:
			pi.State, pi.Problem = PendingNeedsAttention, ServerWords(a.LastError)
		case store.OutboxDone:
			// Sent after the last sync: shown until a sync brings it in.
			if !a.UpdatedAt.After(last) {
				continue
			}
			if _, err := d.Store.Person(ctx, a.Email); err == nil {
				continue
			}
			pi.State = PendingAwaitingSync
		}
		listed[a.Email] = true
		items = append(items, pi)
	}
	total = len(items)
	page, err := d.Store.People(ctx, store.PeopleQuery{Lifecycle: domain.LifecycleInvited, Sort: store.SortLatest, Limit: limit})
	if err != nil {
		return nil, 0, Explain(err, "Listing the pending invites failed")
	}
	total += page.Total
	for _, p := range page.Items {
		if listed[p.Email] {
			total--
			continue
		}
		items = append(items, PendingInvite{Email: p.Email, Name: p.Name, TeamName: p.TeamName, InvitedAt: p.InvitedAt, State: PendingSent, RevokeQueued: revoking[p.Email]})
	}
	return items, total, nil
}

// RevokeInvite withdraws an invite. One still waiting in the outbox (never
// attempted) or refused by the server never reached HeadshotPro, so
// dropping it is the whole revoke; otherwise a revoke is queued. It
// reports whether something was queued to send.
func (d *Desk) RevokeInvite(ctx context.Context, email string) (queued bool, err error) {
	email = domain.NormalizeEmail(email)
	if csvio.ValidateEmail(email) != nil {
		return false, invalid("Pick an invite to revoke.")
	}
	actions, _, err := syncer.Actions(ctx, d.Store)
	if err != nil {
		return false, Explain(err, "Reading the queued actions failed")
	}
	for _, a := range actions {
		if a.Kind != store.KindInvite || a.Email != email {
			continue
		}
		// After a failed attempt the outcome is unknown, so a revoke is queued.
		untouched := a.State == store.OutboxPending && a.Attempts == 0
		if untouched || a.State == store.OutboxNeedsAttention {
			if d.Store.DiscardItem(ctx, a.ID) == nil {
				return false, nil
			}
		}
	}
	if _, err := syncer.QueueRevoke(ctx, d.Store, email); err != nil {
		return false, Explain(err, "Queueing the revoke failed")
	}
	return true, nil
}
