package publish

import (
	"context"
	"sync"
	"time"
)

// Pace spaces the requests to one target. Until the target throttles,
// requests go out as fast as the workers send them. A 429 pauses every
// request until its Retry-After, and sets the pace to a little under the
// rate the target accepted just before (successes in the last two
// seconds); each two seconds without a 429 the pace quickens by 3 %, so a
// target that lifts its limit is followed. The pace only ever reacts to the
// target's own signals.
type Pace struct {
	mu           sync.Mutex
	pausedUntil  time.Time
	interval     time.Duration // between request starts; 0 = unpaced
	next         time.Time     // the next start allowed by interval
	done         []time.Time   // completions of the last window
	lastThrottle time.Time
	lastQuicken  time.Time
	started      time.Time // the first Wait: how long the window has been watched

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
	var d time.Duration
	if p.started.IsZero() {
		p.started = p.now()
	}
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

// Throttled records a 429 that asked to wait d.
func (p *Pace) Throttled(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if until := now.Add(d); until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
	p.trim(now)
	if n := len(p.done); n > 0 {
		// The rate accepted over the window, or over the time watched when
		// that is shorter: a 429 in the first second must not read as
		// half the rate the target took.
		watched := min(paceWindow, max(now.Sub(p.started), 10*time.Millisecond))
		accepted := float64(n) / watched.Seconds() // requests per second
		interval := time.Duration(float64(time.Second) / (accepted * 0.95))
		if p.interval == 0 || interval > p.interval {
			p.interval = interval
		}
	}
	p.lastThrottle, p.lastQuicken = now, now
	p.next = p.pausedUntil
}

// Done records a request the target accepted (any answer but 429/5xx).
func (p *Pace) Done(time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.done = append(p.done, now)
	p.trim(now)
	if p.interval > 0 && now.Sub(p.lastQuicken) >= paceWindow {
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

func (p *Pace) trim(now time.Time) {
	cut := 0
	for cut < len(p.done) && now.Sub(p.done[cut]) > paceWindow {
		cut++
	}
	if cut > 0 {
		p.done = append(p.done[:0], p.done[cut:]...)
	}
}
