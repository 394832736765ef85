package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

type fakeLister []store.FavoriteRow

func (f fakeLister) Favorites(ctx context.Context, team string) ([]store.FavoriteRow, error) {
	return f, nil
}

// fakeFetcher serves a tiny JPEG noting "jpeg-<photoID>" after a random delay and checks
// the pipeline's bounds as it goes.
type fakeFetcher struct {
	index       map[string]int // photo id → item index
	written     *atomic.Int64  // items written so far
	window      int
	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	calls       atomic.Int64
	blockAt     int           // index whose fetch blocks until ctx is done (-1: none)
	blocked     chan struct{} // closed when blockAt is reached
	mu          sync.Mutex
	violations  []string

	// holdAt's fetch (if ≥ 0) waits until every other fetch has finished:
	// a photo slower than all the others together.
	holdAt   int
	finished atomic.Int64
	total    int64         // fetches expected, for othersDone and allDone
	others   chan struct{} // closed when total-1 fetches have finished
	allDone  chan struct{} // closed when total fetches have finished
}

// finish counts a fetch that ended (well or not).
func (f *fakeFetcher) finish() {
	switch f.finished.Add(1) {
	case f.total - 1:
		close(f.others)
	case f.total:
		close(f.allDone)
	}
}

func (f *fakeFetcher) FetchPhoto(ctx context.Context, ref headshotpro.PhotoRef, w io.Writer, max int64) (int64, error) {
	f.calls.Add(1)
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxInFlight.Load()
		if n <= m || f.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	idx := f.index[ref.PhotoID]
	if w := f.written.Load(); int64(idx) >= w+int64(f.window) {
		f.mu.Lock()
		f.violations = append(f.violations, fmt.Sprintf("item %d fetched with only %d written (window %d)", idx, w, f.window))
		f.mu.Unlock()
	}
	if idx == f.blockAt {
		close(f.blocked)
		<-ctx.Done()
		return 0, ctx.Err()
	}
	defer f.finish()
	if idx == f.holdAt {
		select {
		case <-f.others:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	select {
	case <-time.After(time.Duration(rand.IntN(2000)) * time.Microsecond):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	if strings.HasPrefix(ref.PhotoID, "fail") {
		return 0, errors.New("HTTP 500")
	}
	k, err := w.Write(tinyJPEG("jpeg-" + ref.PhotoID))
	return int64(k), err
}

// tinyJPEG is a complete 1×1 JPEG carrying note in a comment segment, so
// every photo's bytes differ and pass the cache's image check.
func tinyJPEG(note string) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)), nil); err != nil {
		panic(err)
	}
	b := buf.Bytes()
	com := append([]byte{0xFF, 0xFE, byte((len(note) + 2) >> 8), byte(len(note) + 2)}, note...)
	return append(append(append([]byte{}, b[:2]...), com...), b[2:]...)
}

// fakeRenderer returns a tiny image after a random delay; sources whose
// bytes contain "corrupt" fail like a damaged JPEG.
type fakeRenderer struct{ calls atomic.Int64 }

func (r *fakeRenderer) RenderTo(ctx context.Context, w io.Writer, src io.Reader, t pfp.Template, f pfp.Format) error {
	r.calls.Add(1)
	b, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	time.Sleep(time.Duration(rand.IntN(1000)) * time.Microsecond)
	if strings.Contains(string(b), "corrupt") {
		return fmt.Errorf("%w: bad huffman code", pfp.ErrCorrupt)
	}
	if f != pfp.JPEG {
		return fmt.Errorf("asked for format %d, want JPEG", f)
	}
	return pfp.EncodeJPEG(w, image.NewNRGBA(image.Rect(0, 0, 8, 8)), pfp.DefaultJPEGQuality)
}

func fakeRows(n int) fakeLister {
	rows := make(fakeLister, n)
	for i := range rows {
		id := fmt.Sprintf("ph%04d", i)
		switch i {
		case 17:
			id = "fail" + id
		case 33:
			id = "corrupt" + id
		}
		rows[i] = store.FavoriteRow{ModelID: fmt.Sprintf("md%04d", i), Email: fmt.Sprintf("p%03d@x.com", i/2*2), Title: "Same Title", PhotoID: id}
	}
	return rows
}

