// Package app is the only package that imports Wails. It adapts the use
// cases of internal/workflow to the window: bound services (one per
// screen, methods return (T, error)) turn DTOs into requests, make one
// call and turn the result back into DTOs; long work runs as jobs whose
// progress goes out as events; errors become one AppError shape. The
// business rules live in internal/workflow, shared with the command line.
package app

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/syncer"
	"github.com/shotdesk/shotdesk/internal/workflow"
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
	// RealDataDir is where a connected organization's caches live (the
	// data dir when not in the demo); Connect opens it.
	RealDataDir string
	// StartDemo starts (once) the embedded demo organization and returns
	// its API and throwaway data dir; Sign out switches to it. nil: no demo.
	StartDemo func() (apiURL, apiKey, dataDir string, err error)
	// Keychain holds the API key (tests: an in-memory one).
	Keychain config.Keychain
}

// App owns the Wails context, the job manager, the organization's Desk
// and the bound services.
type App struct {
	info    AppInfo
	logger  *slog.Logger
	jobs    *jobs.Manager
	cfg     Config
	session *workflow.Session // the organization open now (a switch replaces it in place)
	os      desktop           // dialogs, file manager, browser

	mu  sync.Mutex
	ctx context.Context

	System    *SystemService
	Jobs      *JobService
	Sync      *SyncService
	People    *PeopleService
	Headshots *HeadshotsService
	Invites   *InvitesService
	Teams     *TeamsService
	Outbox    *OutboxService
	Export    *ExportService
	Settings  *SettingsService
	Publish   *PublishService
}

// New opens the organization's caches in cfg.DataDir and builds the
// services; nothing touches Wails until the window starts. Close releases
// the caches.
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
	if cfg.Keychain == nil {
		cfg.Keychain = config.Stored{Keychain: config.OSKeychain{}, File: config.KeyFile{Dir: cfg.RealDataDir}}
	}
	if cfg.RealDataDir == "" && !cfg.Demo {
		cfg.RealDataDir = cfg.DataDir
	}
	a.cfg = cfg
	a.jobs = jobs.NewManager(wailsEmitter{ctx: a.wailsContext})
	session, err := workflow.NewSession(a.jobs, a.logger, "Shotdesk/"+cfg.Version, a.emitSyncStatus, cfg.DataDir, cfg.APIURL, cfg.APIKey)
	if err != nil {
		return nil, err
	}
	a.session = session
	a.info.CacheNotice = session.Notice()
	a.os = newDesktop(a)
	a.System = &SystemService{app: a}
	a.Jobs = &JobService{app: a}
	a.Sync = &SyncService{app: a}
	a.People = &PeopleService{app: a}
	a.Headshots = &HeadshotsService{app: a}
	a.Invites = &InvitesService{app: a}
	a.Teams = &TeamsService{app: a}
	a.Outbox = &OutboxService{app: a}
	a.Export = &ExportService{app: a, csvs: map[string]string{}}
	a.Publish = &PublishService{app: a}
	a.Settings = &SettingsService{app: a, keychain: cfg.Keychain, getenv: os.Getenv}
	return a, nil
}

// d is the Desk of the organization open now.
func (a *App) d() *workflow.Desk { return a.session.Desk() }

// sync is its sync service (nil without one).
func (a *App) sync() *syncer.Service { return a.session.Sync() }

// Close releases the cache files; call it after the window closed.
func (a *App) Close() { a.session.Close() }

func (a *App) emitSyncStatus(s syncer.Status) {
	if a.Sync != nil {
		a.Sync.logProblem(s.Err)
	}
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
	a.session.Run(ctx)
}

// shutdown is the OnShutdown hook: cancel jobs and wait a little for them.
func (a *App) shutdown(context.Context) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.jobs.Shutdown(ctx); err != nil {
		a.logger.Warn("jobs did not stop in time", "err", err)
	}
}

// bound lists every bound service, in one place. Every exported method of
// these becomes a JS function; keep the surface small and free of paths,
// URLs and secrets (TestBoundSurface holds the reviewed list in
// testdata/bound_methods.golden).
func (a *App) bound() []any {
	return []any{a.System, a.Jobs, a.Sync, a.People, a.Headshots, a.Invites, a.Teams, a.Outbox, a.Export, a.Settings, a.Publish}
}

// SingleInstanceID identifies the app for the single-instance lock.
const SingleInstanceID = "com.shotdesk.desktop"

// Options returns the Wails options, hardened: no default context menu and
// no inspector (a webview is not a browser), webview drag-drop off (a
// dropped file would navigate away from the app), one instance at a time
// (two windows would fight over the cache), errors as JSON strings.
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
		ErrorFormatter:           a.formatError,
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
