package syncer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/store"
)

// InvitePayload is the outbox payload of an invite.
type InvitePayload struct {
	Email  string `json:"email"`
	TeamID string `json:"teamId,omitempty"`
}

// RevokePayload is the outbox payload of a revoke.
type RevokePayload struct {
	Email string `json:"email"`
}

// TeamPayload is the outbox payload of the team actions.
type TeamPayload struct {
	TeamID string   `json:"teamId,omitempty"`
	Name   string   `json:"name,omitempty"`
	Emails []string `json:"emails,omitempty"`
}

// Action is an outbox item with its payload decoded, so no caller ever
// parses payload JSON. Which fields are set depends on Kind: Email for
// invites and revokes (TeamID optional for an invite); TeamID, Name and
// Emails for the team actions.
type Action struct {
	store.OutboxItem
	Email  string
	TeamID string
	Name   string
	Emails []string
}

// DecodeAction decodes an item's payload. An error means the payload is
// damaged; the item can then only be discarded.
func DecodeAction(it store.OutboxItem) (Action, error) {
	a := Action{OutboxItem: it}
	var err error
	switch it.Kind {
	case store.KindInvite:
		var p InvitePayload
		err = json.Unmarshal(it.Payload, &p)
		a.Email, a.TeamID = p.Email, p.TeamID
	case store.KindRevokeInvite:
		var p RevokePayload
		err = json.Unmarshal(it.Payload, &p)
		a.Email = p.Email
	case store.KindCreateTeam, store.KindRenameTeam, store.KindDeleteTeam, store.KindAssignTeam:
		var p TeamPayload
		err = json.Unmarshal(it.Payload, &p)
		a.TeamID, a.Name, a.Emails = p.TeamID, p.Name, p.Emails
	default:
		err = fmt.Errorf("unknown action %q", it.Kind)
	}
	if err != nil {
		return a, fmt.Errorf("outbox item %d (%s): unreadable payload: %w", it.ID, it.Kind, err)
	}
	return a, nil
}

// Actions returns every outbox item, oldest first, decoded. Items whose
// payload is damaged are logged by the caller's choice: they come back in
// damaged, with the error, so a list can still offer to discard them.
func Actions(ctx context.Context, st *store.Store) (actions []Action, damaged []Action, err error) {
	items, err := st.Outbox(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read the outbox: %w", err)
	}
	for _, it := range items {
		a, derr := DecodeAction(it)
		if derr != nil {
			damaged = append(damaged, a)
			continue
		}
		actions = append(actions, a)
	}
	return actions, damaged, nil
}

// QueueInvite records an invite in the outbox; the next Replay sends it.
// Queueing the same email twice (a double click, a re-imported roster)
// cannot invite twice: items of one email run in order (Entity), and
// sendInvite asks the server first, so the second finds the first's invite
// and sends nothing.
func QueueInvite(ctx context.Context, st *store.Store, email, teamID string) (int64, error) {
	email = domain.NormalizeEmail(email)
	payload, err := json.Marshal(InvitePayload{Email: email, TeamID: teamID})
	if err != nil {
		return 0, fmt.Errorf("queue invite: %w", err)
	}
	return enqueue(ctx, st, store.KindInvite, payload, email)
}

// QueueRevoke records an invite revocation.
func QueueRevoke(ctx context.Context, st *store.Store, email string) (int64, error) {
	email = domain.NormalizeEmail(email)
	payload, _ := json.Marshal(RevokePayload{Email: email})
	return enqueue(ctx, st, store.KindRevokeInvite, payload, email)
}

// QueueResend records sending an invite again: a revoke of the one that
// was sent, then a new invite (with teamID), in one transaction. Both share
// the email's entity, so the invite waits until the revoke went through;
// a refused revoke holds the new invite back instead of inviting twice.
func QueueResend(ctx context.Context, st *store.Store, email, teamID string) (revokeID, inviteID int64, err error) {
	email = domain.NormalizeEmail(email)
	revoke, _ := json.Marshal(RevokePayload{Email: email})
	invite, err := json.Marshal(InvitePayload{Email: email, TeamID: teamID})
	if err != nil {
		return 0, 0, fmt.Errorf("queue resend: %w", err)
	}
	ids, err := st.EnqueueAll(ctx, []store.OutboxItem{
		{Kind: store.KindRevokeInvite, Payload: revoke, IdempotencyKey: newKey(), Entity: email},
		{Kind: store.KindInvite, Payload: invite, IdempotencyKey: newKey(), Entity: email},
	})
	if err != nil {
		return 0, 0, fmt.Errorf("queue resend: %w", err)
	}
	return ids[0], ids[1], nil
}

