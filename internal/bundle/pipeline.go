package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/photos"
	"github.com/shotdesk/shotdesk/internal/store"
)

// item is one shoot (or person) flowing through the pipeline. The stages
// hand it on over channels, so at any time exactly one goroutine owns it.
type item struct {
	idx               int
	row               store.FavoriteRow
	wantHead, wantPFP bool // what goes into the output

	head, pfp       blobs.Ref
	hasHead, hasPFP bool
	headErr, pfpErr string // why a wanted file is missing
	unpin           []func()
}

func (it *item) needsRender() bool { return it.wantPFP && !it.hasPFP && it.hasHead }

func (it *item) release() {
	for _, u := range it.unpin {
		u()
	}
	it.unpin = nil
}

// testHookWritten, when set by a test, is called by the writer after each
// item is written (before its window slot is given back).
var testHookWritten func(idx int)

func headKey(photoID string) string { return blobs.PhotoKey(photoID, blobs.VariantMain) }

// exporter runs one export: fetch workers → render workers → the writer
// (the calling goroutine, sole owner of the sink).
type exporter struct {
	deps     Deps
	opts     Options
	pr       progress
	sink     sink
	modified time.Time

	offline              atomic.Bool // a download failed at the network level
	downloaded, rendered atomic.Int64
	gate                 *downloadGate // how many downloads run at once

	// written by the writer goroutine only
	namer          Namer
	items, entries int
	bytes          int64
	failures       []jobs.Failure
}

// run pushes items through the pipeline and writes them in index order.
// The window semaphore is taken before an item is dispatched and given back
// when the writer has written it, so at most Window items are between
// dispatch and write: the reorder buffer never holds more than Window items
// whatever the team size, and one slow download stalls the pipeline only
// once the others are Window items ahead of it. Items carry blob refs, not
// bytes, so the buffer is small and the window can be wide (DefaultWindow);
// image memory is bounded by Renderers decodes at a time.
//
// The queues after the fetchers hold up to Window items too, so a fetcher
// never waits for a renderer or the writer: while the CPU renders, the
// network keeps downloading. The fetchers themselves are many (one per
// possible download slot); the download gate decides how many download at
// once.
func (x *exporter) run(ctx context.Context, items []*item) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := make(chan struct{}, x.opts.Window)
	fetchQ := make(chan *item)
	renderQ := make(chan *item, x.opts.Window)
	doneQ := make(chan *item, x.opts.Window)
	x.gate = newDownloadGate(x.opts.Concurrency, time.Now)
	fetchers := MaxConcurrency
	if x.opts.Concurrency > 0 {
		fetchers = x.opts.Concurrency
	}

	var all sync.WaitGroup
	all.Add(1)
	go func() { // feeder
		defer all.Done()
		defer close(fetchQ)
		for _, it := range items {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case fetchQ <- it:
			case <-ctx.Done():
				return
			}
		}
	}()

	var fetching, renderers sync.WaitGroup
	send := func(q chan<- *item, it *item) bool {
		select {
		case q <- it:
			return true
		case <-ctx.Done():
			it.release()
			return false
		}
	}
	for range fetchers {
		fetching.Add(1)
		go func() {
			defer fetching.Done()
			// Workers never return early: after a cancel they keep
			// draining (skipping the work) so no item and no pin is
			// stranded in a channel buffer.
			for it := range fetchQ {
				if ctx.Err() == nil {
					x.fetch(ctx, it)
				}
				q := doneQ
				if it.needsRender() {
					q = renderQ
				}
				send(q, it)
			}
		}()
	}
	for range x.opts.Renderers {
		renderers.Add(1)
		go func() {
			defer renderers.Done()
			for it := range renderQ {
				if ctx.Err() == nil {
					x.render(ctx, it)
				}
				send(doneQ, it)
			}
		}()
	}
	all.Add(1)
	go func() {
		defer all.Done()
		fetching.Wait()
		close(renderQ)
		renderers.Wait()
		close(doneQ)
	}()

	// On any return, stop the stages, wait for them (so no download or
	// render outlives Export and every pin is released), and release the
	// pins of items that were done but never written.
	pending := make(map[int]*item, x.opts.Window)
	defer func() {
		cancel()
		for it := range doneQ { // until the stages have all stopped
			it.release()
		}
		all.Wait()
		for _, it := range pending {
			it.release()
		}
	}()

	next := 0
	for next < len(items) {
		select {
		case it, ok := <-doneQ:
			if !ok {
				if err := ctx.Err(); err != nil {
					return err
				}
				return errors.New("pipeline ended early") // cannot happen: every item reaches doneQ
			}
			pending[it.idx] = it
		case <-ctx.Done():
			return ctx.Err()
		}
		for it := pending[next]; it != nil; it = pending[next] {
			delete(pending, next)
			err := x.write(it)
			it.release()
			if err != nil {
				return err
			}
			if testHookWritten != nil {
				testHookWritten(next)
			}
			<-window
			next++
		}
	}
	return ctx.Err() // a cancel that raced the last write still cancels
}

