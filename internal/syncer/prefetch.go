package syncer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/photos"
	"github.com/shotdesk/shotdesk/internal/store"
)

// maxPhotoBytes caps one download; the biggest real headshots are ~4 MB.
const maxPhotoBytes = 40 << 20

// PrefetchResult counts what Prefetch did.
type PrefetchResult struct {
	Fetched, AlreadyCached, Failed int
	Bytes                          int64
}

// Prefetch downloads the favorites (full size and thumbnail) of every shoot
// into the blob cache, skipping what is already there, with a bounded number
// of parallel downloads. Failures are reported per item through t and do
// not stop the rest; a network failure stops early (we are offline).
func (s *Syncer) Prefetch(ctx context.Context, t *jobs.Tracker) (PrefetchResult, error) {
	var res PrefetchResult
	if s.blobs == nil {
		return res, nil
	}
	favs, err := s.store.Favorites(ctx, "")
	if err != nil {
		return res, fmt.Errorf("prefetch: %w", err)
	}
	type task struct {
		fav     store.FavoriteRow
		variant string
		url     string
	}
	var tasks []task
	for _, f := range favs {
		for _, v := range []struct{ name, url string }{{blobs.VariantThumb, f.URLThumb}, {blobs.VariantMain, f.URLMain}} {
			if _, ok := s.blobs.Lookup(blobs.PhotoKey(f.PhotoID, v.name)); ok {
				res.AlreadyCached++
				continue
			}
			tasks = append(tasks, task{fav: f, variant: v.name, url: v.url})
		}
	}
	phase(t, "downloading photos", len(tasks))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan task)
	var mu sync.Mutex
	var offlineErr error
	var wg sync.WaitGroup
	for range max(1, s.PrefetchConcurrency) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tk := range work {
				n, err := s.fetchInto(ctx, headshotpro.PhotoRef{ModelID: tk.fav.ModelID, PhotoID: tk.fav.PhotoID, Variant: tk.variant, URL: tk.url}, blobs.PhotoKey(tk.fav.PhotoID, tk.variant))
				mu.Lock()
				switch {
				case err == nil:
					res.Fetched++
					res.Bytes += n
					if t != nil {
						t.Add(1, n)
					}
				case ctx.Err() != nil:
					// cancelled or stopped after going offline: not an item failure
				default:
					res.Failed++
					if t != nil {
						t.Fail(tk.fav.Email, fmt.Sprintf("%s photo: %v", tk.variant, err))
					}
					if headshotpro.IsOffline(err) && offlineErr == nil {
						offlineErr = err
						cancel()
					}
				}
				mu.Unlock()
			}
		}()
	}
	var lowDisk error
feed:
	for i, tk := range tasks {
		// Photos for offline use are a convenience: they must never fill the
		// disk so far that the cache itself (marks, queued invites) cannot
		// be written. Checked every few photos (a statfs is cheap).
		if i%8 == 0 {
			if err := s.checkFreeSpace(); err != nil {
				lowDisk = err
				break feed
			}
		}
		select {
		case work <- tk:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if offlineErr != nil {
		return res, fmt.Errorf("prefetch: %w", offlineErr)
	}
	if lowDisk != nil {
		_ = s.blobs.Flush()
		return res, fmt.Errorf("prefetch: %w", lowDisk)
	}
	if err := ctx.Err(); err != nil { // the caller cancelled
		return res, fmt.Errorf("prefetch: %w", err)
	}
	if err := s.blobs.Flush(); err != nil {
		return res, fmt.Errorf("prefetch: %w", err)
	}
	return res, nil
}

// ErrLowDisk: the disk holding the photo cache is nearly full, so photos
// for offline use stopped.
var ErrLowDisk = errors.New("the disk holding the photo cache is nearly full")

// DiskReserve is the free space photos for offline use always leave on the
// photo cache's disk, so the offline copy, settings and logs stay writable.
const DiskReserve = 64 << 20

// checkFreeSpace reports ErrLowDisk when the photo cache's disk has less
// than DiskReserve free. Without a way to ask (FreeSpace nil or unsupported
// here) it says nothing.
func (s *Syncer) checkFreeSpace() error {
	if s.FreeSpace == nil {
		return nil
	}
	free, ok, err := s.FreeSpace(s.blobs.Dir())
	if err != nil || !ok || free >= DiskReserve {
		return nil
	}
	return fmt.Errorf("%w: %d MB free, photos stop below %d MB", ErrLowDisk, free>>20, DiskReserve>>20)
}

// FetchPhoto downloads one photo variant into the blob cache (or returns
// the cached copy's size) — for a member's gallery opened on demand.
func (s *Syncer) FetchPhoto(ctx context.Context, modelID, photoID, variant string) (int64, error) {
	if ref, ok := s.blobs.Lookup(blobs.PhotoKey(photoID, variant)); ok {
		return ref.Size, nil
	}
	url := ""
	if rec, err := s.store.Photo(ctx, photoID); err == nil && rec.URLExpiresAt.After(s.now().Add(time.Minute)) {
		url = headshotpro.PhotoURLs{Main: rec.URLMain, Thumbnail: rec.URLThumb, Original: rec.URLOriginal}.Variant(variant)
	}
	return s.fetchInto(ctx, headshotpro.PhotoRef{ModelID: modelID, PhotoID: photoID, Variant: variant, URL: url}, blobs.PhotoKey(photoID, variant))
}

// fetchInto streams a download into the blob cache under key. The blob
// cache writes to a temp file and renames on success, so a failed download
// leaves nothing behind.
func (s *Syncer) fetchInto(ctx context.Context, ref headshotpro.PhotoRef, key string) (int64, error) {
	blob, err := photos.Download(ctx, s.client, s.blobs, ref, key, maxPhotoBytes)
	return blob.Size, err
}

// RefreshFavoriteURLs renews the signed URLs of every favorite whose URL
// expires within `within`, through the org-wide favorites list (200 per
// request). Without it an export after the URLs' 24 hours would ask the API
// once per photo and run into the rate limit (300 requests a minute) on a
// large team. It returns how many photos got fresh URLs; with nothing
// expiring it makes no request.
func (s *Syncer) RefreshFavoriteURLs(ctx context.Context, teamID string, within time.Duration) (int, error) {
	favs, err := s.store.Favorites(ctx, teamID)
	if err != nil {
		return 0, fmt.Errorf("refresh photo links: %w", err)
	}
	deadline := s.now().Add(within)
	stale := false
	for _, f := range favs {
		if f.URLExpiresAt.Before(deadline) {
			stale = true
			break
		}
	}
	if !stale {
		return 0, nil
	}
	var updates []store.PhotoURLUpdate
	for f, err := range s.client.Favorites(ctx, headshotpro.FavoritesFilter{TeamID: teamID, Include: headshotpro.IncludeAll}) {
		if err != nil {
			return 0, fmt.Errorf("refresh photo links: %w", err)
		}
		updates = append(updates, store.PhotoURLUpdate{PhotoID: f.ID, ExpiresAt: f.ExpiresAt,
			URLs: store.PhotoURLs{Main: f.URLs.Main, Thumb: f.URLs.Thumbnail, Original: f.URLs.Original}})
	}
	n, err := s.store.UpdatePhotoURLsBatch(ctx, updates)
	if err != nil {
		return 0, fmt.Errorf("refresh photo links: %w", err)
	}
	return n, nil
}