// QueueTeamAction records a team change (create, rename, delete, assign).
func QueueTeamAction(ctx context.Context, st *store.Store, kind store.OutboxKind, p TeamPayload) (int64, error) {
	switch kind {
	case store.KindCreateTeam, store.KindRenameTeam, store.KindDeleteTeam, store.KindAssignTeam:
	default:
		return 0, fmt.Errorf("queue team action: unknown kind %q", kind)
	}
	payload, _ := json.Marshal(p)
	entity := "team:" + p.TeamID
	if p.TeamID == "" {
		entity = "team-name:" + strings.ToLower(p.Name)
	}
	return enqueue(ctx, st, kind, payload, entity)
}

func enqueue(ctx context.Context, st *store.Store, kind store.OutboxKind, payload []byte, entity string) (int64, error) {
	id, err := st.Enqueue(ctx, store.OutboxItem{Kind: kind, Payload: payload, IdempotencyKey: newKey(), Entity: entity})
	if err != nil {
		return 0, fmt.Errorf("queue %s: %w", kind, err)
	}
	return id, nil
}

func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ReplayResult counts what one Replay round did.
type ReplayResult struct {
	Sent int
	// AlreadyDone lists items that needed no request because the server
	// already had the result (e.g. the invite existed); they count in Sent.
	AlreadyDone    []int64
	NeedsAttention int
	Retrying       int  // failed for now; will be tried again later
	Offline        bool // the round stopped because the API was unreachable
}

// Replay sends the outbox items that are due, oldest first. It stops at the
// first network failure (no point hammering a dead link); permanent API
// errors move the item to needs_attention with the server's message.
func (s *Syncer) Replay(ctx context.Context) (ReplayResult, error) {
	return s.replay(ctx, s.now)
}

// ReplayNow is Replay for a person who just asked to sync: every pending
// item is tried now, whatever its backoff says.
func (s *Syncer) ReplayNow(ctx context.Context) (ReplayResult, error) {
	return s.replay(ctx, func() time.Time { return s.now().AddDate(100, 0, 0) })
}

// SendQueued is ReplayNow under the name the use cases' Sender interface
// uses: the command line sends queued actions directly, the window through
// Service.SendQueued.
func (s *Syncer) SendQueued(ctx context.Context) (ReplayResult, error) { return s.ReplayNow(ctx) }

func (s *Syncer) replay(ctx context.Context, dueBy func() time.Time) (ReplayResult, error) {
	var res ReplayResult
	checked := false
	for {
		items, err := s.store.NextDue(ctx, dueBy(), 20)
		if err != nil {
			return res, fmt.Errorf("replay outbox: %w", err)
		}
		if len(items) == 0 {
			return res, nil
		}
		if !checked {
			// Queued actions belong to the organization of the offline
			// copy: never send them with another organization's key.
			org, err := s.client.Organization(ctx)
			if err == nil {
				err = s.sameOrganization(ctx, org)
			}
			if err != nil {
				res.Offline = headshotpro.IsOffline(err)
				if res.Offline {
					return res, nil
				}
				return res, fmt.Errorf("replay outbox: %w", err)
			}
			checked = true
		}
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if err := s.store.MarkInFlight(ctx, it.ID); err != nil {
				if errors.Is(err, store.ErrWrongState) {
					continue // another process (the window, a script) claimed it first
				}
				return res, fmt.Errorf("replay outbox: %w", err)
			}
			already, sendErr := s.send(ctx, it)
			switch {
			case sendErr == nil:
				if err := s.store.MarkDone(ctx, it.ID); err != nil {
					return res, fmt.Errorf("replay outbox: %w", err)
				}
				res.Sent++
				if already {
					res.AlreadyDone = append(res.AlreadyDone, it.ID)
				}
			case errors.Is(sendErr, headshotpro.ErrUnauthorized):
				// A refused key says nothing about this item: it goes back in
				// the queue as it was, and the round stops (every other item
				// would be refused too). Once a working key is set it is sent.
				if err := s.store.MarkFailed(ctx, it.ID, sendErr.Error(), false, time.Time{}); err != nil {
					return res, fmt.Errorf("replay outbox: %w", err)
				}
				return res, fmt.Errorf("replay outbox: %w", sendErr)
			case isPermanent(sendErr):
				if err := s.store.MarkFailed(ctx, it.ID, sendErr.Error(), true, time.Time{}); err != nil {
					return res, fmt.Errorf("replay outbox: %w", err)
				}
				res.NeedsAttention++
			default:
				next := s.now().Add(backoff(it.Attempts + 1))
				if err := s.store.MarkFailed(ctx, it.ID, sendErr.Error(), false, next); err != nil {
					return res, fmt.Errorf("replay outbox: %w", err)
				}
				res.Retrying++
				if headshotpro.IsOffline(sendErr) || errors.Is(sendErr, context.Canceled) {
					res.Offline = headshotpro.IsOffline(sendErr)
					return res, nil
				}
			}
		}
	}
}

