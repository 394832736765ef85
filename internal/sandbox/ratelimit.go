package sandbox

import (
	"sync"
	"time"
)

// rateLimiter is a fixed one-minute window counter for the whole
// organization. HeadshotPro documents requests per minute (300 on the
// standard plans) and the X-RateLimit-* headers, not the kind of window:
// per organization and fixed is our inference. A window opens with the
// first counted request after the previous one ended, so X-RateLimit-Reset
// is always within a minute of the request.
type rateLimiter struct {
	mu    sync.Mutex
	limit int
	start time.Time
	count int
}

type rateState struct {
	limit     int
	remaining int
	reset     time.Time
	allowed   bool
}

func newRateLimiter(limit int) *rateLimiter {
	return &rateLimiter{limit: limit}
}

func (l *rateLimiter) roll(now time.Time) {
	if l.start.IsZero() || !now.Before(l.start.Add(time.Minute)) || now.Before(l.start) {
		l.start = now
		l.count = 0
	}
}

// take counts one request and reports whether it is within the limit.
// Rejected requests are not counted, so a client that waits for the reset
// gets a full window.
func (l *rateLimiter) take(now time.Time) rateState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll(now)
	st := rateState{limit: l.limit, reset: l.start.Add(time.Minute)}
	if l.count >= l.limit {
		return st
	}
	l.count++
	st.remaining = l.limit - l.count
	st.allowed = true
	return st
}

// peek reports the window without counting (used for 401 answers, which do
// not consume the organization's budget because they carry no valid key).
func (l *rateLimiter) peek(now time.Time) rateState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll(now)
	return rateState{limit: l.limit, remaining: max(0, l.limit-l.count), reset: l.start.Add(time.Minute), allowed: true}
}

func (l *rateLimiter) setLimit(n int) {
	l.mu.Lock()
	l.limit = n
	l.mu.Unlock()
}

func (l *rateLimiter) resetWindow() {
	l.mu.Lock()
	l.start = time.Time{}
	l.count = 0
	l.mu.Unlock()
}
