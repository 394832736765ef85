// Package jobs runs long work (sync, exports, bulk invites) in the
// background: starting a job returns an id at once; progress goes out as
// snapshots with a strictly increasing per-job sequence number, throttled so
// a fast loop cannot flood the UI; a job can be cancelled by id; it ends with
// a report that lists every item that failed and why. Get returns the latest
// snapshot, for a UI that missed events (Wails does not queue them).
//
// jobs does not know how events travel: the window implements Emitter with
// Wails events, the CLI prints to stderr, tests record.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// State is where a job is in its life.
type State string

// Job states.
const (
	StateRunning   State = "running"
	StateSucceeded State = "succeeded" // finished; Failed may still be > 0
	StateFailed    State = "failed"    // the job as a whole failed (Error says why)
	StateCancelled State = "cancelled"
)

// Progress is one snapshot of a running job. Seq grows by one with every
// snapshot of the same job, so a receiver can drop stale or reordered ones.
type Progress struct {
	JobID  string `json:"jobId"`
	Kind   string `json:"kind"`
	Seq    uint64 `json:"seq"`
	State  State  `json:"state"`
	Phase  string `json:"phase"`
	Done   int    `json:"done"`
	Total  int    `json:"total"` // 0 when not known yet
	Failed int    `json:"failed"`
	Bytes  int64  `json:"bytes"`
}

// Failure is one item that did not make it, with a reason a person can act on.
type Failure struct {
	Item   string `json:"item"`   // e.g. the member's email
	Reason string `json:"reason"` // e.g. "download: HTTP 500"
}

// Report is the final word on a job.
type Report struct {
	Progress
	Error      string    `json:"error,omitempty"` // set when State is failed
	Failures   []Failure `json:"failures"`
	StartedAt  time.Time `json:"startedAt"`
	FinishedAt time.Time `json:"finishedAt"`
	// Result is a short job-specific outcome, e.g. the path of a written file.
	Result string `json:"result,omitempty"`
}

// Emitter receives progress snapshots and final reports. Calls for one job
// come from one goroutine at a time and in seq order; implementations must
// not block for long.
type Emitter interface {
	JobProgress(Progress)
	JobDone(Report)
}

// Func is the work of a job. It reports through t and must return promptly
// once ctx is cancelled. A returned error fails the whole job; per-item
// problems go through t.Fail and the job still succeeds.
type Func func(ctx context.Context, t *Tracker) error

// ErrNotFound is returned for an unknown job id.
var ErrNotFound = errors.New("job not found")

// DefaultInterval is the minimum time between two progress snapshots of a
// job, phase changes aside: at most ten a second.
const DefaultInterval = 100 * time.Millisecond

// Manager owns the running and recently finished jobs.
type Manager struct {
	emitter  Emitter
	interval time.Duration

	mu   sync.Mutex
	jobs map[string]*job
	wg   sync.WaitGroup
}

// NewManager returns a Manager that reports to em (nil discards).
func NewManager(em Emitter) *Manager {
	if em == nil {
		em = discard{}
	}
	return &Manager{emitter: em, interval: DefaultInterval, jobs: map[string]*job{}}
}

// SetInterval changes the throttle interval; tests use it.
func (m *Manager) SetInterval(d time.Duration) { m.interval = d }

type job struct {
	cancel context.CancelFunc
	done   chan struct{}
	t      *Tracker
	report *Report // set when finished
}

// Start runs fn in the background as a job of the given kind and returns its
// id at once. The job's context derives from parent, so cancelling parent
// (e.g. on shutdown) cancels the job.
func (m *Manager) Start(parent context.Context, kind string, fn Func) string {
	id := newID()
	ctx, cancel := context.WithCancel(parent)
	t := &Tracker{emitter: m.emitter, interval: m.interval, cur: Progress{JobID: id, Kind: kind, State: StateRunning}}
	j := &job{cancel: cancel, done: make(chan struct{}), t: t}

	m.mu.Lock()
	m.jobs[id] = j
	m.mu.Unlock()

	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer cancel()
		started := time.Now()
		t.emitNow()
		err := runSafely(ctx, t, fn)
		rep := t.finish(err, started)
		m.mu.Lock()
		j.report = &rep
		m.mu.Unlock()
		// Report first, then release waiters: whoever Waits sees the
		// emitter's work for this job (e.g. the CLI's last stderr line) done.
		m.emitter.JobDone(rep)
		close(j.done)
	}()
	return id
}

// runSafely turns a panic in job code into a failed job instead of a crashed
// app.
func runSafely(ctx context.Context, t *Tracker, fn Func) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return fn(ctx, t)
}

// Cancel asks a job to stop. Cancelling a finished job is not an error.
func (m *Manager) Cancel(id string) error {
	m.mu.Lock()
	j, ok := m.jobs[id]
	m.mu.Unlock()
	if !ok {
		return fmt.Errorf("cancel %s: %w", id, ErrNotFound)
	}
	j.cancel()
	return nil
}

// Snapshot is what Get returns: the latest progress and, once the job has
// ended, its report.
type Snapshot struct {
	Progress Progress `json:"progress"`
	Report   *Report  `json:"report,omitempty"`
}

// Get returns the latest state of a job.
func (m *Manager) Get(id string) (Snapshot, error) {
	m.mu.Lock()
	j, ok := m.jobs[id]
	var rep *Report
	if ok && j.report != nil {
		r := *j.report
		rep = &r
	}
	m.mu.Unlock()
	if !ok {
		return Snapshot{}, fmt.Errorf("get %s: %w", id, ErrNotFound)
	}
	return Snapshot{Progress: j.t.snapshot(), Report: rep}, nil
}

// Wait blocks until the job ends or ctx is done and returns its report.
func (m *Manager) Wait(ctx context.Context, id string) (Report, error) {
	m.mu.Lock()
	j, ok := m.jobs[id]
	m.mu.Unlock()
	if !ok {
		return Report{}, fmt.Errorf("wait %s: %w", id, ErrNotFound)
	}
	select {
	case <-j.done:
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return *j.report, nil
}

// Shutdown cancels every job and waits for them to end or ctx to expire.
func (m *Manager) Shutdown(ctx context.Context) error {
	m.mu.Lock()
	for _, j := range m.jobs {
		j.cancel()
	}
	m.mu.Unlock()
	finished := make(chan struct{})
	go func() { m.wg.Wait(); close(finished) }()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs shutdown: %w", ctx.Err())
	}
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "job_" + hex.EncodeToString(b[:])
}

type discard struct{}

func (discard) JobProgress(Progress) {}
func (discard) JobDone(Report)       {}
