package syncer

import (
	"context"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
)

// An action queued while a sync runs (after it sent the outbox) goes out
// with one more sync right after it, not at the next interval.
func TestSyncNowDuringASyncSyncsAgain(t *testing.T) {
	f := newFixture(t, 40)
	var log statusLog
	svc := NewService(New(f.Client, f.Store, nil, nil), jobs.NewManager(nil), log.add)
	svc.Interval = time.Hour
	ctx := context.Background()
	// Slow answers: the first sync is still pulling when the invite is queued.
	if err := f.Srv.SetFaults(sandbox.Faults{Latency: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	first, err := svc.SyncNow(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	log.waitFor(t, "pulling", func(s Status) bool { return s.State == StateSyncing })
	time.Sleep(300 * time.Millisecond) // past the (empty) outbox, into the pull
	if _, err := QueueInvite(ctx, f.Store, "late.one@example.com", ""); err != nil {
		t.Fatal(err)
	}
	if id, _ := svc.SyncNow(ctx, Options{}); id != first {
		t.Fatalf("SyncNow during a sync started another job %s beside %s", id, first)
	}
	if err := f.Srv.SetFaults(sandbox.Faults{}); err != nil {
		t.Fatal(err)
	}
	log.waitFor(t, "the invite sent by the follow-up sync", func(s Status) bool {
		return s.State == StateIdle && s.Pending == 0 && s.JobID == "" && !s.LastSync.IsZero()
	})
	items, _ := f.Store.Outbox(ctx)
	if len(items) != 1 || items[0].State != store.OutboxDone {
		t.Fatalf("outbox %+v", items)
	}
}
