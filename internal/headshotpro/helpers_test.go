package headshotpro

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testKey = "sk_live_CANARY_test_key_123"

// fakeClock records sleeps and advances time instantly.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.sleeps = append(f.sleeps, d)
	f.now = f.now.Add(d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testEnv struct {
	srv   *httptest.Server
	c     *Client
	clock *fakeClock
	logs  *syncBuffer
	hits  atomic.Int64
}

// newEnv starts an httptest server with h and a client wired to a fake
// clock, a mid-range jitter and a debug logger into a buffer.
func newEnv(t *testing.T, h http.HandlerFunc, opts ...Option) *testEnv {
	t.Helper()
	e := &testEnv{clock: newFakeClock(), logs: &syncBuffer{}}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(e.srv.Close)
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	all := append([]Option{
		WithLogger(logger),
		WithClock(e.clock.Now, e.clock.Sleep),
		WithJitter(func() float64 { return 0.5 }),
		WithDownloader(NewDownloader(WithDownloadLogger(logger), WithDownloadSleep(e.clock.Sleep))),
	}, opts...)
	c, err := New(e.srv.URL+"/api/v2", testKey, all...)
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	return e
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
