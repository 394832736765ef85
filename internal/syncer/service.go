package syncer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
)

// State is what the sync loop is doing, for the status bar.
type State string

// Sync loop states.
const (
	StateIdle    State = "idle"
	StateSyncing State = "syncing"
	StateOffline State = "offline" // the API could not be reached; the cache is served
	StateError   State = "error"   // the API answered with an error (bad key, server down…)
)

// Status is a snapshot of the sync loop.
type Status struct {
	State     State
	Online    bool // the last contact with the API worked
	LastSync  time.Time
	LastError string // the technical text of Err, for logs and tests
	// Err is why the last sync failed (nil after a good one): the adapters
	// put it into words for a person.
	Err error
	// NeedsConfirmation is set when the last sync stopped at the
	// mass-deletion guard; SyncNow(Options{AllowMassDeletion: true}) applies it.
	NeedsConfirmation bool
	Pending           int // outbox items waiting to be sent
	NeedsAttention    int // outbox items the server refused
	JobID             string
}

// Service runs syncs in the background: one at start, then every Interval,
// and sooner when asked (SyncNow) or while offline (every OfflineRetry, to
// notice the connection coming back). Only one sync runs at a time.
type Service struct {
	syncer   *Syncer
	jobs     *jobs.Manager
	onStatus func(Status)

	// Interval between background syncs while online (default 10 min).
	Interval time.Duration
	// OfflineRetry is how often to try again while offline (default 30 s).
	OfflineRetry time.Duration

	mu          sync.Mutex
	status      Status
	prefetching bool
	// again: SyncNow was asked while a sync ran, maybe after it had sent
	// the outbox; one more sync follows it, so a just-queued action goes
	// out now rather than at the next interval.
	again bool
	// sendMu makes the loop and SendQueued take turns sending the outbox.
	sendMu sync.Mutex
}

// NewService returns a Service; onStatus (may be nil) hears every change.
func NewService(s *Syncer, m *jobs.Manager, onStatus func(Status)) *Service {
	if onStatus == nil {
		onStatus = func(Status) {}
	}
	return &Service{syncer: s, jobs: m, onStatus: onStatus, Interval: 10 * time.Minute, OfflineRetry: 30 * time.Second,
		status: Status{State: StateIdle, Online: true}}
}

// Status returns the current status.
func (v *Service) Status() Status {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.status
}

// SyncNow asks for a sync now and returns the id of the job that will run
// it (or is running). It never blocks.
func (v *Service) SyncNow(ctx context.Context, opts Options) (string, error) {
	v.mu.Lock()
	if v.status.State == StateSyncing && v.status.JobID != "" {
		id := v.status.JobID
		v.again = true
		v.mu.Unlock()
		return id, nil
	}
	v.mu.Unlock()
	return v.start(ctx, opts), nil
}

// Run is the loop; it returns when ctx ends.
func (v *Service) Run(ctx context.Context) {
	v.refreshCounts(ctx)
	next := time.Duration(0)
	for {
		timer := time.NewTimer(next)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		id := v.start(ctx, Options{})
		if _, err := v.jobs.Wait(ctx, id); err != nil {
			return
		}
		if st := v.Status(); st.State == StateOffline || errors.Is(st.Err, headshotpro.ErrServer) {
			// Unreachable, or HeadshotPro failing on its side: try again
			// soon rather than in ten minutes.
			next = v.OfflineRetry
		} else {
			next = v.Interval
		}
	}
}

// start launches a sync job unless one is running.
func (v *Service) start(ctx context.Context, opts Options) string {
	v.mu.Lock()
	if v.status.State == StateSyncing && v.status.JobID != "" {
		id := v.status.JobID
		v.mu.Unlock()
		return id
	}
	parent := ctx // the photo job outlives the sync job, so it derives from here
	id := v.jobs.Start(ctx, "sync", func(ctx context.Context, t *jobs.Tracker) error {
		return v.runOnce(ctx, parent, t, opts)
	})
	v.status.State = StateSyncing
	v.status.JobID = id
	st := v.status
	v.mu.Unlock()
	v.onStatus(st)
	return id
}

