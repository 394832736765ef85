// Package app is the only package that imports Wails. It holds the bound
// services (one per domain, methods return (T, error)), the lifecycle hooks,
// the error formatter and the window options. It holds no business logic:
// services translate DTOs and call internal/.
package app

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Config is what main.go resolved before the window opens.
type Config struct {
	Version string
	DataDir string
	APIURL  string
	// APIKey authenticates to APIURL. It stays in Go: never logged, never
	// stored, never sent to the webview.
	APIKey string
	Demo   bool
	Logger *slog.Logger
}

// App owns the Wails context, the job manager, the offline cache and the
// bound services.
type App struct {
	info   AppInfo
	logger *slog.Logger
	jobs   *jobs.Manager

	store   *store.Store
	blobs   *blobs.Cache
	syncSvc *syncer.Service
	syncer  *syncer.Syncer // on-demand gallery and photo downloads (headshots.go)

	client *headshotpro.Client // API client for exports (export.go)

	mu  sync.Mutex
	ctx context.Context

	bindOnce  sync.Once
	boundSvcs []any

	System *SystemService
	Jobs   *JobService
	Sync   *SyncService
	People *PeopleService
}

// blobBudget bounds the photo cache on disk.
const blobBudget = 20 << 30

// New opens the offline cache in cfg.DataDir and builds the services;
// nothing touches Wails until the window starts. Close releases the cache.
func New(cfg Config) (*App, error) {
	a := &App{
		info: AppInfo{
			Version: cfg.Version,
			DataDir: cfg.DataDir,
			Demo:    cfg.Demo,
			APIURL:  cfg.APIURL,
			OS:      runtime.GOOS,
		},
		logger: cfg.Logger,
	}
	if a.logger == nil {
		a.logger = slog.Default()
	}
	a.jobs = jobs.NewManager(wailsEmitter{ctx: a.wailsContext})
	a.System = &SystemService{app: a}
	a.Jobs = &JobService{app: a}
	a.Sync = &SyncService{app: a}
	a.People = &PeopleService{app: a}

	st, report, err := store.OpenOrRebuild(filepath.Join(cfg.DataDir, "cache.db"))
	if err != nil {
		return nil, fmt.Errorf("open the offline cache: %w", err)
	}
	if report != nil {
		a.info.CacheNotice = fmt.Sprintf("The offline copy was damaged and has been rebuilt (%d actioned marks and %d queued actions kept); it refills with the next sync.", report.Markers, report.Outbox)
		a.logger.Warn("cache rebuilt", "reason", report.Reason, "movedTo", report.MovedTo, "salvageErr", report.SalvageErr)
	}
	a.store = st
	if a.blobs, err = blobs.Open(filepath.Join(cfg.DataDir, "blobs"), blobBudget); err != nil {
		st.Close()
		return nil, fmt.Errorf("open the photo cache: %w", err)
	}
	client, err := headshotpro.New(cfg.APIURL, cfg.APIKey, headshotpro.WithLogger(a.logger), headshotpro.WithUserAgent("Shotdesk/"+cfg.Version))
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("API client: %w", err)
	}
	a.client = client
	a.syncer = syncer.New(client, st, a.blobs, a.logger)
	a.syncSvc = syncer.NewService(a.syncer, a.jobs, a.emitSyncStatus)
	return a, nil
}

// Close releases the cache files; call it after the window closed.
func (a *App) Close() {
	if a.blobs != nil {
		a.blobs.Close()
	}
	if a.store != nil {
		a.store.Close()
	}
}

func (a *App) emitSyncStatus(s syncer.Status) {
	if ctx := a.wailsContext(); ctx != nil {
		wruntime.EventsEmit(ctx, EventSyncStatus, toSyncStatus(s))
	}
}

// context returns the context jobs and calls derive from: the Wails
// context once started (so shutdown cancels them), else Background.
func (a *App) context() context.Context {
	if ctx := a.wailsContext(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func (a *App) wailsContext() context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ctx
}

// startup is the OnStartup hook: the only place the Wails context enters.
func (a *App) startup(ctx context.Context) {
	a.mu.Lock()
	a.ctx = ctx
	a.mu.Unlock()
	a.logger.Info("window started", "version", a.info.Version, "os", a.info.OS, "dataDir", a.info.DataDir, "demo", a.info.Demo)
	go a.syncSvc.Run(ctx)
}

// shutdown is the OnShutdown hook: cancel jobs and wait a little for them.
func (a *App) shutdown(context.Context) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.jobs.Shutdown(ctx); err != nil {
		a.logger.Warn("jobs did not stop in time", "err", err)
	}
}

// Bindings lists the bound services. Every exported method of these becomes
// a JS function; keep the surface small and free of paths, URLs and secrets
// (TestBoundSurface holds the reviewed list in testdata/bound_methods.golden).
func (a *App) Bindings() []any {
	out := []any{a.System, a.Jobs, a.Sync, a.People}
	for _, mk := range extraServices {
		out = append(out, mk(a))
	}
	return out
}

// extraServices are the bound services that live in their own files and
// register themselves in init() with bindService, so adding a screen's
// service does not edit this file.
var extraServices []func(a *App) any

// bindService registers a service constructor; call it from init().
func bindService(mk func(a *App) any) { extraServices = append(extraServices, mk) }

// bound returns the bound services, built once so every caller (Wails,
// tests) sees the same instances.
func (a *App) bound() []any {
	a.bindOnce.Do(func() { a.boundSvcs = a.Bindings() })
	return a.boundSvcs
}

// SingleInstanceID identifies the app for the single-instance lock.
const SingleInstanceID = "com.shotdesk.desktop"

// Options returns the Wails options, hardened per research/reliability.md
// §3.9: no default context menu, no inspector on start, webview drag-drop
// off, one instance at a time, errors as JSON strings.
func (a *App) Options(assets fs.FS) *options.App {
	return &options.App{
		Title:     "Shotdesk",
		Width:     1280,
		Height:    820,
		MinWidth:  960,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets:     assets,
			Middleware: a.mediaMiddleware(),
		},
		BackgroundColour:         &options.RGBA{R: 248, G: 249, B: 251, A: 255},
		OnStartup:                a.startup,
		OnShutdown:               a.shutdown,
		Bind:                     a.bound(),
		ErrorFormatter:           FormatError,
		EnableDefaultContextMenu: false,
		DragAndDrop:              &options.DragAndDrop{DisableWebViewDrop: true},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: SingleInstanceID,
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if ctx := a.wailsContext(); ctx != nil {
					wruntime.WindowUnminimise(ctx)
					wruntime.Show(ctx)
				}
			},
		},
		Debug: options.Debug{OpenInspectorOnStartup: false},
		Linux: &linux.Options{ProgramName: "shotdesk"},
	}
}
