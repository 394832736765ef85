package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// env is what the data commands share: where the cache is and how to reach
// the API. Flags win over environment variables, which win over defaults.
type env struct {
	inv      *Invocation
	flagDir  string
	flagURL  string
	dataDir  string
	apiURL   string
	logger   *slog.Logger
	logPath  string
	closeLog func()
	keychain config.Keychain
	// clientOptions are extra API client options (tests: retries that do
	// not sleep).
	clientOptions []headshotpro.Option
}

// addEnvFlags registers --data-dir and --api-url on a subcommand's flags.
func addEnvFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.flagDir, "data-dir", "", "data folder (default $SHOTDESK_DATA_DIR, else the OS config dir)")
	fs.StringVar(&e.flagURL, "api-url", "", "HeadshotPro API base URL (default $SHOTDESK_API_URL, else the hosted API)")
}

// testClientOptions, when set (tests only), is handed to every API client.
var testClientOptions []headshotpro.Option

func newEnv(inv *Invocation) *env {
	return &env{inv: inv, keychain: config.OSKeychain{}, clientOptions: testClientOptions, closeLog: func() {}}
}

func (e *env) getenv(k string) string {
	if e.inv.Getenv == nil {
		return ""
	}
	return e.inv.Getenv(k)
}

// resolve fills dataDir and apiURL once flags are parsed.
func (e *env) resolve() error {
	dir, url, err := config.Paths(e.flagDir, e.flagURL, e.getenv)
	if err != nil {
		return workflow.Explain(err, "The configuration is not usable")
	}
	e.dataDir, e.apiURL = dir, url
	e.logger = slog.New(slog.DiscardHandler)
	return nil
}

// openLog opens logs/shotdesk.log in the data dir (shared with the
// window), where the technical detail of errors goes; the terminal gets the
// words for people. Best effort: without a log the detail is dropped.
func (e *env) openLog() {
	logDir := filepath.Join(e.dataDir, "logs")
	if os.MkdirAll(logDir, 0o700) != nil {
		return
	}
	path := filepath.Join(logDir, "shotdesk.log")
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
		e.logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})).With("cli", e.inv.command)
		e.logPath, e.closeLog = path, func() { f.Close() }
	}
}

// open opens the organization's Desk. Without an API key it works from
// the caches (Desk.Client is nil); needKey makes that an error instead.
// The caller closes the Desk and then the env.
func (e *env) open(ctx context.Context, needKey bool) (*workflow.Desk, error) {
	if err := config.EnsureDataDir(e.dataDir); err == nil {
		e.openLog()
	}
	key, err := config.APIKey(ctx, e.getenv, e.keychain)
	if err != nil && (needKey || !errors.Is(err, config.ErrNoAPIKey)) {
		return nil, workflow.Explain(err, "Reading the API key failed")
	}
	d, err := workflow.Open(workflow.Config{DataDir: e.dataDir, APIURL: e.apiURL, APIKey: key,
		UserAgent: "Shotdesk CLI/" + e.inv.Version, Logger: e.logger, ClientOptions: e.clientOptions})
	if err != nil {
		return nil, err
	}
	if n := d.ReadOnlyNotice(); n != "" {
		fmt.Fprintln(e.inv.Stderr, "note: "+n)
	}
	if d.Rebuilt != nil {
		fmt.Fprintf(e.inv.Stderr, "The offline cache was damaged (%s); it was set aside as %s and a fresh one created, keeping %d actioned marks and %d queued actions. Run 'shotdesk sync' to refill it.\n",
			d.Rebuilt.Reason, d.Rebuilt.MovedTo, d.Rebuilt.Markers, d.Rebuilt.Outbox)
	}
	return d, nil
}

// close releases the log.
func (e *env) close() { e.closeLog() }

// desk resolves the configuration and opens the organization's Desk: the
// opening every data command shares. done closes both.
func (e *env) desk(ctx context.Context, needKey bool) (d *workflow.Desk, done func(), err error) {
	if err := e.resolve(); err != nil {
		return nil, func() {}, err
	}
	d, err = e.open(ctx, needKey)
	if err != nil {
		return nil, e.close, err
	}
	return d, func() { d.Close(); e.close() }, nil
}

// parseFlags parses a subcommand's flags; it returns an exit code when the
// command should stop (help asked, or bad flags).
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "shotdesk %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ExitUsage, false
	}
	return 0, true
}

func newFlagSet(name, usage string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintln(w, "usage: shotdesk "+name+" "+usage)
		fs.PrintDefaults()
	}
	return fs
}

// fail prints an error the way every command does and returns ExitError
// (ExitUsage when a flag's value was the problem, such as a --team no team
// has): the words for people on stderr, the technical detail in the log
// (and where the log is).
func (e *env) fail(err error) int {
	if errors.Is(err, workflow.ErrUnknownTeam) {
		fmt.Fprintf(e.inv.Stderr, "shotdesk %s: %s\n", e.inv.command, workflow.Explain(err, "").Message)
		return ExitUsage
	}
	we := workflow.Explain(err, "It failed")
	fmt.Fprintf(e.inv.Stderr, "shotdesk %s: %s\n", e.inv.command, strings.TrimSpace(we.Message))
	if d := we.Detail(); d != "" && we.Kind != workflow.KindCancelled {
		e.logger.Error(we.Message, "detail", d)
		if e.logPath != "" {
			fmt.Fprintf(e.inv.Stderr, "(details in %s)\n", e.logPath)
		}
	}
	return ExitError
}

// usage prints a usage problem and returns ExitUsage.
func (e *env) usage(format string, args ...any) int {
	fmt.Fprintf(e.inv.Stderr, "shotdesk %s: %s\n", e.inv.command, fmt.Sprintf(format, args...))
	return ExitUsage
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}
