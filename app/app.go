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
}

// App owns the Wails context, the job manager, the organization's Desk
// and the bound services.
type App struct {
	info    AppInfo
	logger  *slog.Logger
	jobs    *jobs.Manager
	desk    *workflow.Desk
	syncSvc *syncer.Service
	os      desktop // dialogs, file manager, browser

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
	a.jobs = jobs.NewManager(wailsEmitter{ctx: a.wailsContext})
	desk, err := workflow.Open(workflow.Config{DataDir: cfg.DataDir, APIURL: cfg.APIURL, APIKey: cfg.APIKey,
		UserAgent: "Shotdesk/" + cfg.Version, Logger: a.logger})
	if err != nil {
		return nil, err
	}
	a.desk = desk
	a.info.CacheNotice = desk.RebuildNotice()
	if desk.Syncer != nil {
		a.syncSvc = syncer.NewService(desk.Syncer, a.jobs, a.emitSyncStatus)
		desk.Sender = a.syncSvc // invites take turns with the sync loop
	}
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
	a.Settings = &SettingsService{app: a, keychain: config.OSKeychain{}, getenv: os.Getenv}
	return a, nil
}

// Close releases the cache files; call it after the window closed.
func (a *App) Close() { a.desk.Close() }

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
	if a.syncSvc != nil {
		go a.syncSvc.Run(ctx)
	}
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
	return []any{a.System, a.Jobs, a.Sync, a.People, a.Headshots, a.Invites, a.Teams, a.Outbox, a.Export, a.Settings}
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
