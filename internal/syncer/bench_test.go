package syncer

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// BenchmarkSync10k is a first sync of a 10,000-person organization over
// loopback into an empty cache (metadata only), and BenchmarkResync10k a
// re-sync with nothing changed. Targets: < 10 s and < 2 s.
func BenchmarkSync10k(b *testing.B) {
	base, srv := sandboxtest.NewTest(b, sandbox.Options{Members: 10000, Seed: 3, RateLimit: 1 << 20})
	c := sandboxtest.FastClient(b, base, srv.APIKey(), moreRetries)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "cache.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := New(c, st, nil, nil).Sync(context.Background(), nil, Options{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

func BenchmarkResync10k(b *testing.B) {
	base, srv := sandboxtest.NewTest(b, sandbox.Options{Members: 10000, Seed: 3, RateLimit: 1 << 20})
	st := sandboxtest.OpenStore(b, b.TempDir())
	s := New(sandboxtest.FastClient(b, base, srv.APIKey(), moreRetries), st, nil, nil)
	if _, err := s.Sync(context.Background(), nil, Options{}); err != nil {
		b.Fatal(err)
	}
	cpu := processCPU()
	for b.Loop() {
		if _, err := s.Sync(context.Background(), nil, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time says more than wall time on a shared machine; it counts
	// the in-process sandbox too.
	b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
}
