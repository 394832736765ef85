package workflow

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/publish/demodir"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Names inside the data dir.
const (
	cacheFile = "cache.db"
	// DefaultBlobBudget bounds the photo cache on disk.
	DefaultBlobBudget = 20 << 30
)

// Config says which organization's local side to open.
type Config struct {
	DataDir string
	APIURL  string
	// APIKey authenticates to APIURL. Without one the Desk works from the
	// caches only (Client is nil). Never logged or stored.
	APIKey string
	// UserAgent names the front-end to HeadshotPro ("Shotdesk/1.2.3").
	UserAgent  string
	Logger     *slog.Logger
	BlobBudget int64 // 0 = DefaultBlobBudget
	// ClientOptions are extra API client options (tests: a clock that does
	// not sleep).
	ClientOptions []headshotpro.Option
}

// Sender sends the outbox's queued actions now and says what happened.
// *syncer.Syncer sends directly (the command line); *syncer.Service takes
// turns with its background loop (the window).
type Sender interface {
	SendQueued(ctx context.Context) (syncer.ReplayResult, error)
}

// Desk is one organization's local side and the use cases on it.
type Desk struct {
	DataDir string
	APIURL  string
	Store   *store.Store
	Blobs   *blobs.Cache
	// Client and Syncer are nil without an API key: the use cases then work
	// from the caches and say so.
	Client *headshotpro.Client
	Syncer *syncer.Syncer
	// Sender sends queued actions; Open sets the Syncer, the window
	// replaces it with its sync service.
	Sender Sender
	Logger *slog.Logger
	// Rebuilt describes a damaged cache that Open set aside and replaced;
	// nil normally. Front-ends tell the person once.
	Rebuilt *store.RebuildReport
	// ReadOnly: the disk is full, so the offline copy is open for reading
	// only (ReadOnlyNotice says so); every change fails with words.
	ReadOnly bool

	now func() time.Time

	// demoDir is the demo directory (publish), made on first use.
	demoMu  sync.Mutex
	demoDir *demodir.Directory
}

// Open opens (creating when needed) the data dir, the offline cache
// (rebuilding it when damaged), the photo cache and, with a key, the API
// client. Close releases them.
func Open(cfg Config) (*Desk, error) {
	d := &Desk{DataDir: cfg.DataDir, APIURL: cfg.APIURL, Logger: cfg.Logger, now: time.Now}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if err := config.EnsureDataDir(cfg.DataDir); err != nil {
		return nil, newError(KindInternal, err, "Shotdesk cannot create its data folder %s. Check that the disk is writable.", cfg.DataDir)
	}
	st, report, err := store.OpenOrRebuild(filepath.Join(cfg.DataDir, cacheFile))
	if err != nil && store.IsDiskFull(err) {
		// A full disk must not take the offline copy away: open it for
		// reading (lists, search, exports to another disk) and say why
		// nothing can be changed.
		if ro, rerr := store.OpenReadOnly(filepath.Join(cfg.DataDir, cacheFile)); rerr == nil {
			d.Logger.Warn("disk full: offline copy opened read-only", "err", err)
			st, err, d.ReadOnly = ro, nil, true
		}
	}
	if err != nil {
		return nil, newError(KindInternal, err, "The offline copy in %s cannot be opened. Check the disk, or move the folder aside to start afresh.", cfg.DataDir)
	}
	d.sweepLeftovers()
	d.Store, d.Rebuilt = st, report
	if report != nil {
		d.Logger.Warn("cache rebuilt", "reason", report.Reason, "movedTo", report.MovedTo, "salvageErr", report.SalvageErr)
	}
	budget := cfg.BlobBudget
	if budget <= 0 {
		budget = DefaultBlobBudget
	}
	// Photos live in the OS cache dir for the default data dir (they can be
	// downloaded again, and a roaming profile must not carry gigabytes);
	// an existing blobs/ folder is moved there once.
	photoDir, moved, warn := config.PreparePhotoDir(cfg.DataDir)
	if warn != nil {
		d.Logger.Warn("photo cache", "err", warn)
	} else if moved {
		d.Logger.Info("photo cache moved", "to", photoDir)
	}
	if d.Blobs, err = blobs.Open(photoDir, budget); err != nil {
		d.Close()
		return nil, newError(KindInternal, err, "The photo cache in %s cannot be opened. Check the disk.", photoDir)
	}
	if cfg.APIKey != "" {
		opts := append([]headshotpro.Option{headshotpro.WithLogger(d.Logger), headshotpro.WithUserAgent(cfg.UserAgent)}, cfg.ClientOptions...)
		if d.Client, err = headshotpro.New(cfg.APIURL, cfg.APIKey, opts...); err != nil {
			d.Close()
			return nil, newError(KindInvalidInput, err, "The HeadshotPro API address %s cannot be used: it must be https, or http to this computer.", headshotpro.RedactURL(cfg.APIURL))
		}
		d.Syncer = syncer.New(d.Client, d.Store, d.Blobs, d.Logger)
		d.Syncer.FreeSpace = bundle.FreeSpace
		d.Sender = d.Syncer
	}
	return d, nil
}

// Close releases the caches (the photo cache writes its index).
func (d *Desk) Close() {
	if d.Blobs != nil {
		d.Blobs.Close()
	}
	if d.Store != nil {
		d.Store.Close()
	}
}

// Online says whether the Desk has an API client at all (a key). Whether
// HeadshotPro answers is another matter: see Freshen.
func (d *Desk) Online() bool { return d.Client != nil }

// ReadOnlyNotice is the sentence to show while the disk is full.
func (d *Desk) ReadOnlyNotice() string {
	if !d.ReadOnly {
		return ""
	}
	return "The disk is full, so the offline copy is open for reading only: lists, search and exports to another disk work; free some space to mark, invite or sync."
}

// RebuildNotice is the sentence to show once when Open rebuilt the cache.
func (d *Desk) RebuildNotice() string {
	if d.Rebuilt == nil {
		return ""
	}
	return fmt.Sprintf("The offline copy was damaged and has been rebuilt (%d actioned marks and %d queued actions kept); it refills with the next sync.", d.Rebuilt.Markers, d.Rebuilt.Outbox)
}