// fetch makes sure the item's source files are in the blob cache and pinned:
// the cached PFP if wanted and present, and the headshot if it goes into the
// output or is needed to render the PFP. Problems are recorded on the item.
func (x *exporter) fetch(ctx context.Context, it *item) {
	bc := x.deps.Blobs
	if it.wantPFP {
		if ref, ok := bc.Lookup(pfpKey(it.row.PhotoID, x.opts.Template)); ok {
			it.pfp, it.hasPFP = ref, true
			it.unpin = append(it.unpin, bc.Pin(ref.Hash))
		}
	}
	if !it.wantHead && it.hasPFP {
		return
	}
	key := headKey(it.row.PhotoID)
	ref, ok := bc.Lookup(key)
	if !ok {
		var err error
		ref, err = x.download(ctx, it.row, key)
		if err != nil {
			it.headErr = err.Error()
			if it.wantPFP && !it.hasPFP {
				it.pfpErr = "no headshot to make it from"
			}
			return
		}
	}
	it.head, it.hasHead = ref, true
	it.unpin = append(it.unpin, bc.Pin(ref.Hash))
}

// download streams the favorite into the blob cache under key. The cache
// writes to a temp file and renames on success, so a failed attempt leaves
// nothing (the fetcher's contract: discard a failed attempt's bytes).
func (x *exporter) download(ctx context.Context, row store.FavoriteRow, key string) (blobs.Ref, error) {
	if x.deps.Fetcher == nil || x.offline.Load() {
		return blobs.Ref{}, errors.New("not downloaded yet and offline")
	}
	url := row.URLMain
	if row.URLExpiresAt.Before(time.Now().Add(time.Minute)) {
		url = "" // expired: let the client ask the API for a fresh one first
	}
	ref := headshotpro.PhotoRef{ModelID: row.ModelID, PhotoID: row.PhotoID, Variant: headshotpro.VariantMain, URL: url}
	if !x.gate.acquire(ctx) {
		return blobs.Ref{}, ctx.Err()
	}
	blob, err := photos.Download(ctx, x.deps.Fetcher, x.deps.Blobs, ref, key, x.opts.MaxPhotoBytes)
	x.gate.release(blob.Size) // 0 on failure
	switch {
	case ctx.Err() != nil:
		return blobs.Ref{}, ctx.Err()
	case err != nil:
		if headshotpro.IsOffline(err) {
			// Every other uncached item would wait out the same retries:
			// fail them at once and export what is cached.
			x.offline.Store(true)
		}
		x.deps.logf("download %s of %s: %v", row.PhotoID, row.Email, err)
		return blobs.Ref{}, errors.New(downloadReason(err))
	}
	x.downloaded.Add(1)
	return blob, nil
}

// bufPool recycles PFP encode buffers (~100 KB each).
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render makes the PFP from the cached headshot, stores it in the cache
// (so the next export only re-zips) and pins it.
func (x *exporter) render(ctx context.Context, it *item) {
	err := x.renderPFP(ctx, it)
	if err == nil {
		return
	}
	x.deps.logf("render pfp of %s: %v", it.row.Email, err)
	if errors.Is(err, pfp.ErrCorrupt) {
		// The headshot itself does not decode: it stays out of the output
		// rather than hand a broken file on, and the cache forgets it, so
		// the next export downloads it again.
		photos.Forget(x.deps.Blobs, it.row.PhotoID)
		it.hasHead, it.headErr, it.pfpErr = false, damagedReason, damagedReason
		return
	}
	it.pfpErr = renderReason(err)
}

