package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// recorder is the test Emitter: it keeps every event in order.
type recorder struct {
	mu       sync.Mutex
	progress []Progress
	reports  []Report
	done     chan Report
}

func newRecorder() *recorder { return &recorder{done: make(chan Report, 8)} }

func (r *recorder) JobProgress(p Progress) {
	r.mu.Lock()
	r.progress = append(r.progress, p)
	r.mu.Unlock()
}

func (r *recorder) JobDone(rep Report) {
	r.mu.Lock()
	r.reports = append(r.reports, rep)
	r.mu.Unlock()
	r.done <- rep
}

func (r *recorder) events() []Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Progress(nil), r.progress...)
}

func waitDone(t *testing.T, r *recorder) Report {
	t.Helper()
	select {
	case rep := <-r.done:
		return rep
	case <-time.After(5 * time.Second):
		t.Fatal("job did not finish")
		return Report{}
	}
}

func TestJobReportsProgressAndFailures(t *testing.T) {
	rec := newRecorder()
	m := NewManager(rec)
	id := m.Start(context.Background(), "demo", func(ctx context.Context, tr *Tracker) error {
		tr.Phase("work", 5)
		for i := 0; i < 5; i++ {
			if i == 2 {
				tr.Fail(fmt.Sprintf("item%d@example.com", i), "download: HTTP 500")
				continue
			}
			tr.Add(1, 100)
		}
		tr.SetResult("/tmp/out.zip")
		return nil
	})
	rep := waitDone(t, rec)
	if rep.JobID != id || rep.Kind != "demo" {
		t.Fatalf("report for %q/%q, want %q/demo", rep.JobID, rep.Kind, id)
	}
	if rep.State != StateSucceeded || rep.Done != 5 || rep.Total != 5 || rep.Failed != 1 || rep.Bytes != 400 {
		t.Fatalf("report = %+v", rep.Progress)
	}
	if len(rep.Failures) != 1 || rep.Failures[0].Item != "item2@example.com" || rep.Failures[0].Reason != "download: HTTP 500" {
		t.Fatalf("failures = %+v", rep.Failures)
	}
	if rep.Result != "/tmp/out.zip" {
		t.Errorf("result = %q", rep.Result)
	}
	snap, err := m.Get(id)
	if err != nil || snap.Report == nil || snap.Report.State != StateSucceeded {
		t.Fatalf("Get after finish = %+v, %v", snap, err)
	}
	evs := rec.events()
	if len(evs) == 0 {
		t.Fatal("no progress events")
	}
	assertSeqIncreasing(t, evs)
	if last := evs[len(evs)-1]; rep.Seq <= last.Seq {
		t.Errorf("report seq %d not after last progress seq %d", rep.Seq, last.Seq)
	}
}

func assertSeqIncreasing(t *testing.T, evs []Progress) {
	t.Helper()
	for i := 1; i < len(evs); i++ {
		if evs[i].Seq != evs[i-1].Seq+1 {
			t.Fatalf("seq not strictly increasing by one at %d: %d then %d", i, evs[i-1].Seq, evs[i].Seq)
		}
	}
}

func TestProgressIsThrottled(t *testing.T) {
	rec := newRecorder()
	m := NewManager(rec)
	const updates = 200000
	start := time.Now()
	m.Start(context.Background(), "flood", func(ctx context.Context, tr *Tracker) error {
		tr.Phase("one", updates)
		for i := 0; i < updates; i++ {
			tr.Add(1, 1)
			if i%20000 == 0 {
				time.Sleep(20 * time.Millisecond) // make the run last a few intervals
			}
		}
		tr.Phase("two", 0)
		return nil
	})
	rep := waitDone(t, rec)
	elapsed := time.Since(start)
	evs := rec.events()
	// Allowed: one per interval, plus the start, two phase changes and a trailing emit.
	limit := int(elapsed/DefaultInterval) + 5
	if len(evs) > limit {
		t.Fatalf("%d progress events in %v, want at most %d", len(evs), elapsed, limit)
	}
	assertSeqIncreasing(t, evs)
	if rep.Bytes != updates {
		t.Errorf("bytes = %d, want %d", rep.Bytes, updates)
	}
	phases := map[string]bool{}
	for _, e := range evs {
		phases[e.Phase] = true
	}
	if !phases["one"] || !phases["two"] {
		t.Errorf("phase changes not all emitted: %v", phases)
	}
}

