package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
)

// Syncer moves data between the hosted API, the cache and the blob cache.
type Syncer struct {
	client *headshotpro.Client
	store  *store.Store
	blobs  *blobs.Cache // nil disables prefetch
	logger *slog.Logger
	now    func() time.Time

	// PrefetchConcurrency bounds parallel photo downloads (default 8).
	PrefetchConcurrency int
	// FreeSpace tells the bytes free on the disk holding dir (ok false:
	// cannot tell here); photos for offline use stop at DiskReserve. nil
	// checks nothing.
	FreeSpace func(dir string) (free int64, ok bool, err error)
}

// New returns a Syncer. blobCache may be nil (no prefetch).
func New(client *headshotpro.Client, st *store.Store, blobCache *blobs.Cache, logger *slog.Logger) *Syncer {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Syncer{client: client, store: st, blobs: blobCache, logger: logger, now: time.Now, PrefetchConcurrency: 8}
}

// Options change how one Sync behaves.
type Options struct {
	// AllowMassDeletion applies a pull even when it removes most people;
	// set only after the user confirmed.
	AllowMassDeletion bool
}

// Result summarises a successful sync.
type Result struct {
	People    int
	Members   int
	Invites   int
	Models    int
	Favorites int
	Teams     int
	Credits   float64
	Changed   int // rows inserted or updated
	Deleted   int // rows the server no longer has
	Duration  time.Duration
}

func (r Result) String() string {
	return fmt.Sprintf("%d people (%d members, %d invites), %d shoots, %d favorites, %d teams, %.2f credits; %d rows changed, %d removed in %s",
		r.People, r.Members, r.Invites, r.Models, r.Favorites, r.Teams, r.Credits, r.Changed, r.Deleted, r.Duration.Round(time.Millisecond))
}

// MassDeletionMin is the smallest number of removed people the guard can
// stop for: small orgs legitimately shrink by half.
const MassDeletionMin = 10

// MassDeletionError stops a sync that would remove most of the cached org.
type MassDeletionError struct {
	Removed, Total int
}

func (e *MassDeletionError) Error() string {
	return fmt.Sprintf("this sync would remove %d of the %d people in the offline copy; nothing was changed — check the API key belongs to this organization, then confirm to apply", e.Removed, e.Total)
}

// ErrMassDeletion matches *MassDeletionError with errors.Is.
var ErrMassDeletion = errors.New("sync would remove most of the organization")

// Is makes errors.Is(err, ErrMassDeletion) true.
func (e *MassDeletionError) Is(target error) bool { return target == ErrMassDeletion }

// ErrOtherOrganization: the API key belongs to another organization than
// the one the offline copy (and its queued actions) belongs to.
var ErrOtherOrganization = errors.New("the API key belongs to another organization than this offline copy")

// OtherOrganizationError names both organizations.
type OtherOrganizationError struct {
	Cached, Key string // the offline copy's organization and the key's
}

func (e *OtherOrganizationError) Error() string {
	if e.Cached == e.Key {
		return fmt.Sprintf("this offline copy belongs to another organization called %q than the API key's", e.Cached)
	}
	return fmt.Sprintf("this offline copy belongs to %q, but the API key is for %q", e.Cached, e.Key)
}

// Is makes errors.Is(err, ErrOtherOrganization) true.
func (e *OtherOrganizationError) Is(target error) bool { return target == ErrOtherOrganization }

