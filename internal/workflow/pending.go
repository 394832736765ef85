package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/jobs"
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
	// Resending: it is being sent again (a queued revoke of the old invite
	// with a new invite behind it; see ResendInvites).
	Resending bool
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
	resending := map[string]bool{}
	for _, a := range actions { // oldest first
		switch {
		case a.State == store.OutboxDone:
		case a.Kind == store.KindRevokeInvite:
			revoking[a.Email] = true
		case a.Kind == store.KindInvite && revoking[a.Email]:
			resending[a.Email] = true
		}
	}
	listed := map[string]bool{}
	items = []PendingInvite{}
	for i := len(actions) - 1; i >= 0; i-- {
		a := actions[i]
		if a.Kind != store.KindInvite || listed[a.Email] {
			continue
		}
		pi := PendingInvite{Email: a.Email, TeamName: teams[a.TeamID], InvitedAt: a.CreatedAt, OutboxID: a.ID,
			RevokeQueued: revoking[a.Email], Resending: resending[a.Email]}
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

// ResendResult is what ResendInvites queued and what it left alone.
type ResendResult struct {
	Queued []string // emails whose invite goes out again
	// Skipped lists the emails it did not touch, with why (not a pending
	// invite, not sent yet, refused…).
	Skipped []jobs.Failure
	Summary string // "2 invites will be sent again; 1 skipped"
}

// MaxResend bounds one re-send; the window sends a selection.
const MaxResend = 1000

// ResendInvites sends pending invites again, for people who never got (or
// lost) the welcome email. HeadshotPro's API has no "resend", so each is a
// revoke of the invite that was sent and a new invite to the same team,
// queued together in the outbox (nothing is lost offline; the new invite
// waits until the revoke went through). The old invite link stops working.
// Only invites that were sent and not accepted qualify: one still queued
// goes out anyway, one HeadshotPro refused is retried from the queue.
func (d *Desk) ResendInvites(ctx context.Context, emails []string) (ResendResult, error) {
	res := ResendResult{Queued: []string{}, Skipped: []jobs.Failure{}}
	if len(emails) == 0 {
		return res, invalid("Select the invites to send again first.")
	}
	if len(emails) > MaxResend {
		return res, invalid("Send at most %d invites again at a time.", MaxResend)
	}
	actions, _, err := syncer.Actions(ctx, d.Store)
	if err != nil {
		return res, Explain(err, "Reading the queued actions failed")
	}
	// The last unfinished action per email decides whether it is free.
	busy := map[string]string{}
	for _, a := range actions {
		if a.State == store.OutboxDone || (a.Kind != store.KindInvite && a.Kind != store.KindRevokeInvite) {
			continue
		}
		const revoking = "a revoke of this invite is queued"
		switch {
		case a.Kind == store.KindRevokeInvite:
			busy[a.Email] = revoking
		case a.State == store.OutboxNeedsAttention:
			busy[a.Email] = "HeadshotPro refused this invite: retry or discard it under “Waiting to reach HeadshotPro”"
		case busy[a.Email] == revoking:
			busy[a.Email] = "it is being sent again already"
		case busy[a.Email] == "":
			busy[a.Email] = "this invite has not been sent yet; it goes out with the next sync"
		}
	}
	seen := map[string]bool{}
	for _, raw := range emails {
		email := domain.NormalizeEmail(raw)
		if seen[email] {
			continue
		}
		seen[email] = true
		skip := func(reason string) { res.Skipped = append(res.Skipped, jobs.Failure{Item: email, Reason: reason}) }
		if csvio.ValidateEmail(email) != nil {
			skip("not a valid email address")
			continue
		}
		if why := busy[email]; why != "" {
			skip(why)
			continue
		}
		p, err := d.Store.Person(ctx, email)
		if err != nil || p.Email != email {
			skip("not in the offline copy (sync, then try again)")
			continue
		}
		if p.Lifecycle != domain.LifecycleInvited {
			skip(notPendingReason(p))
			continue
		}
		if _, _, err := syncer.QueueResend(ctx, d.Store, email, p.TeamID); err != nil {
			return res, Explain(err, "Queueing the invites failed")
		}
		res.Queued = append(res.Queued, email)
	}
	res.Summary = resendSummary(len(res.Queued), len(res.Skipped))
	return res, nil
}

func notPendingReason(p store.Person) string {
	switch p.Lifecycle {
	case domain.LifecycleRevoked:
		return "the invite was revoked; invite them again instead"
	case "":
		return "not a pending invite"
	}
	return "already joined (" + strings.ToLower(string(p.Lifecycle)) + "), so there is no invite to send again"
}

func resendSummary(queued, skipped int) string {
	var s string
	switch queued {
	case 0:
		s = "No invite was sent again"
	case 1:
		s = "1 invite will be sent again"
	default:
		s = fmt.Sprintf("%d invites will be sent again", queued)
	}
	if skipped > 0 {
		s += fmt.Sprintf("; %d skipped", skipped)
	}
	return s
}
