package bundle

import (
	"context"
	"sync"
	"time"
)

// downloadGate bounds the downloads in flight. With a fixed Concurrency it
// is a plain semaphore. Adaptive (Options.Concurrency 0), it starts at
// DefaultConcurrency and widens by half while the bytes per second it
// measures keep growing, up to MaxConcurrency:
//
// On a link with a long round trip each download waits one RTT (and a new
// connection two more) before its first byte, and the link idles unless
// enough other downloads are sending meanwhile. How many are enough is
// bandwidth × RTT ÷ photo size, known to neither the app nor the admin:
// 8 fill 200 Mbit/s at 50 ms with 1 MB photos but not 150 ms with 200 KB
// ones. So the gate measures instead: after a warm-up round (connections
// opening), each round of 2×limit downloads (at least minRound long) is
// compared with the best so far; ≥ 10 % more bytes per second means the
// link had room, so it widens; less means the link (or the CDN) is the
// limit, and the width stays where it is for the rest of the export. It
// never narrows: a download held up by one slow photo still counts, and
// idle connections cost the CDN little.
type downloadGate struct {
	slots chan struct{} // a token per download allowed in flight
	now   func() time.Time

	mu         sync.Mutex
	adaptive   bool // still measuring (false: fixed, or settled)
	limit      int
	roundStart time.Time
	roundBytes int64
	roundDone  int
	rounds     int
	best       float64 // bytes per second of the best round
}

// MaxConcurrency caps the downloads in flight (adaptive or set).
const MaxConcurrency = 32

const (
	// minRound keeps a round long enough that one photo's timing does not
	// decide it.
	minRound = 250 * time.Millisecond
	// gainToGrow is the throughput gain a wider gate must bring to widen
	// again.
	gainToGrow = 1.10
)

func newDownloadGate(fixed int, now func() time.Time) *downloadGate {
	g := &downloadGate{slots: make(chan struct{}, MaxConcurrency), now: now, limit: fixed}
	if fixed <= 0 {
		g.adaptive, g.limit = true, DefaultConcurrency
	}
	for range g.limit {
		g.slots <- struct{}{}
	}
	return g
}

// acquire waits for a download slot; false means ctx ended first.
func (g *downloadGate) acquire(ctx context.Context) bool {
	select {
	case <-g.slots:
		g.start()
		return true
	case <-ctx.Done():
		return false
	}
}

// start opens the first round at the first download, not at New: the
// export may spend its first moments on cached items.
func (g *downloadGate) start() {
	g.mu.Lock()
	if g.roundStart.IsZero() {
		g.roundStart = g.now()
	}
	g.mu.Unlock()
}

// release gives the slot back and counts the bytes the download brought
// (0 when it failed).
func (g *downloadGate) release(bytes int64) {
	add := g.measure(bytes)
	for range add + 1 {
		g.slots <- struct{}{} // never blocks: at most MaxConcurrency tokens exist
	}
}

// measure books one finished download and returns how many slots to add.
func (g *downloadGate) measure(bytes int64) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.adaptive {
		return 0
	}
	g.roundBytes += bytes
	g.roundDone++
	elapsed := g.now().Sub(g.roundStart)
	if g.roundDone < 2*g.limit || elapsed < minRound {
		return 0
	}
	rate := float64(g.roundBytes) / elapsed.Seconds()
	g.rounds++
	g.roundStart, g.roundBytes, g.roundDone = g.now(), 0, 0
	switch {
	case g.rounds == 1:
		// Warm-up: connections were opening; measured, not compared.
		return 0
	case g.rounds > 2 && rate < g.best*gainToGrow:
		g.adaptive = false // the last widening brought nothing: settled
		return 0
	}
	g.best = max(g.best, rate)
	grown := min(MaxConcurrency, g.limit+g.limit/2)
	add := grown - g.limit
	g.limit = grown
	if g.limit == MaxConcurrency {
		g.adaptive = false
	}
	return add
}

// width is the current number of slots (for tests and the log).
func (g *downloadGate) width() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.limit
}