// sameOrganization checks that org (what the API key sees) is the one the
// offline copy holds. A copy that never synced belongs to no one yet: the
// first sync binds it.
func (s *Syncer) sameOrganization(ctx context.Context, org domain.Organization) error {
	cached, err := s.store.Organization(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if cached.UID == "" || cached.UID == org.UID {
		return nil
	}
	return &OtherOrganizationError{Cached: cached.Name, Key: org.Name}
}

// Sync pulls the whole organization and applies it in one transaction.
// t may be nil. On any error nothing in the cache changes except the
// recorded sync error.
func (s *Syncer) Sync(ctx context.Context, t *jobs.Tracker, opts Options) (Result, error) {
	start := s.now()
	snap, err := s.pull(ctx, t)
	if err == nil {
		err = s.sameOrganization(ctx, snap.Org)
	}
	if err != nil {
		s.recordError(start, err)
		return Result{}, fmt.Errorf("sync: %w", err)
	}
	phase(t, "saving", 0)
	// The mass-deletion guard runs inside the apply's transaction, before
	// anything is written, on the same read of the cache.
	var massDeletion *MassDeletionError
	stats, err := s.store.ApplySnapshotGuarded(ctx, snap, func(removed, total int) error {
		if !opts.AllowMassDeletion && removed >= MassDeletionMin && removed*2 > total {
			massDeletion = &MassDeletionError{Removed: removed, Total: total}
			return massDeletion
		}
		return nil
	})
	if massDeletion != nil {
		s.recordError(start, massDeletion)
		return Result{}, fmt.Errorf("sync: %w", massDeletion)
	}
	if err != nil {
		s.recordError(start, err)
		return Result{}, fmt.Errorf("sync: save: %w", err)
	}
	res := Result{
		People: stats.People, Members: len(snap.Members), Invites: len(snap.Invites), Models: len(snap.Models),
		Favorites: len(snap.Favorites), Teams: len(snap.Teams), Credits: snap.Credits,
		Changed: stats.Changed, Deleted: stats.Deleted, Duration: s.now().Sub(start),
	}
	s.logger.Info("sync done", "people", res.People, "changed", res.Changed, "deleted", res.Deleted, "duration", res.Duration)
	return res, nil
}

// recordError notes a failed sync for the status bar; a failure to record
// is only logged, the sync error is what matters.
func (s *Syncer) recordError(at time.Time, err error) {
	if rerr := s.store.RecordSyncError(context.WithoutCancel(context.Background()), at, err.Error()); rerr != nil {
		s.logger.Warn("record sync error", "err", rerr)
	}
}

// pull fetches everything a snapshot needs: the organization (with its
// credits), the teams and the four long lists (invites, members, shoots,
// favorites), all at the same time. They are independent requests and
// paginated listings, so fetching them side by side costs the same
// requests in about the time of the longest list; one after the other,
// each waited for the previous one's round trip and decoding (on a real
// link, three round trips before the first page). The first to fail
// cancels the others and its error is the one returned.
func (s *Syncer) pull(ctx context.Context, t *jobs.Tracker) (store.Snapshot, error) {
	// The last sync's counts size the lists: an organization changes little
	// between syncs, and appending 10,000 people one by one to an empty
	// slice copies them over and over.
	var last store.ApplyStats
	if st, err := s.store.SyncStatus(ctx); err == nil {
		last = st.Counts
	}
	snap := store.Snapshot{
		TakenAt:   s.now(),
		Members:   make([]domain.Member, 0, last.Members),
		Models:    make([]domain.Model, 0, last.Models),
		Photos:    make([]store.PhotoRecord, 0, last.Favorites),
		Favorites: make(map[string]string, last.Favorites),
	}

	phase(t, "organization, people, shoots and favorites", 0)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		errMu    sync.Mutex
		firstErr error
	)
	// fetch runs one request (or paged list) on its own goroutine; the first
	// failure, named by what, is the sync's error and cancels the others.
	fetch := func(what string, get func() error) {
		wg.Go(func() {
			err := get()
			if err == nil {
				return
			}
			errMu.Lock()
			defer errMu.Unlock()
			if firstErr == nil {
				firstErr = fmt.Errorf("%s: %w", what, err)
				cancel()
			}
		})
	}
	fetch("organization", func() error {
		org, err := s.client.Organization(ctx) // with the credit balance
		if err == nil {
			snap.Org, snap.Credits = org, org.Credits
			add(t, 1)
		}
		return err
	})
	fetch("teams", func() error {
		teams, err := s.client.Teams(ctx)
		if err == nil {
			snap.Teams = teams
			add(t, 1)
		}
		return err
	})
	fetch("invites", func() error {
		invites, err := s.client.Invites(ctx)
		if err == nil {
			snap.Invites = invites
			add(t, len(invites))
		}
		return err
	})
	fetch("members", func() error {
		for m, err := range s.client.Members(ctx, headshotpro.MemberFilter{}) {
			if err != nil {
				return err
			}
			snap.Members = append(snap.Members, m)
			add(t, 1)
		}
		return nil
	})
	fetch("shoots", func() error {
		for m, err := range s.client.Models(ctx, headshotpro.ModelFilter{}) {
			if err != nil {
				return err
			}
			snap.Models = append(snap.Models, m)
			add(t, 1)
		}
		return nil
	})
	fetch("favorites", func() error {
		for f, err := range s.client.Favorites(ctx, headshotpro.FavoritesFilter{Include: headshotpro.IncludeAll}) {
			if err != nil {
				return err
			}
			if f.ModelID == "" || f.ID == "" {
				continue // unusable entry; the store would drop it anyway
			}
			snap.Favorites[f.ModelID] = f.ID
			snap.Photos = append(snap.Photos, photoRecord(f.Photo))
			add(t, 1)
		}
		return nil
	})
	wg.Wait()
	return snap, firstErr
}

func photoRecord(p headshotpro.Photo) store.PhotoRecord {
	return store.PhotoRecord{
		Photo:   p.Photo,
		URLMain: p.URLs.Main, URLThumb: p.URLs.Thumbnail, URLOriginal: p.URLs.Original,
		URLExpiresAt: p.ExpiresAt,
	}
}

// RefreshPhotos fetches one shoot's gallery (metadata and fresh URLs) into
// the cache; the member detail view calls it when online.
func (s *Syncer) RefreshPhotos(ctx context.Context, modelID string) ([]store.PhotoRecord, error) {
	var recs []store.PhotoRecord
	for p, err := range s.client.Photos(ctx, modelID, headshotpro.PhotoFilter{Include: headshotpro.IncludeAll}) {
		if err != nil {
			return nil, fmt.Errorf("refresh photos of %s: %w", modelID, err)
		}
		recs = append(recs, photoRecord(p))
	}
	if err := s.store.ReplacePhotos(ctx, modelID, recs); err != nil {
		return nil, fmt.Errorf("refresh photos of %s: %w", modelID, err)
	}
	return recs, nil
}

func phase(t *jobs.Tracker, name string, total int) {
	if t != nil {
		t.Phase(name, total)
	}
}

func add(t *jobs.Tracker, n int) {
	if t != nil {
		t.Add(n, 0)
	}
}
