// Package sandboxtest holds the shared test fixtures around internal/sandbox:
// a sandbox server over loopback, an API client whose retries do not sleep,
// and a local cache (SQLite store + blob cache) in a fresh data dir, all torn
// down by t.Cleanup.
//
// It is test-only: it imports "testing", so no non-test code may import it
// (TestOnlyTestsImportThis checks). It is a separate package so that
// "testing" stays out of the sandbox's own import graph (the desktop app
// embeds the sandbox).
//
// It imports headshotpro, store and blobs, so the internal (same-package)
// tests of those three cannot use it (an import cycle); their external
// _test packages can. A cache that has already been synced needs the syncer,
// which imports store and blobs too: that lives in internal/syncer/syncertest.
package sandboxtest

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
)

// The cache's names inside a data dir: the same layout the window and the
// CLI use, so a data dir prepared here can be handed to either.
const (
	StoreFile = "cache.db"
	BlobDir   = "blobs"
)

// NewTest builds a sandbox from opts, serves it on a loopback httptest
// server and closes it when the test ends. baseURL ends with /api/v2; use
// srv for control methods (SetFaults, Advance, FinishModel, …) and
// srv.APIKey() for the Bearer key. Zero Options fields get the sandbox
// defaults (240 members); tests usually want Members 60-300.
func NewTest(t testing.TB, opts sandbox.Options) (baseURL string, srv *sandbox.Server) {
	t.Helper()
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Config.ConnContext = srv.ConnContext // new connections pay the RTT fault's handshakes
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL + "/api/v2", srv
}

// DeadURL returns an /api/v2 base URL on a loopback port that nobody listens
// on (it was free a moment ago): a client pointed there is offline.
func DeadURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	url := "http://" + ln.Addr().String() + "/api/v2"
	ln.Close()
	return url
}

// noSleep skips a wait: it returns at once (the context's error if it is
// already done).
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// WithSleep makes a client use sleep for every wait it takes: the API
// client's backoff and rate-limit waits, and its photo downloader's backoff
// (the downloader is replaced by a new one, with a discarding logger). Pass
// (*Waits).Sleep to record the waits instead of spending them.
func WithSleep(sleep func(context.Context, time.Duration) error) headshotpro.Option {
	return func(c *headshotpro.Client) {
		headshotpro.WithClock(nil, sleep)(c)
		headshotpro.WithDownloader(headshotpro.NewDownloader(
			headshotpro.WithDownloadLogger(slog.New(slog.DiscardHandler)),
			headshotpro.WithDownloadSleep(sleep),
		))(c)
	}
}

// FastClient is a headshotpro client for baseURL with key whose retries do
// not sleep for real (every backoff and rate-limit wait returns at once) and
// whose logs are discarded. Everything else is the production default (e.g.
// 4 attempts a request); opts are applied last, so they override, e.g.
// headshotpro.WithRetryPolicy or WithSleep((&Waits{}).Sleep).
func FastClient(t testing.TB, baseURL, key string, opts ...headshotpro.Option) *headshotpro.Client {
	t.Helper()
	all := append([]headshotpro.Option{
		headshotpro.WithLogger(slog.New(slog.DiscardHandler)),
		WithSleep(noSleep),
	}, opts...)
	c, err := headshotpro.New(baseURL, key, all...)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	return c
}

// Waits records the waits a client asked for without spending them, so a
// test can check that a backoff happened and how long it would have been.
// Use it as WithSleep(w.Sleep). The zero value is ready; it is safe for
// concurrent use.
type Waits struct {
	mu sync.Mutex
	d  []time.Duration
}

// Sleep records d and returns at once (the context's error if it is done).
func (w *Waits) Sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

// Count is the number of waits recorded so far.
func (w *Waits) Count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.d)
}

// Durations is a copy of the waits recorded so far, in order.
func (w *Waits) Durations() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// OpenStore opens (creating it if needed) the real SQLite cache in dataDir
// and closes it when the test ends.
func OpenStore(t testing.TB, dataDir string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(dataDir, StoreFile))
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// OpenBlobs opens the blob cache in dataDir with budget bytes (0 = the blob
// cache's own default) and closes it when the test ends.
func OpenBlobs(t testing.TB, dataDir string, budget int64) *blobs.Cache {
	t.Helper()
	bc, err := blobs.Open(filepath.Join(dataDir, BlobDir), budget)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	t.Cleanup(func() { bc.Close() })
	return bc
}

// CacheOptions shape NewCache. The zero value is a sandbox with its default
// seed and full-size photos, a 1 GiB blob budget and a plain FastClient.
type CacheOptions struct {
	// Sandbox configures the organization; its Members is replaced by
	// NewCache's members argument. Tests that download photos want a small
	// ImageScale (e.g. 0.15) so they generate fast, also under -race.
	Sandbox sandbox.Options
	// BlobBudget is the blob cache's size limit; 0 means 1 GiB (no eviction
	// in a test).
	BlobBudget int64
	// Client options, applied after FastClient's (e.g. a retry policy).
	Client []headshotpro.Option
}

// Cache is a sandbox organization and an empty local cache of it: what the
// window or the CLI has after the first start, before any sync.
type Cache struct {
	Srv     *sandbox.Server     // control methods: SetFaults, Advance, Stats, …
	BaseURL string              // the sandbox's …/api/v2 URL
	Client  *headshotpro.Client // FastClient against BaseURL
	Store   *store.Store        // DataDir/cache.db, opened
	Blobs   *blobs.Cache        // DataDir/blobs, opened
	DataDir string              // a fresh temp dir, the cache's only home
}

// NewCache starts a sandbox with members people and opens an empty store
// and blob cache in a fresh data dir; all of it is closed by t.Cleanup. For a
// cache that has been synced, see syncertest.NewSynced.
func NewCache(t testing.TB, members int, opts CacheOptions) *Cache {
	t.Helper()
	so := opts.Sandbox
	so.Members = members
	base, srv := NewTest(t, so)
	budget := opts.BlobBudget
	if budget == 0 {
		budget = 1 << 30
	}
	dir := t.TempDir()
	return &Cache{
		Srv:     srv,
		BaseURL: base,
		Client:  FastClient(t, base, srv.APIKey(), opts.Client...),
		Store:   OpenStore(t, dir),
		Blobs:   OpenBlobs(t, dir, budget),
		DataDir: dir,
	}
}

// Key is the sandbox's API key.
func (c *Cache) Key() string { return c.Srv.APIKey() }

// StorePath is the SQLite file of the cache.
func (c *Cache) StorePath() string { return filepath.Join(c.DataDir, StoreFile) }

// Favorites lists the cached favorites of team ("" = everyone) and fails the
// test when there are none (a sandbox org without favorites makes a test
// meaningless).
func (c *Cache) Favorites(t testing.TB, team string) []store.FavoriteRow {
	t.Helper()
	rows, err := c.Store.Favorites(context.Background(), team)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("sandbox org has no favorites")
	}
	return rows
}

// InvitesFor lists the invites the API holds for email (any status, compared
// case-insensitively), as the server sees them.
func InvitesFor(t testing.TB, c *headshotpro.Client, email string) []domain.Invite {
	t.Helper()
	all, err := c.Invites(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.Invite
	for _, in := range all {
		if strings.EqualFold(in.Email, email) {
			out = append(out, in)
		}
	}
	return out
}
