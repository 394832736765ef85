package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer/syncertest"
)

// fixture is a synced cache (metadata only, no photos) against a sandbox,
// with an empty output folder.
type fixture struct {
	*sandboxtest.Cache
	out string // an empty output folder
}

func newFixture(t testing.TB, members int, scale float64) *fixture {
	t.Helper()
	c := syncertest.NewSynced(t, members, sandboxtest.CacheOptions{Sandbox: sandbox.Options{Seed: 11, ImageScale: scale}})
	out := filepath.Join(c.DataDir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	return &fixture{Cache: c, out: out}
}

func (f *fixture) deps() Deps { return Deps{Store: f.Store, Blobs: f.Blobs, Fetcher: f.Client} }

// export runs Export as a job, the way the CLI and the window do, and
// returns the job's report too.
func (f *fixture) export(t testing.TB, ctx context.Context, deps Deps, opts Options) (Result, jobs.Report, error) {
	t.Helper()
	if opts.OutDir == "" && opts.OutPath == "" {
		opts.OutDir = f.out
	}
	var res Result
	var err error
	m := jobs.NewManager(nil)
	id := m.Start(ctx, "favorites", func(ctx context.Context, tr *jobs.Tracker) error {
		res, err = Export(ctx, deps, opts, tr)
		return err
	})
	rep, werr := m.Wait(context.Background(), id)
	if werr != nil {
		t.Fatal(werr)
	}
	return res, rep, err
}

// direct downloads a photo straight from the CDN (not through the cache).
func (f *fixture) direct(t testing.TB, row store.FavoriteRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	ref := headshotpro.PhotoRef{ModelID: row.ModelID, PhotoID: row.PhotoID, Variant: headshotpro.VariantMain}
	if _, err := f.Client.FetchPhoto(context.Background(), ref, &buf, 0); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// listDir lists every path under dir (relative, slash), sorted.
func listDir(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// heapWatch samples HeapInuse until stopped and returns the peak.
func heapWatch() (stop func() uint64) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
