package workflow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/store"
)

// keptDir holds the directory photos publishing replaced, in the data
// folder (see publish.Kept).
const keptDir = "publish-kept"

// PublishRequest is one publish (or its dry run) to a connected target.
type PublishRequest struct {
	// Team is a team's id or name ("" = everyone).
	Team string
	// DryRun stops after the match report: nothing is written anywhere.
	DryRun bool
	// Offline matches against the offline copy as it is (no refresh first).
	Offline bool
}

// PublishPlan is the match report of a publish, for review.
type PublishPlan struct {
	publish.Report
	TeamID    string
	Freshness Freshness
	// Notes are things to know that are not failures (the offline copy
	// could not be refreshed; the saved template is damaged).
	Notes []string
}

// PublishOutcome is what a publish did.
type PublishOutcome struct {
	Plan PublishPlan
	publish.Result
}

// PlanPublish refreshes the offline copy (unless Offline), reads the
// target's directory and matches it against the members: who will change,
// who is up to date, who is missing on either side. Nothing is written.
func (d *Desk) PlanPublish(ctx context.Context, target publish.Target, req PublishRequest, t *jobs.Tracker) (PublishPlan, error) {
	var plan PublishPlan
	if t != nil && !req.Offline && d.Syncer != nil {
		t.Phase("checking for changes", 0)
	}
	fresh, err := d.Freshen(ctx, req.Offline, t)
	plan.Freshness = fresh
	if err != nil {
		return plan, err
	}
	if fresh.Note != "" {
		plan.Notes = append(plan.Notes, fresh.Note)
	}
	if plan.TeamID, err = d.ResolveTeam(ctx, req.Team); err != nil {
		return plan, err
	}
	tmpl, note := d.publishTemplate(target)
	if note != "" {
		plan.Notes = append(plan.Notes, note)
	}
	subjects, err := d.publishSubjects(ctx, tmpl)
	if err != nil {
		return plan, err
	}
	info := target.Info()
	if t != nil {
		t.Phase("reading "+info.Label, 0)
	}
	accounts, err := target.Accounts(ctx)
	if err != nil {
		return plan, ExplainPublish(err, info, "Reading the people of "+info.Label+" failed")
	}
	standing, err := d.Store.StandingPublishes(ctx, info.Name)
	if err != nil {
		return plan, Explain(err, "Reading the publish log failed")
	}
	plan.Report = publish.Match(info, subjects, accounts, standing, plan.TeamID)
	return plan, nil
}

// Publish plans (see PlanPublish) and, unless DryRun, sends the new
// profile picture of everyone who will change: each person's current
// photo is read and kept first, so Revert can put it back. A second run
// sends only what is left or changed. Per-person failures go to t; a
// refusal of the credentials or a missing permission stops the run with
// words (KindDirectoryRefused).
func (d *Desk) Publish(ctx context.Context, target publish.Target, req PublishRequest, t *jobs.Tracker) (PublishOutcome, error) {
	var out PublishOutcome
	plan, err := d.PlanPublish(ctx, target, req, t)
	out.Plan = plan
	if err != nil || req.DryRun {
		return out, err
	}
	if d.ReadOnly {
		return out, newError(KindInternal, nil, "The disk is full, so nothing can be published: the photos it replaces could not be kept. Free some space and try again.")
	}
	tmpl, _ := d.publishTemplate(target)
	runner := d.publishRunner(target, tmpl)
	res, err := runner.Publish(ctx, newRunID(), plan.Rows, t)
	out.Result = res
	if err != nil {
		return out, ExplainPublish(err, target.Info(), "Publishing failed")
	}
	return out, nil
}

// RevertRequest says what to put back: one person's standing photo
// (Email), or everything a run published (RunID).
type RevertRequest struct {
	RunID string
	Email string
}

// RevertPublish puts back the photo each person had before Shotdesk's
// publish (or removes the photo when they had none), for one person or a
// whole run.
func (d *Desk) RevertPublish(ctx context.Context, target publish.Target, req RevertRequest, t *jobs.Tracker) (publish.RevertResult, error) {
	if req.RunID == "" && req.Email == "" {
		return publish.RevertResult{}, invalid("Say which run or which person to revert.")
	}
	info := target.Info()
	q := store.PublishQuery{Target: info.Name, RunID: req.RunID, Email: req.Email, Standing: true}
	if req.Email != "" {
		q.Limit = 1 // the photo the directory shows now
	}
	entries, err := d.Store.PublishEntries(ctx, q)
	if err != nil {
		return publish.RevertResult{}, Explain(err, "Reading the publish log failed")
	}
	if len(entries) == 0 {
		what := "that run"
		if req.Email != "" {
			what = req.Email
		}
		return publish.RevertResult{}, notFound("Shotdesk has nothing published to %s for %s that could be reverted.", info.Label, what)
	}
	// A photo a later run replaced is not what the directory shows: putting
	// its predecessor back would hide the later photo behind the log's
	// back. Those wait until the later run is reverted.
	latest, err := d.Store.StandingPublishes(ctx, info.Name)
	if err != nil {
		return publish.RevertResult{}, Explain(err, "Reading the publish log failed")
	}
	var current []store.PublishEntry
	var superseded []string
	for _, e := range entries {
		if l, ok := latest[e.AccountID]; ok && l.ID != e.ID {
			superseded = append(superseded, e.Email)
			continue
		}
		current = append(current, e)
	}
	tmpl, _ := d.publishTemplate(target)
	res, err := d.publishRunner(target, tmpl).Revert(ctx, newRunID(), current, t)
	for _, email := range superseded {
		res.Failed++
		if t != nil {
			t.Fail(email, "Not reverted: a later run replaced this photo. Revert that run first.")
		}
	}
	if err != nil {
		return res, ExplainPublish(err, info, "Reverting failed")
	}
	return res, nil
}

