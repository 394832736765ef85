package bundle

import (
	"context"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
)

// gateRun drives a gate with a simulated link: each round the downloads in
// flight (the gate's width) share min(width × perConn, link) bytes per
// second, photos of size bytes each. It returns the width after each round.
func gateRun(g *downloadGate, clock *time.Time, rounds int, perConn, link float64) []int {
	const size = 1 << 20
	var widths []int
	for range rounds {
		w := g.width()
		rate := min(float64(w)*perConn, link)
		for range 2 * w {
			if !g.acquire(context.Background()) {
				panic("acquire failed")
			}
			*clock = clock.Add(time.Duration(size / rate * float64(time.Second)))
			g.release(size)
		}
		widths = append(widths, g.width())
	}
	return widths
}

func TestDownloadGateWidensWhileThroughputGrows(t *testing.T) {
	clock := time.Unix(1e9, 0)
	g := newDownloadGate(0, func() time.Time { return clock })
	// 1 MB/s per connection (a long round trip), 15 MB/s link: 8 (warm-up)
	// → 12 (the first widening is always tried) → 18 (12 gave 50 % more
	// than 8) → 27 (18 gave 15, 25 % more than 12) → stays (27 still
	// gives 15).
	got := gateRun(g, &clock, 7, 1<<20, 15<<20)
	want := []int{8, 12, 18, 27, 27, 27, 27}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("widths by round %v, want %v", got, want)
		}
	}
	if n := len(g.slots); n != 27 {
		t.Fatalf("%d slots free with nothing in flight, want 27", n)
	}

	// A link that 8 already fill: one try at 12, then it stays.
	clock = time.Unix(1e9, 0)
	g = newDownloadGate(0, func() time.Time { return clock })
	if got := gateRun(g, &clock, 6, 4<<20, 20<<20); got[len(got)-1] != 12 {
		t.Fatalf("widths %v on a full link, want to settle at 12", got)
	}

	// Never past MaxConcurrency.
	clock = time.Unix(1e9, 0)
	g = newDownloadGate(0, func() time.Time { return clock })
	if got := gateRun(g, &clock, 10, 1<<20, 1<<40); got[len(got)-1] != MaxConcurrency {
		t.Fatalf("widths %v on an endless link, want MaxConcurrency at the end", got)
	}

	// A fixed Concurrency stays fixed.
	clock = time.Unix(1e9, 0)
	g = newDownloadGate(4, func() time.Time { return clock })
	if got := gateRun(g, &clock, 5, 1<<20, 1<<40); got[len(got)-1] != 4 {
		t.Fatalf("fixed gate widths %v", got)
	}
}

func TestDownloadGateAcquireHonoursCancel(t *testing.T) {
	g := newDownloadGate(1, time.Now)
	if !g.acquire(context.Background()) {
		t.Fatal("first acquire failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if g.acquire(ctx) {
		t.Fatal("acquire past the limit returned true after cancel")
	}
}

// The downloader must keep as many idle connections as an export runs
// downloads, or each one given back past its limit is closed and the next
// download pays a new connection's handshakes.
func TestDownloaderKeepsEnoughConnections(t *testing.T) {
	if headshotpro.DownloadIdleConnsPerHost < MaxConcurrency {
		t.Fatalf("headshotpro.DownloadIdleConnsPerHost %d < MaxConcurrency %d", headshotpro.DownloadIdleConnsPerHost, MaxConcurrency)
	}
}
