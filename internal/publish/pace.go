package publish

import (
	"context"
	"sync"
	"time"
)

// Pace spaces the requests to one target. Until the target throttles,
// requests go out as fast as the workers send them. A 429 pauses every
// request until its Retry-After; when the pause ends, the pace is set to a
// little under the rate the target accepted before the 429 (the
// successful requests sent in the two seconds before it — counted at the
// end of the pause, when the requests in flight at the 429 have all
// answered). Each two seconds without a 429 the pace quickens by 3 %, so a
// target that lifts its limit is followed. The pace only ever reacts to the
// target's own signals.
type Pace struct {
	mu          sync.Mutex
	pausedUntil time.Time
	interval    time.Duration // between request starts; 0 = unpaced
	next        time.Time     // the next start allowed by interval
	// sent holds when each accepted request of the last window (and of a
	// pending pause) was sent.
	sent []time.Time
	// throttledAt is the first 429 of a pause whose pace is still to be
	// learnt (zero = none pending).
	throttledAt time.Time
	lastQuicken time.Time
	started     time.Time // the first Wait: how long the window has been watched

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

const paceWindow = 2 * time.Second

// NewPace returns an unpaced Pace.
func NewPace() *Pace { return &Pace{now: time.Now, sleep: sleepCtx} }

// Wait blocks until a request may start.
func (p *Pace) Wait(ctx context.Context) error {
	p.mu.Lock()
	for {
		now, until := p.now(), p.pausedUntil
		if !now.Before(until) {
			break
		}
		p.mu.Unlock()
		if err := p.sleep(ctx, until.Sub(now)); err != nil {
			return err
		}
		p.mu.Lock()
		// The pause slept is over unless a 429 meanwhile extended it. (Not
		// judged by the clock: a test's instant sleep would spin until the
		// real Retry-After passed.)
		if !p.pausedUntil.After(until) {
			break
		}
	}
	if p.started.IsZero() {
		p.started = p.now()
	}
	if !p.throttledAt.IsZero() {
		p.learn()
	}
	var d time.Duration
	if p.interval > 0 {
		now := p.now()
		start := now
		if p.next.After(now) {
			start = p.next
		}
		p.next = start.Add(p.interval)
		d = start.Sub(now)
	}
	p.mu.Unlock()
	return p.sleep(ctx, d)
}

// learn sets the pace after a pause: a little under the rate accepted in
// the window before the 429, or over the time watched when that is
// shorter (a 429 in the first second must not read as a fraction of the
// rate the target took). It only ever slows the pace: a 429 means the
// current pace was too fast. Callers hold mu.
func (p *Pace) learn() {
	at := p.throttledAt
	p.throttledAt = time.Time{}
	n := 0
	for _, t := range p.sent {
		if !t.After(at) && at.Sub(t) <= paceWindow {
			n++
		}
	}
	if n == 0 {
		return // nothing was accepted: the pause alone is the signal
	}
	watched := min(paceWindow, max(at.Sub(p.started), 10*time.Millisecond))
	accepted := float64(n) / watched.Seconds() // requests per second
	interval := time.Duration(float64(time.Second) / (accepted * 0.95))
	if p.interval == 0 || interval > p.interval {
		p.interval = interval
	}
	p.lastQuicken = p.now()
	p.trim()
}

// Throttled records a 429 that asked to wait d.
func (p *Pace) Throttled(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if until := now.Add(d); until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
	if p.throttledAt.IsZero() {
		p.throttledAt = now // the first 429 of this pause
	}
	p.lastQuicken = now
	p.next = p.pausedUntil
}

// Done records a request the target accepted (any answer but 429/5xx)
// that took took.
func (p *Pace) Done(took time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.sent = append(p.sent, now.Add(-took))
	p.trim()
	if p.interval > 0 && p.throttledAt.IsZero() && now.Sub(p.lastQuicken) >= paceWindow {
		p.interval = p.interval * 97 / 100
		p.lastQuicken = now
	}
}

// Interval is the current spacing between requests (0 = unpaced).
func (p *Pace) Interval() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.interval
}

// trim forgets sends older than the window, keeping those a pending pause
// will count. Callers hold mu.
func (p *Pace) trim() {
	cutoff := p.now().Add(-paceWindow)
	if !p.throttledAt.IsZero() {
		cutoff = p.throttledAt.Add(-paceWindow)
	}
	cut := 0
	for cut < len(p.sent) && p.sent[cut].Before(cutoff) {
		cut++
	}
	if cut > 0 {
		p.sent = append(p.sent[:0], p.sent[cut:]...)
	}
}