func TestTrailingEmitCarriesLastNumbers(t *testing.T) {
	rec := newRecorder()
	m := NewManager(rec)
	release := make(chan struct{})
	id := m.Start(context.Background(), "slow", func(ctx context.Context, tr *Tracker) error {
		tr.Phase("p", 3)
		tr.Add(1, 0)
		tr.Add(1, 0) // within the interval: must still go out later
		<-release
		return nil
	})
	deadline := time.Now().Add(2 * time.Second)
	for {
		evs := rec.events()
		if len(evs) > 0 && evs[len(evs)-1].Done == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last update never went out; events: %+v", evs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	snap, err := m.Get(id)
	if err != nil || snap.Progress.Done != 2 || snap.Report != nil {
		t.Fatalf("Get while running = %+v, %v", snap, err)
	}
	close(release)
	waitDone(t, rec)
}

func TestCancel(t *testing.T) {
	rec := newRecorder()
	m := NewManager(rec)
	started := make(chan struct{})
	id := m.Start(context.Background(), "long", func(ctx context.Context, tr *Tracker) error {
		tr.Phase("waiting", 0)
		close(started)
		<-ctx.Done()
		return fmt.Errorf("long work: %w", ctx.Err())
	})
	<-started
	if err := m.Cancel(id); err != nil {
		t.Fatal(err)
	}
	rep := waitDone(t, rec)
	if rep.State != StateCancelled {
		t.Fatalf("state = %s, want cancelled", rep.State)
	}
	if err := m.Cancel(id); err != nil {
		t.Errorf("cancelling a finished job: %v", err)
	}
	if err := m.Cancel("job_nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("cancel unknown = %v, want ErrNotFound", err)
	}
	if _, err := m.Get("job_nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get unknown = %v, want ErrNotFound", err)
	}
}

func TestFailedJobAndPanic(t *testing.T) {
	rec := newRecorder()
	m := NewManager(rec)
	m.Start(context.Background(), "bad", func(ctx context.Context, tr *Tracker) error {
		return errors.New("sync members: disk full")
	})
	rep := waitDone(t, rec)
	if rep.State != StateFailed || rep.Error != "sync members: disk full" {
		t.Fatalf("report = %+v", rep)
	}
	id := m.Start(context.Background(), "panics", func(ctx context.Context, tr *Tracker) error {
		var counts map[string]int
		counts["x"] = 1 // nil map write: a bug in job code
		return nil
	})
	rep, err := m.Wait(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if rep.State != StateFailed || rep.Error == "" {
		t.Fatalf("panicking job report = %+v", rep)
	}
	<-rec.done
}

func TestShutdownCancelsRunningJobs(t *testing.T) {
	m := NewManager(nil)
	for i := 0; i < 3; i++ {
		m.Start(context.Background(), "loop", func(ctx context.Context, tr *Tracker) error {
			<-ctx.Done()
			return ctx.Err()
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := m.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}

// A phase that ends within one interval of its last update still tells its
// final numbers before the next phase starts: a log reads "members: 7",
// not "members: 0".
func TestPhaseChangeSendsTheEndingPhasesNumbers(t *testing.T) {
	rec := newRecorder()
	m := NewManager(rec)
	m.Start(context.Background(), "sync", func(ctx context.Context, tr *Tracker) error {
		tr.Phase("members", 0)
		for i := 0; i < 7; i++ {
			tr.Add(1, 0)
		}
		tr.Phase("shoots", 0)
		return nil
	})
	waitDone(t, rec)
	last := map[string]int{}
	for _, p := range rec.events() {
		last[p.Phase] = p.Done
	}
	if last["members"] != 7 {
		t.Fatalf("last members event said %d, want 7 (events %+v)", last["members"], rec.events())
	}
}
