package jobs

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Tracker is a job's handle for reporting progress. All methods are safe for
// concurrent use by the job's worker goroutines.
type Tracker struct {
	emitter  Emitter
	interval time.Duration

	mu       sync.Mutex
	cur      Progress
	failures []Failure
	result   string
	lastEmit time.Time
	sent     Progress    // the last snapshot emitted (seq aside)
	timer    *time.Timer // a pending trailing emit, so the last numbers always go out
	finished bool

	emitMu sync.Mutex // serialises calls into the emitter, in seq order
}

// JobID is the id of the job t reports for.
func (t *Tracker) JobID() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur.JobID
}

// Phase starts a new phase ("listing", "downloading", "zipping"…) with a
// known total (0 if unknown) and resets done. A phase change is always
// emitted at once, after the ending phase's last numbers if the interval
// held them back (so a log shows "members: 9266", not "members: 0").
func (t *Tracker) Phase(name string, total int) {
	t.mu.Lock()
	unsent := t.cur.Phase != "" && withoutSeq(t.cur) != withoutSeq(t.sent)
	t.mu.Unlock()
	if unsent {
		t.emitNow()
	}
	t.mu.Lock()
	t.cur.Phase = name
	t.cur.Total = total
	t.cur.Done = 0
	t.mu.Unlock()
	t.emitNow()
}

// SetTotal updates the total of the current phase once it is known.
func (t *Tracker) SetTotal(total int) {
	t.mu.Lock()
	t.cur.Total = total
	t.mu.Unlock()
	t.maybeEmit()
}

// Add records n more items done and b more bytes moved.
func (t *Tracker) Add(n int, b int64) {
	t.mu.Lock()
	t.cur.Done += n
	t.cur.Bytes += b
	t.mu.Unlock()
	t.maybeEmit()
}

// Fail records an item that failed; the job goes on. The item counts as
// done for the progress bar.
func (t *Tracker) Fail(item, reason string) {
	t.mu.Lock()
	t.cur.Done++
	t.cur.Failed++
	t.failures = append(t.failures, Failure{Item: item, Reason: reason})
	t.mu.Unlock()
	t.maybeEmit()
}

// SetResult records a short outcome for the report, e.g. an output path.
func (t *Tracker) SetResult(s string) {
	t.mu.Lock()
	t.result = s
	t.mu.Unlock()
}

func (t *Tracker) snapshot() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur
}

// maybeEmit emits now if the interval has passed, else makes sure a trailing
// emit is scheduled for when it has. The decision to emit and the claim on
// the interval (lastEmit) are taken under one lock, so a trailing emit and
// an Add that race at the interval's end cannot both go out.
func (t *Tracker) maybeEmit() {
	t.mu.Lock()
	if t.finished {
		t.mu.Unlock()
		return
	}
	wait := t.interval - time.Since(t.lastEmit)
	if wait <= 0 {
		t.lastEmit = time.Now()
		t.mu.Unlock()
		t.emitNow()
		return
	}
	if t.timer == nil {
		t.timer = time.AfterFunc(wait, t.trailingEmit)
	}
	t.mu.Unlock()
}

// trailingEmit sends the numbers that arrived within an interval once it
// has passed. If another emit took the interval meanwhile, it waits for the
// next one instead: that emit may predate the latest numbers.
func (t *Tracker) trailingEmit() {
	t.mu.Lock()
	t.timer = nil
	if t.finished {
		t.mu.Unlock()
		return
	}
	if wait := t.interval - time.Since(t.lastEmit); wait > 0 {
		t.timer = time.AfterFunc(wait, t.trailingEmit)
		t.mu.Unlock()
		return
	}
	t.lastEmit = time.Now()
	t.mu.Unlock()
	t.emitNow()
}

// emitNow sends the current snapshot with the next seq.
func (t *Tracker) emitNow() {
	t.emitMu.Lock()
	defer t.emitMu.Unlock()
	t.mu.Lock()
	if t.finished {
		t.mu.Unlock()
		return
	}
	t.cur.Seq++
	p := t.cur
	t.sent = p
	t.lastEmit = time.Now()
	t.mu.Unlock()
	t.emitter.JobProgress(p)
}

func withoutSeq(p Progress) Progress {
	p.Seq = 0
	return p
}

// finish stops further progress events and builds the report. Its seq is
// one past the last progress snapshot. A job that returns context.Canceled
// (wrapped or not) was cancelled; one that returns nil finished its work even
// if a cancel arrived at the last moment.
func (t *Tracker) finish(err error, started time.Time) Report {
	t.emitMu.Lock()
	defer t.emitMu.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.finished = true
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	t.cur.Seq++
	rep := Report{Progress: t.cur, Failures: append([]Failure{}, t.failures...), StartedAt: started, FinishedAt: time.Now(), Result: t.result}
	switch {
	case errors.Is(err, context.Canceled):
		rep.State = StateCancelled
	case err != nil:
		rep.State = StateFailed
		rep.Error = err.Error()
	default:
		rep.State = StateSucceeded
	}
	t.cur.State = rep.State
	return rep
}
