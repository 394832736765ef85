package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Freshness says how current the offline copy was that a use case worked
// from.
type Freshness struct {
	// Synced is true when the copy was brought up to date just before.
	Synced   bool
	LastSync time.Time // zero: never synced
	// Note explains a copy that may be out of date, for the person ("" when
	// Synced): why it was not refreshed and how old it is.
	Note string
	// unreachable: the refresh found HeadshotPro down or unreachable, so
	// further requests in this use case would only wait and fail.
	unreachable bool
}

// Freshen brings the offline copy up to date (people, shoots, favorites:
// a metadata sync, no photo downloads) so an export is not last week's
// data. offline skips the sync on purpose. When HeadshotPro cannot be
// reached, or answers with a server error, the cached copy is used and
// Note says how old it is; a copy that was never synced is then an error,
// since there is nothing to work from. A refused key is an error too: a
// script must not silently export stale data with a revoked key.
func (d *Desk) Freshen(ctx context.Context, offline bool, t *jobs.Tracker) (Freshness, error) {
	last, err := d.Store.LastSync(ctx)
	if err != nil {
		return Freshness{}, Explain(err, "Reading the offline copy failed")
	}
	f := Freshness{LastSync: last}
	var why string
	switch {
	case offline:
		why = "Using the offline copy as it is"
	case d.Syncer == nil:
		why = "No API key, so the offline copy could not be refreshed"
	default:
		_, syncErr := d.Syncer.Sync(ctx, t, syncer.Options{})
		switch {
		case syncErr == nil:
			f.Synced, f.LastSync = true, d.now()
			if last, err := d.Store.LastSync(ctx); err == nil && !last.IsZero() {
				f.LastSync = last
			}
			return f, nil
		case errors.Is(syncErr, context.Canceled):
			return f, Explain(syncErr, "")
		case errors.Is(syncErr, headshotpro.ErrUnauthorized), errors.Is(syncErr, headshotpro.ErrForbidden):
			return f, Explain(syncErr, "The offline copy could not be refreshed")
		case errors.Is(syncErr, syncer.ErrMassDeletion):
			why = "The refresh stopped because it would remove most people from the offline copy (sync and confirm if the organization really shrank)"
		case errors.Is(syncErr, headshotpro.ErrNoAnswer):
			why, f.unreachable = "HeadshotPro did not answer in time", true
		case headshotpro.IsOffline(syncErr):
			why, f.unreachable = "HeadshotPro cannot be reached", true
		default:
			why, f.unreachable = "HeadshotPro could not be asked for changes", true
		}
		d.Logger.Warn("refresh before export failed; using the offline copy", "err", syncErr)
	}
	if f.LastSync.IsZero() {
		what := "The offline copy is empty (it has never been synced)"
		switch {
		case offline:
			return f, newError(KindInvalidInput, nil, "%s, so there is nothing to work from. Run without --offline, with an API key, so Shotdesk can sync first.", what)
		case d.Syncer == nil:
			return f, newError(KindNoAPIKey, nil, "%s and there is no API key to sync with. Set one in Settings (or SHOTDESK_API_KEY for the command line).", what)
		default:
			return f, newError(KindOffline, nil, "%s. %s, so there is nothing to work from yet. Try again when HeadshotPro can be reached.", what, why)
		}
	}
	f.Note = fmt.Sprintf("%s: using the offline copy from %s.", why, DescribeAge(f.LastSync, d.now()))
	return f, nil
}

// DescribeAge reads like "3 Nov 2026 14:02 (5 days ago)", in local time.
func DescribeAge(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	var age string
	switch {
	case d < time.Minute:
		age = "less than a minute ago"
	case d < time.Hour:
		age = fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		age = fmt.Sprintf("%d h ago", int(d.Hours()))
	default:
		age = fmt.Sprintf("%d days ago", int(d.Hours()/24))
	}
	return t.Local().Format("2 Jan 2006 15:04") + " (" + age + ")"
}