// runOnce is one sync job: queued actions, then the pull. Photos for
// offline use follow in a separate job, so the lists are fresh (and the
// status idle) without waiting for hundreds of downloads.
func (v *Service) runOnce(ctx, parent context.Context, t *jobs.Tracker, opts Options) error {
	t.Phase("sending queued actions", 0)
	v.sendMu.Lock()
	replay, err := v.syncer.ReplayNow(ctx)
	v.sendMu.Unlock()
	if err == nil && replay.Offline {
		err = fmt.Errorf("send queued actions: %w", headshotpro.ErrOffline)
	}
	if err == nil {
		_, err = v.syncer.Sync(ctx, t, opts)
	}
	v.finish(ctx, err)
	if err == nil && v.syncer.blobs != nil {
		v.startPrefetch(parent)
	}
	v.mu.Lock()
	again := v.again && err == nil && ctx.Err() == nil
	v.again = false
	v.mu.Unlock()
	if again {
		// Started before this job returns, so a shutdown waiting for the
		// jobs waits for this one too.
		v.start(parent, Options{})
	}
	return err
}

// startPrefetch downloads favorites and thumbnails in the background unless
// a download round is already running.
func (v *Service) startPrefetch(ctx context.Context) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.prefetching {
		return
	}
	v.prefetching = true
	v.jobs.Start(ctx, "photos", func(ctx context.Context, t *jobs.Tracker) error {
		defer func() {
			v.mu.Lock()
			v.prefetching = false
			v.mu.Unlock()
			v.refreshCounts(ctx)
		}()
		_, err := v.syncer.Prefetch(ctx, t)
		return err
	})
}

// finish records the outcome in the status and tells the listener.
func (v *Service) finish(ctx context.Context, err error) {
	v.refreshCountsLocked(ctx, func(st *Status) {
		st.JobID = ""
		st.NeedsConfirmation = false
		switch {
		case err == nil:
			st.State, st.Online, st.LastError, st.Err = StateIdle, true, "", nil
		case errors.Is(err, context.Canceled):
			st.State = StateIdle
		case errors.Is(err, headshotpro.ErrNoAnswer):
			st.State, st.Online, st.LastError, st.Err = StateOffline, false, "HeadshotPro did not answer in time; showing the offline copy.", err
		case headshotpro.IsOffline(err):
			st.State, st.Online, st.LastError, st.Err = StateOffline, false, "HeadshotPro cannot be reached; showing the offline copy.", err
		case errors.Is(err, ErrMassDeletion):
			st.State, st.Online, st.LastError, st.Err, st.NeedsConfirmation = StateError, true, err.Error(), err, true
		default:
			// HeadshotPro answered, with an error: reachable, not working.
			st.State, st.Online, st.LastError, st.Err = StateError, true, err.Error(), err
		}
	})
}

func (v *Service) refreshCounts(ctx context.Context) { v.refreshCountsLocked(ctx, nil) }

// refreshCountsLocked re-reads last sync and outbox counts, applies edit,
// and notifies the listener.
func (v *Service) refreshCountsLocked(ctx context.Context, edit func(*Status)) {
	ctx = context.WithoutCancel(ctx)
	last, _ := v.syncer.store.LastSync(ctx)
	items, _ := v.syncer.store.Outbox(ctx)
	pending, attention := 0, 0
	for _, it := range items {
		switch it.State {
		case store.OutboxPending, store.OutboxInFlight:
			pending++
		case store.OutboxNeedsAttention:
			attention++
		}
	}
	v.mu.Lock()
	v.status.LastSync, v.status.Pending, v.status.NeedsAttention = last, pending, attention
	if edit != nil {
		edit(&v.status)
	}
	st := v.status
	v.mu.Unlock()
	v.onStatus(st)
}

// SendQueued sends the queued actions now, taking turns with the loop so
// one process never sends an item twice, and refreshes the outbox counts.
// Ask for a sync afterwards (SyncNow) to pull what the server made of them.
func (v *Service) SendQueued(ctx context.Context) (ReplayResult, error) {
	v.sendMu.Lock()
	res, err := v.syncer.ReplayNow(ctx)
	v.sendMu.Unlock()
	v.refreshCounts(ctx)
	return res, err
}

// Changed tells the service that local data changed (an action queued), so
// listeners see fresh outbox counts.
func (v *Service) Changed(ctx context.Context) { v.refreshCounts(ctx) }
