package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func init() {
	register("favorites", "Download Favorites: every favorite headshot + 600×600 pfp.jpg as one ZIP", runFavorites)
}

func runFavorites(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("favorites", "[--team T] [--out DIR|FILE.zip] [--folder] [--preset headshotpro|flat-email|flat-email-pfp] [--concurrency N]", inv.Stderr)
	addEnvFlags(fs, e)
	team := fs.String("team", "", "team name or id (default: everyone)")
	out := fs.String("out", "", "an existing folder (receives team-photos-YYYY-MM-DD.zip) or a FILE.zip to create (default: the current folder)")
	folder := fs.Bool("folder", false, "write a plain folder instead of a ZIP")
	presetFlag := fs.String("preset", string(bundle.PresetHeadshotPro), "layout: headshotpro (email - title/headshot.jpg + pfp.jpg), flat-email (email.jpg = headshot) or flat-email-pfp (email.jpg = profile picture)")
	concurrency := fs.Int("concurrency", bundle.DefaultConcurrency, "parallel downloads (1–16)")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	usage := func(format string, args ...any) int {
		fmt.Fprintf(inv.Stderr, "shotdesk favorites: "+format+"\n", args...)
		return ExitUsage
	}
	preset, err := bundle.ParsePreset(strings.TrimSpace(*presetFlag))
	if err != nil {
		return usage("%v", err)
	}
	if *concurrency < 1 || *concurrency > 16 {
		return usage("--concurrency must be between 1 and 16")
	}
	opts := bundle.Options{Preset: preset, Concurrency: *concurrency}
	if *folder {
		opts.Format = bundle.Folder
	}
	if err := outputOptions(&opts, *out); err != nil {
		return usage("%v", err)
	}
	if err := e.resolve(); err != nil {
		return fail(inv, "favorites", err)
	}

	st, err := e.openStore()
	if err != nil {
		return fail(inv, "favorites", err)
	}
	defer st.Close()
	if t := strings.TrimSpace(*team); t != "" {
		if opts.TeamID, err = resolveTeam(ctx, st, t); err != nil {
			return fail(inv, "favorites", err)
		}
	}
	bc, err := e.openBlobs()
	if err != nil {
		return fail(inv, "favorites", err)
	}
	defer bc.Close()
	// pfp.jpg uses the template saved in Settings, like the window's export.
	if opts.Template, err = savedPFPSpec(e).Template(); err != nil {
		fmt.Fprintf(inv.Stderr, "note: the saved profile picture template is invalid (%v); using the built-in one\n", err)
		opts.Template = pfp.Template{}
	}
	deps := bundle.Deps{Store: st, Blobs: bc, Logger: e.logger}
	// Without an API key the export still runs from the photo cache: what
	// 'shotdesk sync' downloaded is exported, the rest is reported.
	client, err := e.client(ctx)
	switch {
	case err == nil:
		deps.Fetcher = client
		// Renew expired photo links in one pass (a few requests) instead of
		// one API call per photo; offline, the export goes on without.
		if _, rerr := syncer.New(client, st, nil, e.logger).RefreshFavoriteURLs(ctx, opts.TeamID, 10*time.Minute); rerr != nil && !errors.Is(rerr, context.Canceled) {
			fmt.Fprintf(inv.Stderr, "note: photo links could not be renewed first (%v)\n", rerr)
		}
	case errors.Is(err, config.ErrNoAPIKey):
		fmt.Fprintln(inv.Stderr, "No API key: exporting from the offline cache only.")
	default:
		return fail(inv, "favorites", err)
	}

	var res bundle.Result
	var expErr error
	rep := runJob(ctx, inv.Stderr, "favorites", func(ctx context.Context, t *jobs.Tracker) error {
		res, expErr = bundle.Export(ctx, deps, opts, t)
		return expErr
	})
	for _, f := range rep.Failures {
		fmt.Fprintf(inv.Stderr, "%s: %s\n", f.Item, f.Reason)
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(inv.Stderr, "Left out by the %s preset (not failures):\n", preset)
		for _, s := range res.Skipped {
			fmt.Fprintf(inv.Stderr, "  %s: %s\n", s.Item, s.Reason)
		}
	}
	switch {
	case rep.State == jobs.StateCancelled:
		fmt.Fprintln(inv.Stderr, "shotdesk favorites: cancelled; nothing was written")
		return ExitError
	case errors.Is(expErr, bundle.ErrNoFavorites):
		msg := "no favorites to export"
		if opts.TeamID != "" {
			msg += " in team " + *team
		}
		return fail(inv, "favorites", fmt.Errorf("%s (%s)", msg, dataAge(ctx, st, time.Now())))
	case rep.State != jobs.StateSucceeded:
		return fail(inv, "favorites", errors.New(strings.TrimPrefix(rep.Error, "bundle: ")))
	}
	fmt.Fprintln(inv.Stdout, res.Path)
	fmt.Fprintf(inv.Stderr, "Exported %d of %d (%d files, %s; %d downloaded, %d profile pictures made)\n",
		res.Items, rep.Total, res.Entries, formatBytes(res.Bytes), res.Downloaded, res.Rendered)
	if res.Failed > 0 {
		return ExitSomeFailed
	}
	return ExitOK
}

// outputOptions maps --out onto the export's target: an existing folder
// receives the dated name (numbered if taken); a path ending in .zip (or,
// with --folder, a path that does not exist yet) is the exact target and
// must not exist.
func outputOptions(opts *bundle.Options, out string) error {
	if out == "" {
		return nil // the current folder
	}
	fi, err := os.Stat(out)
	isDir := err == nil && fi.IsDir()
	switch {
	case isDir:
		opts.OutDir = out
	case opts.Format == bundle.Folder:
		if strings.HasSuffix(strings.ToLower(out), ".zip") {
			return fmt.Errorf("--out %q names a .zip file but --folder writes a folder", out)
		}
		opts.OutPath = out
	case strings.HasSuffix(strings.ToLower(out), ".zip"):
		opts.OutPath = out
	case err == nil:
		return fmt.Errorf("--out %q exists and is not a folder (files are never overwritten)", out)
	default:
		return fmt.Errorf("--out %q is neither an existing folder nor a FILE.zip", out)
	}
	return nil
}
