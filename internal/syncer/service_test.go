package syncer

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

type statusLog struct {
	mu  sync.Mutex
	all []Status
}

func (l *statusLog) add(s Status) {
	l.mu.Lock()
	l.all = append(l.all, s)
	l.mu.Unlock()
}

func (l *statusLog) waitFor(t *testing.T, what string, ok func(Status) bool) Status {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		for _, s := range l.all {
			if ok(s) {
				l.mu.Unlock()
				return s
			}
		}
		l.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("status never became %s; saw %+v", what, l.all)
	return Status{}
}

func TestServiceSyncsAtStartAndOnDemand(t *testing.T) {
	f := newFixture(t, 60)
	var log statusLog
	noPhotos := New(f.Client, f.Store, nil, nil) // photos are TestPrefetch's business
	svc := NewService(noPhotos, jobs.NewManager(nil), log.add)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go svc.Run(ctx)
	log.waitFor(t, "syncing", func(s Status) bool { return s.State == StateSyncing && s.JobID != "" })
	st := log.waitFor(t, "idle after the first sync", func(s Status) bool { return s.State == StateIdle && !s.LastSync.IsZero() })
	if !st.Online || st.LastError != "" {
		t.Fatalf("status after sync %+v", st)
	}
	first := st.LastSync
	if _, err := QueueInvite(ctx, f.Store, "svc.test@example.com", ""); err != nil {
		t.Fatal(err)
	}
	svc.Changed(ctx)
	log.waitFor(t, "one pending", func(s Status) bool { return s.Pending == 1 })
	id, err := svc.SyncNow(ctx, Options{})
	if err != nil || id == "" {
		t.Fatalf("SyncNow: %q %v", id, err)
	}
	log.waitFor(t, "synced again with the queue sent", func(s Status) bool {
		return s.State == StateIdle && s.LastSync.After(first) && s.Pending == 0
	})
}

func TestServiceReportsOfflineAndRecovers(t *testing.T) {
	f := newFixture(t, 40)
	offline := New(sandboxtest.FastClient(t, sandboxtest.DeadURL(t), "k", moreRetries), f.Store, nil, nil)
	var log statusLog
	svc := NewService(offline, jobs.NewManager(nil), log.add)
	svc.OfflineRetry = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go svc.Run(ctx)
	st := log.waitFor(t, "offline", func(s Status) bool { return s.State == StateOffline })
	if st.Online || st.LastError == "" {
		t.Fatalf("offline status %+v", st)
	}
	// The loop keeps trying while offline: more than one attempt shows up.
	deadline := time.Now().Add(5 * time.Second)
	for {
		log.mu.Lock()
		attempts := 0
		for _, s := range log.all {
			if s.State == StateSyncing {
				attempts++
			}
		}
		log.mu.Unlock()
		if attempts >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no retry while offline")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// HeadshotPro answering with a server error is not "online and fine": the
// status is an error that carries the cause (for the adapters to put into
// words), and the loop tries again soon, as when offline, instead of
// waiting the full interval; once the server is back the error clears.
func TestServiceServerErrorIsReportedAndRetriedSoon(t *testing.T) {
	f := newFixture(t, 40)
	if err := f.Srv.SetFaults(sandbox.Faults{ErrorRate: 1, ErrorStatus: 503}); err != nil {
		t.Fatal(err)
	}
	var log statusLog
	svc := NewService(New(f.Client, f.Store, nil, nil), jobs.NewManager(nil), log.add)
	svc.Interval = time.Hour
	svc.OfflineRetry = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go svc.Run(ctx)
	st := log.waitFor(t, "error", func(s Status) bool { return s.State == StateError })
	if !errors.Is(st.Err, headshotpro.ErrServer) || st.LastError == "" {
		t.Fatalf("server error status %+v", st)
	}
	f.Srv.ResetFaults()
	st = log.waitFor(t, "idle again without waiting an hour", func(s Status) bool { return s.State == StateIdle && !s.LastSync.IsZero() })
	if st.Err != nil || st.LastError != "" || !st.Online {
		t.Fatalf("recovered status %+v", st)
	}
}