func (x *exporter) renderPFP(ctx context.Context, it *item) error {
	bc := x.deps.Blobs
	src, err := bc.Open(it.head.Hash)
	if err != nil {
		return fmt.Errorf("open cached headshot: %w", err)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	err = x.deps.Renderer.RenderTo(ctx, buf, src, x.opts.Template, pfp.JPEG)
	src.Close()
	if err != nil {
		return err
	}
	ref, err := bc.PutKeyed(ctx, pfpKey(it.row.PhotoID, x.opts.Template), bytes.NewReader(buf.Bytes()))
	if err != nil {
		return fmt.Errorf("cache rendered profile picture: %w", err)
	}
	x.rendered.Add(1)
	it.pfp, it.hasPFP = ref, true
	it.unpin = append(it.unpin, bc.Pin(ref.Hash))
	return nil
}

// entry is one file of an item in the output.
type entry struct {
	name string // slash path inside the output
	ref  blobs.Ref
}

// write names the item's files and writes them to the sink, then reports the
// item: done, partial (some file missing: reported with what was kept) or
// failed (nothing written). Only sink errors are returned: they end the
// export (disk full, I/O error).
func (x *exporter) write(it *item) error {
	var entries []entry
	var missing []string
	email := it.row.Email
	switch x.opts.Preset {
	case PresetFlatEmail:
		if it.hasHead {
			entries = append(entries, entry{x.namer.UniqueFile(email, ".jpg"), it.head})
		} else {
			missing = append(missing, it.headErr)
		}
	case PresetFlatEmailPFP:
		if it.hasPFP {
			entries = append(entries, entry{x.namer.UniqueFile(email, ".jpg"), it.pfp})
		} else {
			missing = append(missing, "profile picture: "+firstNonEmpty(it.pfpErr, it.headErr))
		}
	default:
		folder := ""
		if it.hasHead || it.hasPFP {
			folder = x.namer.Unique(FolderName(email, it.row.Title))
		}
		if it.hasHead {
			entries = append(entries, entry{folder + "/headshot.jpg", it.head})
		} else {
			missing = append(missing, "headshot.jpg: "+it.headErr)
		}
		if it.hasPFP {
			entries = append(entries, entry{folder + "/pfp.jpg", it.pfp})
		} else if it.hasHead {
			// the headshot went fine; only the PFP is missing
			missing = append(missing, "pfp.jpg: "+it.pfpErr)
		}
	}

	var written int64
	var kept []string
	for _, e := range entries {
		if !fs.ValidPath(e.name) {
			return fmt.Errorf("internal error: unsafe entry name %q", e.name)
		}
		n, ok, err := x.copyEntry(e)
		if err != nil {
			return err
		}
		if !ok {
			missing = append(missing, e.name+": the cached file disappeared")
			continue
		}
		written += n
		kept = append(kept, e.name)
	}
	x.bytes += written
	x.entries += len(kept)
	if len(kept) > 0 {
		x.items++
	}
	if len(missing) == 0 {
		x.pr.add(1, written)
		return nil
	}
	reason := joinReasons(missing)
	if len(kept) > 0 {
		reason += " (" + joinReasons(baseNames(kept)) + " included)"
	}
	x.failures = append(x.failures, jobs.Failure{Item: email, Reason: reason})
	x.pr.fail(email, reason)
	x.pr.add(0, written)
	return nil
}

// copyEntry copies one cached blob into the sink. ok=false: the blob could
// not be opened (an item problem, nothing written). A failure after the
// entry was started is an error: the output would hold a broken entry.
func (x *exporter) copyEntry(e entry) (int64, bool, error) {
	f, err := x.deps.Blobs.Open(e.ref.Hash)
	if err != nil {
		return 0, false, nil
	}
	defer f.Close()
	n, err := x.sink.add(e.name, f, e.ref.Size, x.modified)
	if err != nil {
		return n, true, fmt.Errorf("write %s: %w", e.name, err)
	}
	if n != e.ref.Size {
		return n, true, fmt.Errorf("write %s: cached file is %d bytes, expected %d (cache damaged)", e.name, n, e.ref.Size)
	}
	return n, true, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func joinReasons(r []string) string { return strings.Join(r, "; ") }

func baseNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n[strings.LastIndexByte(n, '/')+1:]
	}
	return out
}
