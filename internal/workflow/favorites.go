package workflow

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
)

// FavoritesRequest is one Download Favorites.
type FavoritesRequest struct {
	// Team is a team's id or name ("" = everyone). It is resolved after the
	// refresh, so a team created a minute ago on the web is found.
	Team   string
	Format bundle.Format
	Preset bundle.Preset
	// OutPath is the exact file (or folder) to create; it must not exist.
	// Otherwise OutDir receives team-photos-YYYY-MM-DD.zip, numbered
	// " (2)" when the name is taken ("" = the user's Downloads folder).
	OutPath, OutDir string
	Concurrency     int // parallel downloads; 0 = the default
	// Offline uses the caches as they are: no refresh, no downloads.
	Offline bool
	// Template styles pfp.jpg; nil = the template saved in Settings.
	Template *pfp.Template
}

// FavoritesResult is what the export wrote and what it was based on.
type FavoritesResult struct {
	bundle.Result
	Freshness Freshness
	// Notes are things the person should know that are not failures (a
	// damaged settings file, links that could not be renewed).
	Notes []string
}

// linkRenewWindow: photo links expiring sooner than this are renewed before
// an export, in one pass over the favorites list, rather than one request
// per photo in the middle of the export (which would meet the rate limit).
const linkRenewWindow = 10 * time.Minute

// DownloadFavorites refreshes the offline copy (unless Offline), renews
// photo links about to expire, and writes every favorite headshot plus its
// profile picture as a ZIP or folder. Progress and per-item failures (email
// and reason) go through t; a run with failures still returns nil with
// Result.Failed > 0. Cancelling leaves nothing at the target.
func (d *Desk) DownloadFavorites(ctx context.Context, req FavoritesRequest, t *jobs.Tracker) (FavoritesResult, error) {
	var res FavoritesResult
	if t != nil && !req.Offline && d.Syncer != nil {
		t.Phase("checking for changes", 0)
	}
	fresh, err := d.Freshen(ctx, req.Offline, t)
	res.Freshness = fresh
	if err != nil {
		return res, err
	}
	if fresh.Note != "" {
		res.Notes = append(res.Notes, fresh.Note)
	}
	teamID, err := d.ResolveTeam(ctx, req.Team)
	if err != nil {
		return res, err
	}
	opts := bundle.Options{TeamID: teamID, Format: req.Format, Preset: req.Preset, OutPath: req.OutPath, OutDir: req.OutDir, Concurrency: req.Concurrency}
	if opts.OutPath == "" && opts.OutDir == "" {
		opts.OutDir = DefaultExportDir()
	}
	if opts.OutPath != "" {
		d.sweepOutput(filepath.Dir(opts.OutPath))
	} else {
		d.sweepOutput(opts.OutDir)
	}
	if req.Template != nil {
		opts.Template = *req.Template
	} else {
		var note string
		if opts.Template, note = d.SavedTemplate(); note != "" {
			res.Notes = append(res.Notes, note)
		}
	}
	deps := bundle.Deps{Store: d.Store, Blobs: d.Blobs, Logger: d.Logger}
	if d.Client != nil && !req.Offline {
		deps.Fetcher = d.Client
		if fresh.Synced || !fresh.unreachable {
			if t != nil {
				t.Phase("renewing photo links", 0)
			}
			if _, err := d.Syncer.RefreshFavoriteURLs(ctx, teamID, linkRenewWindow); err != nil {
				if errors.Is(err, context.Canceled) {
					return res, Explain(err, "")
				}
				d.Logger.Warn("renew photo links before export", "err", err)
				res.Notes = append(res.Notes, "Some photo links could not be renewed first; expired ones are renewed one by one during the export.")
			}
		}
	}
	res.Result, err = bundle.Export(ctx, deps, opts, t)
	if err != nil {
		return res, d.favoritesError(err, fresh)
	}
	return res, nil
}

// favoritesError puts the export's errors into words.
func (d *Desk) favoritesError(err error, fresh Freshness) error {
	stale := ""
	if !fresh.Synced && !fresh.LastSync.IsZero() {
		stale = " (offline copy from " + DescribeAge(fresh.LastSync, d.now()) + ")"
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{Kind: KindCancelled, Message: "Cancelled; nothing was written.", Err: err}
	case errors.Is(err, bundle.ErrNoFavorites):
		return newError(KindNotFound, err, "Nobody in this selection has picked a favorite yet%s, so there is nothing to download.", stale)
	case errors.Is(err, bundle.ErrNothingExported):
		return newError(KindInternal, err, "None of the photos could be exported (each is listed with the reason), so no file was written.")
	case errors.Is(err, bundle.ErrNoSpace):
		return newError(KindInvalidInput, err, "There is not enough free disk space for this export. Free some space or choose another folder.")
	case errors.Is(err, bundle.ErrExists):
		return newError(KindInvalidInput, err, "The file or folder to write already exists, and Shotdesk never overwrites one. Choose another name.")
	}
	return Explain(err, "The export failed")
}
