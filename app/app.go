// Package app is the only package that imports Wails. It holds the bound
// services (one per domain, methods return (T, error)), the lifecycle hooks,
// the error formatter and the window options. It holds no business logic:
// services translate DTOs and call internal/.
package app

import (
	"context"
	"io/fs"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/jobs"
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

// App owns the Wails context, the job manager and the bound services.
type App struct {
	info   AppInfo
	logger *slog.Logger
	jobs   *jobs.Manager

	mu  sync.Mutex
	ctx context.Context

	System *SystemService
	Jobs   *JobService
}

// New builds the App; nothing touches Wails until Startup.
func New(cfg Config) *App {
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
	return a
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
// a JS function; keep the surface small and free of paths, URLs and secrets.
func (a *App) Bindings() []any {
	return []any{a.System, a.Jobs}
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
			Assets: assets,
		},
		BackgroundColour:         &options.RGBA{R: 248, G: 249, B: 251, A: 255},
		OnStartup:                a.startup,
		OnShutdown:               a.shutdown,
		Bind:                     a.Bindings(),
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
