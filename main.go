// Command shotdesk is the Shotdesk desktop app and its command-line tools.
//
// Without arguments it opens the window; with a subcommand it runs that
// command (see internal/cli). This file only composes: it resolves the
// configuration, builds the services and hands them to Wails or the CLI.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/wailsapp/wails/v2"

	"github.com/shotdesk/shotdesk/app"
	"github.com/shotdesk/shotdesk/internal/cli"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/sandbox"
)

// version is set at build time with -ldflags "-X main.version=…" from
// scripts/version.sh (X.Y.Z on a release tag, else 0.0.0-dev+<commit>);
// appVersion fills it in for builds that skip the Makefile.
var version = ""

// cliOnly is set to "true" (-ldflags "-X main.cliOnly=true") for
// shotdesk-cli.exe, the Windows console-subsystem build of this program:
// it runs subcommands only and never opens the window (see
// main_windows.go).
var cliOnly = ""

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	version = appVersion(version)
	if cliOnly == "true" || isSubcommand(os.Args[1:]) {
		prepareConsole(cliOnly == "true")
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[1:], cli.Invocation{
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
			Version: version, Getenv: os.Getenv,
		})
		stop()
		os.Exit(code)
	}
	if err := runWindow(); err != nil {
		fmt.Fprintln(os.Stderr, "shotdesk:", err)
		os.Exit(1)
	}
}

// isSubcommand tells a CLI invocation from a window start. Arguments that
// start with "-" (other than help) belong to Wails' development build, which
// passes flags such as -assetdir to the window.
func isSubcommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return true
	}
	return !strings.HasPrefix(args[0], "-")
}

// appVersion is the version set by the linker, else the one scripts/
// version.sh would give a development build (`go build` and `go run`
// stamp the commit into the binary), else 0.0.0-dev.
func appVersion(linked string) string {
	if linked != "" {
		return linked
	}
	v := "0.0.0-dev"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	v += "+" + rev[:min(12, len(rev))]
	if modified == "true" {
		v += ".dirty"
	}
	return v
}

func runWindow() error {
	realDir, apiURL, err := config.Paths("", "", os.Getenv)
	if err != nil {
		return err
	}
	if err := config.EnsureDataDir(realDir); err != nil {
		return err
	}
	logger, closeLog, err := openLog(realDir)
	if err != nil {
		return err
	}
	defer closeLog()

	// The key: the environment, the OS keychain, else the key file a person
	// chose on a computer without a keychain.
	keychain := config.Stored{Keychain: config.OSKeychain{}, File: config.KeyFile{Dir: realDir}}
	apiKey, keyErr := config.APIKey(context.Background(), os.Getenv, keychain)
	demo := &demoOrg{}
	defer demo.Close()
	dataDir := realDir
	if keyErr != nil {
		logger.Info("no API key: opening the demo organization", "reason", keyErr)
		if apiURL, apiKey, dataDir, err = demo.Start(); err != nil {
			return err
		}
	}

	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return fmt.Errorf("frontend assets: %w", err)
	}
	a, err := app.New(app.Config{Version: version, DataDir: dataDir, APIURL: apiURL, APIKey: apiKey, Demo: keyErr != nil, Logger: logger,
		RealDataDir: realDir, StartDemo: demo.Start, Keychain: keychain})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := wails.Run(a.Options(dist)); err != nil {
		return fmt.Errorf("run window: %w", err)
	}
	return nil
}

// demoOrg is the embedded demo organization, started on first use (at
// start without a key, or after signing out) and kept until the window
// closes: a throwaway data dir, so it never mixes with a real
// organization's cache, and the sandbox serving it.
type demoOrg struct {
	once          sync.Once
	dir, url, key string
	api           demoAPI
	err           error
}

// Start starts the demo (once) and returns its API and data dir.
func (d *demoOrg) Start() (apiURL, apiKey, dataDir string, err error) {
	d.once.Do(func() {
		if d.dir, d.err = os.MkdirTemp("", "shotdesk-demo-"); d.err != nil {
			d.err = fmt.Errorf("create demo data dir: %w", d.err)
			return
		}
		if d.api, d.err = startDemoSandbox(d.dir); d.err != nil {
			return
		}
		d.url, d.key = d.api.baseURL, d.api.key
	})
	return d.url, d.key, d.dir, d.err
}

// Close stops the demo's sandbox and removes its data dir.
func (d *demoOrg) Close() {
	if d.api.srv != nil {
		d.api.Close()
	}
	if d.dir != "" {
		os.RemoveAll(d.dir)
	}
}

type demoAPI struct {
	baseURL, key string
	srv          *sandbox.Server
}

func (d demoAPI) Close() { d.srv.Close() }

// startDemoSandbox serves the seeded demo organization in-process on a
// random loopback port, exactly as the hosted API would (see
// internal/sandbox), so the demo runs through the same client, sync and
// exports as a real organization.
func startDemoSandbox(dataDir string) (demoAPI, error) {
	// Half-size photos (up to 1500×2000): the demo generates every image it
	// serves, and full size would keep both cores busy for a minute.
	opts := sandbox.Options{Members: 240, Seed: 1, ImageScale: 0.5, ImageCacheDir: filepath.Join(dataDir, "demo-images")}
	// Development and test knobs (e.g. the 10,000-member UI measurement).
	if n, err := strconv.Atoi(os.Getenv("SHOTDESK_DEMO_MEMBERS")); err == nil && n > 0 && n <= sandbox.MaxMembers {
		opts.Members = n
	}
	if f, err := strconv.ParseFloat(os.Getenv("SHOTDESK_DEMO_IMAGE_SCALE"), 64); err == nil && f > 0 && f <= 1 {
		opts.ImageScale = f
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		return demoAPI{}, fmt.Errorf("demo organization: %w", err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return demoAPI{}, fmt.Errorf("demo organization: %w", err)
	}
	return demoAPI{baseURL: base, key: srv.APIKey(), srv: srv}, nil
}

// openLog writes structured logs to logs/shotdesk.log in the data dir.
func openLog(dataDir string) (*slog.Logger, func(), error) {
	dir := filepath.Join(dataDir, "logs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create log dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "shotdesk.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open log file: %w", err)
	}
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})), func() { f.Close() }, nil
}
