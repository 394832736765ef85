package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/procs"
)

func TestOutboxLifecycle(t *testing.T) {
	now := day(0)
	s, err := Open(filepath.Join(t.TempDir(), "cache.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	id1, err := s.Enqueue(ctx, OutboxItem{Kind: KindInvite, Payload: json.RawMessage(`{"email":"a@x.test"}`), IdempotencyKey: "k1", Entity: "a@x.test"})
	if err != nil {
		t.Fatal(err)
	}
	dup, err := s.Enqueue(ctx, OutboxItem{Kind: KindInvite, Payload: json.RawMessage(`{"email":"other"}`), IdempotencyKey: "k1"})
	if err != nil || dup != id1 {
		t.Fatalf("duplicate key: id %d (%v), want %d", dup, err, id1)
	}
	id2, _ := s.Enqueue(ctx, OutboxItem{Kind: KindAssignTeam, Payload: json.RawMessage(`{}`), IdempotencyKey: "k2", Entity: "a@x.test"})
	id3, _ := s.Enqueue(ctx, OutboxItem{Kind: KindCreateTeam, IdempotencyKey: "k3"})
	all, _ := s.Outbox(ctx)
	if len(all) != 3 || string(all[0].Payload) != `{"email":"a@x.test"}` || string(all[2].Payload) != "{}" {
		t.Fatalf("outbox = %+v", all)
	}

	for _, bad := range []OutboxItem{
		{Kind: "reboot_server", IdempotencyKey: "x"},
		{Kind: KindInvite},
		{Kind: KindInvite, IdempotencyKey: "y", Payload: json.RawMessage(`{`)},
	} {
		if _, err := s.Enqueue(ctx, bad); err == nil {
			t.Errorf("Enqueue(%+v) accepted", bad)
		}
	}

	// Per-entity FIFO: id2 waits for id1.
	due, _ := s.NextDue(ctx, now, 10)
	if len(due) != 2 || due[0].ID != id1 || due[1].ID != id3 {
		t.Fatalf("due = %+v", due)
	}
	if err := s.MarkInFlight(ctx, id1); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkInFlight(ctx, id1); err == nil {
		t.Error("in-flight item went in flight twice")
	}
	if err := s.MarkFailed(ctx, id1, "HTTP 503", false, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.NextDue(ctx, now, 10); len(due) != 1 || due[0].ID != id3 {
		t.Fatalf("backed-off item due early: %+v", due)
	}
	due, _ = s.NextDue(ctx, now.Add(time.Minute), 10)
	if len(due) != 2 || due[0].ID != id1 || due[0].Attempts != 1 || due[0].LastError != "HTTP 503" {
		t.Fatalf("due after backoff = %+v", due)
	}
	s.MarkInFlight(ctx, id1)
	if err := s.MarkDone(ctx, id1); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.NextDue(ctx, now.Add(time.Hour), 10); len(due) != 2 || due[0].ID != id2 {
		t.Fatalf("entity successor not released: %+v", due)
	}

	// Permanent failure → needs_attention; retry puts it back.
	s.MarkInFlight(ctx, id3)
	if err := s.MarkFailed(ctx, id3, "409 ALREADY_EXISTS", true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	it, err := s.OutboxItemByID(ctx, id3)
	if err != nil || it.State != OutboxNeedsAttention || it.LastError != "409 ALREADY_EXISTS" || it.Attempts != 1 {
		t.Fatalf("item = %+v, %v", it, err)
	}
	if err := s.RetryItem(ctx, id3); err != nil {
		t.Fatal(err)
	}
	if it, _ := s.OutboxItemByID(ctx, id3); it.State != OutboxPending {
		t.Errorf("after retry: %s", it.State)
	}
	if err := s.DiscardItem(ctx, id3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OutboxItemByID(ctx, id3); !errorsIs(err, ErrNotFound) {
		t.Errorf("discarded item: %v", err)
	}
	if err := s.MarkDone(ctx, 9999); !errorsIs(err, ErrNotFound) {
		t.Errorf("MarkDone(unknown) = %v", err)
	}
}

func TestOutboxInFlightRecoveredAtOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, _ := s.Enqueue(ctx, OutboxItem{Kind: KindRevokeInvite, Payload: json.RawMessage(`{"email":"b@x.test"}`), IdempotencyKey: "rk"})
	if err := s.MarkInFlight(ctx, id); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// While the sending process runs (here: this one), a second opener of
	// the cache leaves its claim alone: taking it would send it twice.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if it, _ := s.OutboxItemByID(ctx, id); it.State != OutboxInFlight {
		t.Fatalf("a live sender's claim was taken: %+v", it)
	}
	// As if the sender died mid-send: its claim names a pid that has ended.
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	p.Wait()
	if _, err := s.w.Exec("UPDATE outbox SET claimed_by = ? WHERE id = ?", procs.HostTag()+":"+strconv.Itoa(p.Pid), id); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	it, err := s.OutboxItemByID(ctx, id)
	if err != nil || it.State != OutboxPending || it.Attempts != 1 || it.IdempotencyKey != "rk" {
		t.Fatalf("after reopen: %+v, %v", it, err)
	}
}
