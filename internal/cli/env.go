package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// env is what the data commands share: where the cache is and how to reach
// the API. Flags win over environment variables, which win over defaults.
type env struct {
	inv        *Invocation
	flagDir    string
	flagURL    string
	dataDir    string
	apiURL     string
	logger     *slog.Logger
	keychain   config.Keychain
	blobBudget int64
}

// cacheFile and blobDir are the cache's names inside the data dir.
const (
	cacheFile = "cache.db"
	blobDir   = "blobs"
	// DefaultBlobBudget bounds the photo cache on disk.
	DefaultBlobBudget = 20 << 30
)

// addEnvFlags registers --data-dir and --api-url on a subcommand's flags.
func addEnvFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.flagDir, "data-dir", "", "data folder (default $SHOTDESK_DATA_DIR, else the OS config dir)")
	fs.StringVar(&e.flagURL, "api-url", "", "HeadshotPro API base URL (default $SHOTDESK_API_URL, else the hosted API)")
}

func newEnv(inv *Invocation) *env {
	return &env{inv: inv, keychain: config.OSKeychain{}, blobBudget: DefaultBlobBudget}
}

// resolve fills dataDir and apiURL once flags are parsed.
func (e *env) resolve() error {
	getenv := e.inv.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	dir, url, err := config.Paths(e.flagDir, e.flagURL, getenv)
	if err != nil {
		return err
	}
	e.dataDir, e.apiURL = dir, url
	// Only errors of the libraries go to stderr (retries are expected and
	// the commands report outcomes themselves). Nothing logged carries the
	// key or a signed URL.
	e.logger = slog.New(slog.NewTextHandler(e.inv.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	return nil
}

// openStore opens the cache, rebuilding it (and saying so) when damaged.
func (e *env) openStore() (*store.Store, error) {
	if err := config.EnsureDataDir(e.dataDir); err != nil {
		return nil, err
	}
	st, report, err := store.OpenOrRebuild(filepath.Join(e.dataDir, cacheFile))
	if err != nil {
		return nil, fmt.Errorf("open the offline cache: %w", err)
	}
	if report != nil {
		fmt.Fprintf(e.inv.Stderr, "The offline cache was damaged (%s); it was set aside as %s and a fresh one created, keeping %d actioned marks and %d queued actions. Run 'shotdesk sync' to refill it.\n",
			report.Reason, report.MovedTo, report.Markers, report.Outbox)
		if report.SalvageErr != "" {
			fmt.Fprintf(e.inv.Stderr, "Some local data could not be read from the damaged file: %s\n", report.SalvageErr)
		}
	}
	return st, nil
}

func (e *env) openBlobs() (*blobs.Cache, error) {
	bc, err := blobs.Open(filepath.Join(e.dataDir, blobDir), e.blobBudget)
	if err != nil {
		return nil, fmt.Errorf("open the photo cache: %w", err)
	}
	return bc, nil
}

// client builds the API client; it needs a key.
func (e *env) client(ctx context.Context) (*headshotpro.Client, error) {
	getenv := e.inv.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	key, err := config.APIKey(ctx, getenv, e.keychain)
	if err != nil {
		if errors.Is(err, config.ErrNoAPIKey) {
			return nil, fmt.Errorf("%w; set %s, or save one in the app's Settings", err, config.EnvAPIKey)
		}
		return nil, err
	}
	c, err := headshotpro.New(e.apiURL, key, headshotpro.WithLogger(e.logger), headshotpro.WithUserAgent("Shotdesk CLI/"+e.inv.Version))
	if err != nil {
		return nil, fmt.Errorf("API client: %w", err)
	}
	return c, nil
}

// syncer opens everything a command that talks to the API needs.
func (e *env) syncer(ctx context.Context) (*syncer.Syncer, *store.Store, func(), error) {
	st, err := e.openStore()
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := e.client(ctx)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	bc, err := e.openBlobs()
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	closeAll := func() {
		bc.Close()
		st.Close()
	}
	return syncer.New(c, st, bc, e.logger), st, closeAll, nil
}

// dataAge says how old the offline copy is, for commands that read it.
func dataAge(ctx context.Context, st *store.Store, now time.Time) string {
	last, err := st.LastSync(ctx)
	if err != nil || last.IsZero() {
		return "the offline copy has never been synced: run 'shotdesk sync'"
	}
	return "offline copy from " + last.Local().Format("2006-01-02 15:04") + " (" + humanAge(now.Sub(last)) + " ago)"
}

func humanAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	default:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
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

// fail prints an error the way every command does and returns ExitError.
func fail(inv *Invocation, cmd string, err error) int {
	fmt.Fprintf(inv.Stderr, "shotdesk %s: %s\n", cmd, strings.TrimPrefix(err.Error(), cmd+": "))
	return ExitError
}
