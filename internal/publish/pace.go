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

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

const paceWindow = 2 * time.Second

// NewPace returns an unpaced Pace.
func NewPace() *Pace { return &Pace{now: time.Now, sleep: sleepCtx} }

// Wait blocks until a request may start. A pause extended by another 429
// while this one slept is waited for too.
func (p *Pace) Wait(ctx context.Context) error {
	var slept time.Time // the pause end already waited for
	for {
		p.mu.Lock()
		now := p.now()
		if now.Before(p.pausedUntil) && !p.pausedUntil.Equal(slept) {
			until := p.pausedUntil
			p.mu.Unlock()
			if err := p.sleep(ctx, until.Sub(now)); err != nil {
				return err
			}
			slept = until
			continue
		}
		var d time.Duration
		if p.interval > 0 {
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
		accepted := float64(n) / paceWindow.Seconds() // requests per second
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