func newFakeDeps(t *testing.T, rows fakeLister, window int) (Deps, *fakeFetcher, *fakeRenderer) {
	t.Helper()
	bc := sandboxtest.OpenBlobs(t, t.TempDir(), 0)
	written := new(atomic.Int64)
	testHookWritten = func(int) { written.Add(1) }
	t.Cleanup(func() { testHookWritten = nil })
	ff := &fakeFetcher{index: map[string]int{}, written: written, window: window, blockAt: -1, blocked: make(chan struct{}),
		holdAt: -1, total: int64(len(rows)), others: make(chan struct{}), allDone: make(chan struct{})}
	for i, r := range rows {
		ff.index[r.PhotoID] = i
	}
	fr := &fakeRenderer{}
	return Deps{Store: rows, Blobs: bc, Fetcher: ff, Renderer: fr}, ff, fr
}

// TestPipelineOrderWindowAndBounds: random fetch and render delays, yet
// entries come out in Favorites order, downloads never exceed Concurrency,
// no item is fetched more than Window ahead of the writer, and failures
// are reported in order without stopping the rest.
func TestPipelineOrderWindowAndBounds(t *testing.T) {
	rows := fakeRows(200)
	const window = 6
	deps, ff, fr := newFakeDeps(t, rows, window)
	out := t.TempDir()
	res, err := Export(context.Background(), deps, Options{OutDir: out, Concurrency: 4, Renderers: 3, Window: window}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ff.violations) > 0 {
		t.Fatalf("window violated: %v", ff.violations[:min(3, len(ff.violations))])
	}
	if m := ff.maxInFlight.Load(); m > 4 || m < 2 {
		t.Errorf("max concurrent downloads %d, want 2..4", m)
	}
	if res.Failed != 2 || res.Failures[0].Item != rows[17].Email || res.Failures[1].Item != rows[33].Email {
		t.Fatalf("failures %+v", res.Failures)
	}
	if !strings.Contains(res.Failures[0].Reason, "HTTP 500") || !strings.Contains(res.Failures[1].Reason, "damaged") {
		t.Fatalf("reasons %+v", res.Failures)
	}
	zr, _ := readZip(t, res.Path)
	// A headshot that does not decode is left out whole, like a failed one.
	want, _ := expectedLayoutSkipping(rows, 17)
	want = removeName(want, rows, 33, "pfp.jpg")
	want = removeName(want, rows, 33, "headshot.jpg")
	if len(zr.File) != len(want) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		if f.Name != want[i] {
			t.Fatalf("entry %d %q, want %q", i, f.Name, want[i])
		}
	}
	if fr.calls.Load() != int64(len(rows)-1) {
		t.Errorf("%d renders", fr.calls.Load())
	}

	// Warm: nothing fetched or rendered again, except the failed one and
	// the damaged one, which the cache forgot so it is downloaded afresh.
	ff.calls.Store(0)
	fr.calls.Store(0)
	ff.written.Store(0)
	res, err = Export(context.Background(), deps, Options{OutDir: out, Window: window}, nil)
	if err != nil || ff.calls.Load() != 2 || fr.calls.Load() != 1 || res.Downloaded != 1 {
		t.Fatalf("warm: %d fetches, %d renders, %+v, %v", ff.calls.Load(), fr.calls.Load(), res, err)
	}
}

