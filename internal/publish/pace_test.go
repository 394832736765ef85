package publish

import (
	"context"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when told; sleeping on it records
// the wait and moves it, as a real sleep would.
type fakeClock struct {
	now   time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if d > 0 {
		c.slept += d
		c.now = c.now.Add(d)
	}
	return ctx.Err()
}

func TestPaceWaitsOutRetryAfterWithAnInstantSleep(t *testing.T) {
	p := NewPace()
	p.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() } // the real clock does not move
	p.Throttled(30 * time.Second)
	done := make(chan error, 1)
	go func() { done <- p.Wait(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait spun on the real clock after an instant sleep")
	}
}

func TestPacePausesForRetryAfterThenSpacesRequests(t *testing.T) {
	c := &fakeClock{now: time.Unix(1_000_000, 0)}
	p := NewPace()
	p.now, p.sleep = c.Now, c.Sleep
	ctx := context.Background()

	if err := p.Wait(ctx); err != nil || c.slept != 0 {
		t.Fatalf("unpaced first request slept %v (%v)", c.slept, err)
	}
	// 50 successes in the first half second, then a 429 asking for 1 s.
	for range 50 {
		c.now = c.now.Add(10 * time.Millisecond)
		p.Done(0)
	}
	p.Throttled(time.Second)
	c.slept = 0
	if err := p.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if c.slept != time.Second {
		t.Errorf("the first request after the 429 waited %v, want the 1 s asked", c.slept)
	}
	// The rate accepted is 100/s (50 in the half second watched, not in
	// the 2 s window): the pace is a little under it.
	if iv := p.Interval(); iv < 10*time.Millisecond || iv > 11*time.Millisecond {
		t.Errorf("interval %v, want just over 10 ms (a little under 100/s)", iv)
	}
	c.slept = 0
	if err := p.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if c.slept < 10*time.Millisecond || c.slept > 11*time.Millisecond {
		t.Errorf("the next request waited %v, want one interval", c.slept)
	}
}

// TestPaceCountsRequestsInFlightAtThe429 sends a burst whose successes
// answer after the 429 that ends it: they were accepted before it, and
// count.
func TestPaceCountsRequestsInFlightAtThe429(t *testing.T) {
	c := &fakeClock{now: time.Unix(1_000_000, 0)}
	p := NewPace()
	p.now, p.sleep = c.Now, c.Sleep
	ctx := context.Background()
	_ = p.Wait(ctx)
	c.now = c.now.Add(time.Second)
	p.Done(time.Second) // one answered, sent at 0
	p.Throttled(time.Second)
	for range 9 { // nine more sent at 0 answer during the pause
		p.Done(time.Second)
	}
	_ = p.Wait(ctx)
	// 10 accepted in the second watched: 10/s, paced at a little under.
	if iv := p.Interval(); iv < 100*time.Millisecond || iv > 110*time.Millisecond {
		t.Errorf("interval %v, want just over 100 ms", iv)
	}
}

func TestPaceQuickensWithoutThrottling(t *testing.T) {
	c := &fakeClock{now: time.Unix(1_000_000, 0)}
	p := NewPace()
	p.now, p.sleep = c.Now, c.Sleep
	_ = p.Wait(context.Background())
	for range 20 {
		c.now = c.now.Add(50 * time.Millisecond)
		p.Done(0)
	}
	p.Throttled(time.Second)
	_ = p.Wait(context.Background())
	slow := p.Interval()
	if slow == 0 {
		t.Fatal("no pace learnt from the 429")
	}
	for range 100 { // 5 s of successes, no 429
		c.now = c.now.Add(50 * time.Millisecond)
		p.Done(0)
	}
	if fast := p.Interval(); fast >= slow {
		t.Errorf("interval %v after 5 s without a 429, was %v: it should quicken", fast, slow)
	}
}
