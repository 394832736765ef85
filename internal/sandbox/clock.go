package sandbox

import (
	"sync"
	"time"
)

// clock is the sandbox's notion of "now": the injected base clock plus an
// offset that the /_sandbox/clock control moves. Everything time-dependent
// (createdAt of new records, finishedAt, URL expiry, the rate-limit window)
// reads it, so a test can jump 25 hours ahead and watch URLs expire.
type clock struct {
	base   func() time.Time
	mu     sync.Mutex
	offset time.Duration
}

func newClock(base func() time.Time) *clock {
	if base == nil {
		base = time.Now
	}
	return &clock{base: base}
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	off := c.offset
	c.mu.Unlock()
	return c.base().Add(off).UTC()
}

// set moves the clock so that now() returns t at this instant.
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.offset = t.Sub(c.base())
	c.mu.Unlock()
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

func (c *clock) reset() {
	c.mu.Lock()
	c.offset = 0
	c.mu.Unlock()
}

// apiTime formats a timestamp the way the API does: UTC, milliseconds, Z.
func apiTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func apiTimePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := apiTime(t)
	return &s
}