// backoff grows 5 s, 10 s, 20 s… up to an hour, with ±20 % jitter so many
// queued items do not retry in lockstep.
func backoff(attempt int) time.Duration {
	d := 5 * time.Second * time.Duration(math.Pow(2, float64(min(attempt-1, 10))))
	d = min(d, time.Hour)
	return time.Duration(float64(d) * (0.8 + 0.4*mrand.Float64()))
}

// send performs one outbox item against the API. already reports that the
// server had the result before this attempt, so nothing was sent.
func (s *Syncer) send(ctx context.Context, it store.OutboxItem) (already bool, err error) {
	a, err := DecodeAction(it)
	if err != nil {
		return false, permanent(err)
	}
	switch it.Kind {
	case store.KindInvite:
		return s.sendInvite(ctx, InvitePayload{Email: a.Email, TeamID: a.TeamID})
	case store.KindRevokeInvite:
		err := s.client.RevokeInvite(ctx, a.Email)
		if errors.Is(err, headshotpro.ErrAlreadyDeleted) {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("revoke invite %s: %w", a.Email, err)
		}
	case store.KindCreateTeam:
		// A team with this name may exist from an earlier attempt whose
		// answer was lost: then there is nothing left to do.
		teams, err := s.client.Teams(ctx)
		if err != nil {
			return false, fmt.Errorf("create team %q: %w", a.Name, err)
		}
		if _, ok := headshotpro.FindTeam(teams, a.Name); ok {
			return true, nil
		}
		if _, _, err := s.client.CreateTeam(ctx, a.Name); err != nil {
			return false, fmt.Errorf("create team %q: %w", a.Name, err)
		}
	case store.KindRenameTeam:
		if _, err := s.client.RenameTeam(ctx, a.TeamID, a.Name); err != nil {
			return false, fmt.Errorf("rename team to %q: %w", a.Name, err)
		}
	case store.KindDeleteTeam:
		_, err := s.client.DeleteTeam(ctx, a.TeamID)
		if errors.Is(err, headshotpro.ErrNotFound) {
			return true, nil // gone already, maybe by an earlier attempt
		}
		if err != nil {
			return false, fmt.Errorf("delete team: %w", err)
		}
	case store.KindAssignTeam:
		if err := s.client.AddMembersToTeam(ctx, a.TeamID, a.Emails); err != nil {
			return false, fmt.Errorf("assign %d members to team: %w", len(a.Emails), err)
		}
	}
	return false, nil
}

// sendInvite sends an invite exactly once: if the server already has an
// invite for the email (from an earlier attempt whose answer was lost, or
// sent from the web dashboard), there is nothing to send.
func (s *Syncer) sendInvite(ctx context.Context, p InvitePayload) (already bool, err error) {
	existing, err := s.client.Invite(ctx, p.Email)
	switch {
	case err == nil && existing.Status != domain.InviteRevoked:
		return true, nil
	case err != nil && !errors.Is(err, headshotpro.ErrNotFound):
		return false, fmt.Errorf("invite %s: check for an earlier invite: %w", p.Email, err)
	}
	if _, err := s.client.CreateInvite(ctx, headshotpro.InviteRequest{Email: p.Email, TeamID: p.TeamID}); err != nil {
		if errors.Is(err, headshotpro.ErrAlreadyExists) && existing.Status != domain.InviteRevoked {
			return true, nil
		}
		return false, fmt.Errorf("invite %s: %w", p.Email, err)
	}
	return false, nil
}

// permanentError marks a local problem no retry can fix.
type permanentError struct{ error }

func permanent(err error) error { return permanentError{err} }

func (e permanentError) Unwrap() error { return e.error }

// isPermanent: a local permanent problem, or an API answer no retry can change.
func isPermanent(err error) bool {
	var pe permanentError
	return errors.As(err, &pe) || headshotpro.IsPermanent(err)
}
