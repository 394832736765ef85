package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var favoritesCommand = command{"favorites", "Download Favorites: every favorite headshot + 600×600 pfp.jpg as one ZIP", runFavorites}

func runFavorites(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("favorites", "[--team T] [--out DIR|FILE.zip] [--folder] [--preset headshotpro|flat-email|flat-email-pfp] [--concurrency N] [--offline]", inv.Stderr)
	addEnvFlags(fs, e)
	team := fs.String("team", "", "team name or id (default: everyone)")
	out := fs.String("out", "", "an existing folder (receives team-photos-YYYY-MM-DD.zip) or a FILE.zip to create (default: the current folder)")
	folder := fs.Bool("folder", false, "write a plain folder instead of a ZIP")
	presetFlag := fs.String("preset", string(bundle.PresetHeadshotPro), "layout: headshotpro (email - title/headshot.jpg + pfp.jpg), flat-email (email.jpg = headshot) or flat-email-pfp (email.jpg = profile picture)")
	concurrency := fs.Int("concurrency", 0, fmt.Sprintf("parallel downloads, 1–%d (default 0: adaptive, %d and more while that makes downloads faster)", bundle.MaxConcurrency, bundle.DefaultConcurrency))
	offline := fs.Bool("offline", false, "use the offline copy and photo cache as they are: no refresh, no downloads")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	preset, err := bundle.ParsePreset(strings.TrimSpace(*presetFlag))
	if err != nil {
		return e.usage("%v", err)
	}
	if *concurrency < 0 || *concurrency > bundle.MaxConcurrency {
		return e.usage("--concurrency must be between 1 and %d (0: adaptive)", bundle.MaxConcurrency)
	}
	req := workflow.FavoritesRequest{Team: *team, Preset: preset, Concurrency: *concurrency, Offline: *offline, OutDir: "."}
	if *folder {
		req.Format = bundle.Folder
	}
	if err := outputOptions(&req, *out); err != nil {
		return e.usage("%v", err)
	}
	d, done, err := e.desk(ctx, false)
	defer done()
	if err != nil {
		return e.fail(err)
	}

	var res workflow.FavoritesResult
	var expErr error
	rep := runJob(ctx, inv.Stderr, "favorites", func(ctx context.Context, t *jobs.Tracker) error {
		res, expErr = d.DownloadFavorites(ctx, req, t)
		return expErr
	})
	for _, n := range res.Notes {
		fmt.Fprintln(inv.Stderr, "note: "+n)
	}
	for _, f := range rep.Failures {
		fmt.Fprintf(inv.Stderr, "%s: %s\n", f.Item, f.Reason)
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(inv.Stderr, "Left out by the %s preset (not failures):\n", preset)
		for _, s := range res.Skipped {
			fmt.Fprintf(inv.Stderr, "  %s: %s\n", s.Item, s.Reason)
		}
	}
	if expErr != nil {
		return e.fail(expErr)
	}
	fmt.Fprintln(inv.Stdout, res.Path)
	fmt.Fprintf(inv.Stderr, "Exported %d of %d (%d files, %s; %d downloaded, %d profile pictures made)\n",
		res.Items, rep.Total, res.Entries, formatBytes(res.Bytes), res.Downloaded, res.Rendered)
	return someFailed(res.Failed > 0)
}

// outputOptions maps --out onto the export's target: an existing folder
// receives the dated name (numbered if taken); a path ending in .zip (or,
// with --folder, a path that does not exist yet) is the exact target and
// must not exist.
func outputOptions(opts *workflow.FavoritesRequest, out string) error {
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
		opts.OutPath, opts.OutDir = out, ""
	case strings.HasSuffix(strings.ToLower(out), ".zip"):
		opts.OutPath, opts.OutDir = out, ""
	case err == nil:
		return fmt.Errorf("--out %q exists and is not a folder (files are never overwritten)", out)
	default:
		return fmt.Errorf("--out %q is neither an existing folder nor a FILE.zip", out)
	}
	return nil
}
