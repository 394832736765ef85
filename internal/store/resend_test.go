package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// EnqueueAll stores all of its items in order, or none of them.
func TestEnqueueAllIsAllOrNothing(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	ids, err := s.EnqueueAll(ctx, []OutboxItem{
		{Kind: KindRevokeInvite, Payload: json.RawMessage(`{"email":"a@x.test"}`), IdempotencyKey: "r1", Entity: "a@x.test"},
		{Kind: KindInvite, Payload: json.RawMessage(`{"email":"a@x.test"}`), IdempotencyKey: "i1", Entity: "a@x.test"},
	})
	if err != nil || len(ids) != 2 || ids[0] >= ids[1] {
		t.Fatalf("ids %v, %v", ids, err)
	}
	if _, err := s.EnqueueAll(ctx, []OutboxItem{
		{Kind: KindRevokeInvite, Payload: json.RawMessage(`{"email":"b@x.test"}`), IdempotencyKey: "r2", Entity: "b@x.test"},
		{Kind: KindInvite, Payload: json.RawMessage(`{`), IdempotencyKey: "i2", Entity: "b@x.test"},
	}); err == nil {
		t.Fatal("a damaged second item was accepted")
	}
	all, _ := s.Outbox(ctx)
	if len(all) != 2 {
		t.Fatalf("the revoke of a failed pair was kept: %+v", all)
	}
	// The invite waits for the revoke of the same email.
	due, _ := s.NextDue(ctx, time.Now().Add(time.Hour), 10)
	if len(due) != 1 || due[0].ID != ids[0] {
		t.Fatalf("due %+v", due)
	}
}

// An address invited again after a revoke has two invites on the server:
// the live one decides, whatever order the pages list them in.
func TestLiveInviteWinsOverRevoked(t *testing.T) {
	for _, order := range []string{"newest first", "oldest first"} {
		s := openTemp(t)
		b := newSnap()
		old := domain.Invite{Email: "ana@x.test", Status: domain.InviteRevoked, TeamID: "team_a", TeamName: "Alpha", CreatedAt: day(-10)}
		live := domain.Invite{Email: "Ana@x.test", Status: domain.InvitePending, TeamID: "team_a", TeamName: "Alpha", CreatedAt: day(-1)}
		if order == "newest first" {
			b.Invites = append(b.Invites, live, old)
		} else {
			b.Invites = append(b.Invites, old, live)
		}
		mustApply(t, s, b.Snapshot)
		p := mustPerson(t, s, "ana@x.test")
		if p.Lifecycle != domain.LifecycleInvited || !p.InvitedAt.Equal(day(-1)) {
			t.Fatalf("%s: %+v", order, p)
		}
	}
}