// TestPipelineSlowPhotoDoesNotHoldUpTheRest: the first photo arrives only
// after all the others. The ZIP is still written in order, but every other
// download goes on meanwhile (the default window is wider than the team);
// a pipeline that stalled behind it would never finish (the context's
// minute ends it).
func TestPipelineSlowPhotoDoesNotHoldUpTheRest(t *testing.T) {
	rows := fakeRows(120)
	deps, ff, _ := newFakeDeps(t, rows, DefaultWindow)
	ff.holdAt = 0
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := Export(ctx, deps, Options{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatalf("export with one slow photo: %v", err)
	}
	if res.Failed != 2 {
		t.Fatalf("failures %+v", res.Failures)
	}
	zr, _ := readZip(t, res.Path)
	if want, _ := expectedLayoutSkipping(rows, 17); zr.File[0].Name != want[0] {
		t.Fatalf("first entry %q, want the slow photo's %q: the order must not change", zr.File[0].Name, want[0])
	}
	if m := ff.maxInFlight.Load(); m > MaxConcurrency {
		t.Fatalf("%d downloads at once, more than MaxConcurrency", m)
	}
}

// TestPipelineDownloadsDoNotWaitForRenders: no render finishes before every
// download has; a fetcher that handed its item to a busy renderer and
// waited would stop the downloads, and the export would never finish.
func TestPipelineDownloadsDoNotWaitForRenders(t *testing.T) {
	rows := fakeRows(100)
	deps, ff, _ := newFakeDeps(t, rows, DefaultWindow)
	deps.Renderer = waitingRenderer{ff.allDone, deps.Renderer}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := Export(ctx, deps, Options{OutDir: t.TempDir(), Concurrency: 4, Renderers: 2}, nil); err != nil {
		t.Fatalf("export whose renders wait for the downloads: %v", err)
	}
}

type waitingRenderer struct {
	until <-chan struct{}
	Renderer
}

func (r waitingRenderer) RenderTo(ctx context.Context, w io.Writer, src io.Reader, t pfp.Template, f pfp.Format) error {
	select {
	case <-r.until:
	case <-ctx.Done():
		return ctx.Err()
	}
	return r.Renderer.RenderTo(ctx, w, src, t, f)
}

// expectedLayoutSkipping is expectedLayout with item skip left out
// entirely (a failed download has no folder, and takes no name).
func expectedLayoutSkipping(rows []store.FavoriteRow, skip int) ([]string, map[string]string) {
	var kept []store.FavoriteRow
	for i, r := range rows {
		if i != skip {
			kept = append(kept, r)
		}
	}
	return expectedLayout(kept)
}

func removeName(names []string, rows []store.FavoriteRow, idx int, file string) []string {
	_, folderOf := expectedLayoutSkipping(rows, 17)
	drop := folderOf[rows[idx].ModelID] + "/" + file
	var out []string
	for _, n := range names {
		if n != drop {
			out = append(out, n)
		}
	}
	return out
}

// TestPipelineCancelStopsEverything: a download hangs until cancel; Export
// returns context.Canceled, leaves nothing in the output folder, and no
// goroutine outlives it.
func TestPipelineCancelStopsEverything(t *testing.T) {
	rows := fakeRows(100)
	deps, ff, _ := newFakeDeps(t, rows, 8)
	ff.blockAt = 40
	out := t.TempDir()
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-ff.blocked; time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := Export(ctx, deps, Options{OutDir: out, Window: 8}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if got := listDir(t, out); len(got) != 0 {
		t.Fatalf("left behind: %v", got)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after cancel, %d before\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestPipelineSinkErrorAborts: a write error (disk full) ends the export
// with the error; the stages stop (Export then aborts the sink, see
// TestExportCancel for the temp-file side).
func TestPipelineSinkErrorAborts(t *testing.T) {
	rows := fakeRows(30)
	deps, _, _ := newFakeDeps(t, rows, 8)
	x := &exporter{deps: deps, opts: Options{Preset: PresetHeadshotPro, Concurrency: 2, Renderers: 1, Window: 4}, sink: &failingSink{after: 5}}
	items, _ := plan(rows, x.opts)
	err := x.run(context.Background(), items)
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("err %v", err)
	}
}

type failingSink struct{ after, n int }

func (s *failingSink) add(name string, r io.Reader, size int64, mod time.Time) (int64, error) {
	if s.n++; s.n > s.after {
		return 0, errors.New("write: no space left on device")
	}
	return io.Copy(io.Discard, r)
}
func (s *failingSink) commit(context.Context) (string, error) { return "", nil }
func (s *failingSink) abort()                                 {}