// PublishRuns lists the runs to target, newest first.
func (d *Desk) PublishRuns(ctx context.Context, target string) ([]store.PublishRun, error) {
	runs, err := d.Store.PublishRuns(ctx, target)
	if err != nil {
		return nil, Explain(err, "Reading the publish log failed")
	}
	return runs, nil
}

// PublishLog lists what was published to target (newest first), for a run
// or a person when given.
func (d *Desk) PublishLog(ctx context.Context, q store.PublishQuery) ([]store.PublishEntry, error) {
	list, err := d.Store.PublishEntries(ctx, q)
	if err != nil {
		return nil, Explain(err, "Reading the publish log failed")
	}
	return list, nil
}

// publishTemplate is the saved PFP template at the target's size.
func (d *Desk) publishTemplate(target publish.Target) (pfp.Template, string) {
	tmpl, note := d.SavedTemplate()
	if side := target.Info().Limits.Side; side > 0 {
		tmpl.Size = min(max(side, pfp.MinSize), pfp.MaxSize)
	}
	return tmpl, note
}

func (d *Desk) publishRunner(target publish.Target, tmpl pfp.Template) *publish.Runner {
	return &publish.Runner{
		Target: target, Store: d.Store, Kept: publish.Kept{Dir: filepath.Join(d.DataDir, keptDir)}, Logger: d.Logger, Now: d.now, Actor: actor(),
		Render: func(ctx context.Context, row publish.Row) (publish.Photo, error) {
			p, err := d.Store.Person(ctx, row.MemberID)
			if err != nil {
				return publish.Photo{}, publish.Fail(row.Email+" is no longer in the offline copy.", err)
			}
			data, err := d.renderFavorite(ctx, p, tmpl, pfp.JPEG)
			if err != nil {
				return publish.Photo{}, publish.Fail(Explain(err, "Making the profile picture failed").Message, err)
			}
			return publish.Photo{Data: data, ContentType: "image/jpeg"}, nil
		},
	}
}

// publishSubjects lists every member with an email, with the key of the
// photo publishing would send (favorite + template at the target's size).
func (d *Desk) publishSubjects(ctx context.Context, tmpl pfp.Template) ([]publish.Subject, error) {
	page, err := d.Store.People(ctx, store.PeopleQuery{})
	if err != nil {
		return nil, Explain(err, "Reading the offline copy failed")
	}
	out := make([]publish.Subject, 0, len(page.Items))
	for _, p := range page.Items {
		if p.MemberID == "" || p.Email == "" {
			continue // an invite not accepted yet has no photo and no shoot
		}
		s := publish.Subject{MemberID: p.MemberID, Email: p.Email, Name: p.Name, TeamID: p.TeamID, Team: p.TeamName}
		if p.HasFavorite && p.FavoritePhotoID != "" {
			s.PhotoID = p.FavoritePhotoID
			s.PhotoKey = favoriteKey(p.FavoritePhotoID, tmpl, pfp.JPEG)
		}
		out = append(out, s)
	}
	return out, nil
}

// newRunID names a run: its start time, readable in the log, plus a
// random suffix so two runs in one second differ.
func newRunID() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// PublishReportHeader is the match report CSV's header.
var PublishReportHeader = []string{"Status", "Email", "Name", "Team", "Directory account", "Last published"}

// StatusWords names a match report group for people.
func StatusWords(s publish.Status) string {
	switch s {
	case publish.WillChange:
		return "Will change"
	case publish.UpToDate:
		return "Already up to date"
	case publish.NoFavorite:
		return "No favorite yet"
	case publish.NotInDirectory:
		return "Not in the directory"
	case publish.NotInShotdesk:
		return "Only in the directory"
	}
	return string(s)
}

// SavePublishReport writes the match report as CSV, named
// "publish-<target>-YYYY-MM-DD.csv" unless out names the file.
func SavePublishReport(rep publish.Report, out FileTarget) (string, error) {
	rows := make([][]string, 0, len(rep.Rows))
	for _, r := range rep.Rows {
		last := ""
		if !r.Published.IsZero() {
			last = r.Published.Local().Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{StatusWords(r.Status), r.Email, r.Name, r.Team, r.AccountID, last})
	}
	name := fmt.Sprintf("publish-%s-%s.csv", rep.Target.Name, time.Now().Format("2006-01-02"))
	return place(out, name, func(w io.Writer) error { return csvio.WriteTable(w, PublishReportHeader, rows) })
}

// ExplainPublish turns a publish error into words: a refusal of the
// credentials or a permission is KindDirectoryRefused with the target's
// words; unreachable is KindOffline.
func ExplainPublish(err error, info publish.Info, what string) error {
	var stop *publish.StopError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return newError(KindCancelled, err, "%s: cancelled. What was sent before is logged and can be reverted.", what)
	case errors.As(err, &stop):
		return newError(KindDirectoryRefused, err, "%s", stop.Words)
	case errors.Is(err, publish.ErrUnreachable):
		return newError(KindOffline, err, "%s could not be reached. Check the connection and try again; what was sent is kept.", info.Label)
	}
	var we *Error
	if errors.As(err, &we) {
		return we
	}
	return newError(KindInternal, err, "%s: %s", what, publish.Words(err))
}

// actor names who is publishing, for the log: the OS user at this
// computer.
func actor() string {
	name := "someone"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if host, err := os.Hostname(); err == nil && host != "" {
		name += "@" + host
	}
	return name
}
