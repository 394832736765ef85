package workflow

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// syncedDesk is a desk on a fresh data dir, synced once with the sandbox.
func syncedDesk(t *testing.T, members int) (*Desk, *sandbox.Server) {
	t.Helper()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: members, Seed: 11, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	resync(t, d)
	return d, srv
}

func resync(t *testing.T, d *Desk) {
	t.Helper()
	if _, err := d.Syncer.Sync(context.Background(), nil, syncer.Options{AllowMassDeletion: true}); err != nil {
		t.Fatal(err)
	}
}

func scenario(t *testing.T, srv *sandbox.Server, name string) sandbox.ScenarioEntry {
	t.Helper()
	for _, sc := range srv.Scenarios() {
		if sc.Scenario == name && (len(sc.ModelIDs) > 0 || name == "accepted-no-upload") {
			return sc
		}
	}
	t.Fatalf("the sandbox has no %q person", name)
	return sandbox.ScenarioEntry{}
}

// statusCSV exports the status CSV of the offline copy and returns its
// rows by email.
func statusCSV(t *testing.T, d *Desk) map[string][]string {
	t.Helper()
	res, err := d.ExportStatusCSV(context.Background(), StatusCSVRequest{Dir: t.TempDir(), Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range recs[1:] {
		out[r[1]] = r
	}
	return out
}

// Item 1: every in-progress model status keeps its own words in the window's
// facts and in the CSV's Lifecycle column; the Status column keeps the
// three values (they are all Joined). A failed shoot says HeadshotPro
// restarts it, never "Generating".
func TestInProgressStagesAreShownTruthfully(t *testing.T) {
	ctx := context.Background()
	d, srv := syncedDesk(t, 60)
	// One more failed shoot, made through the sandbox's control methods.
	gen := scenario(t, srv, "generating")
	if err := srv.FailModel(gen.ModelIDs[0]); err != nil {
		t.Fatal(err)
	}
	resync(t, d)
	rows := statusCSV(t, d)
	want := map[string]struct {
		stage  domain.Stage
		status string
	}{
		"onboarding": {domain.StageUploading, "Uploading photos"},
		"waiting":    {domain.StageQueued, "Queued"},
		"training":   {domain.StageTraining, "Training"},
		"failed":     {domain.StageFailed, "Failed, restarting"},
	}
	for sc, w := range want {
		e := scenario(t, srv, sc)
		p, err := d.Person(ctx, e.Email)
		if err != nil {
			t.Fatal(err)
		}
		f := FactsOf(p, time.Now())
		if f.Stage != w.stage || f.Status != w.status || f.StageDetail == "" {
			t.Errorf("%s: stage %q status %q detail %q, want %q %q", sc, f.Stage, f.Status, f.StageDetail, w.stage, w.status)
		}
		if f.CSVStatus != domain.CSVJoined || f.ShootFinished {
			t.Errorf("%s: csv %q finished %v", sc, f.CSVStatus, f.ShootFinished)
		}
		if r := rows[e.Email]; r[3] != "Joined" || r[5] != w.status || r[4] != "" {
			t.Errorf("%s: CSV row %q, want Status Joined, Lifecycle %q", sc, r, w.status)
		}
	}
	p, _ := d.Person(ctx, gen.Email)
	if f := FactsOf(p, time.Now()); f.Stage != domain.StageFailed || !strings.Contains(f.StageDetail, "restarts it") || strings.Contains(f.Status, "Generating") {
		t.Errorf("failed through the control route: %+v", f)
	}
	if r := rows[gen.Email]; r[5] != "Failed, restarting" {
		t.Errorf("failed CSV row %q", r)
	}
	// The platform restarts it: back to training, and the words follow.
	if _, err := srv.AdvanceModel(gen.ModelIDs[0]); err != nil {
		t.Fatal(err)
	}
	resync(t, d)
	p, _ = d.Person(ctx, gen.Email)
	if f := FactsOf(p, time.Now()); f.Stage != domain.StageTraining || f.Status != "Training" {
		t.Errorf("after the restart: %+v", f)
	}
}

// Item 7: a deleted shoot never says it has not finished; it can be
// restarted on the member's HeadshotPro page; in the CSV it is Finished
// with its Finished Date (it did finish), Lifecycle Deleted.
func TestDeletedShootFacts(t *testing.T) {
	ctx := context.Background()
	d, srv := syncedDesk(t, 60)
	fav := scenario(t, srv, "finished-favorite")
	if err := srv.DeleteModel(fav.ModelIDs[0]); err != nil {
		t.Fatal(err)
	}
	resync(t, d)
	p, err := d.Person(ctx, fav.Email)
	if err != nil {
		t.Fatal(err)
	}
	f := FactsOf(p, time.Now())
	if !f.ShootDeleted || f.ShootFinished || f.CanAction || f.Status != "Deleted" {
		t.Fatalf("deleted facts %+v", f)
	}
	if f.RetryBlocked != "" || !f.RetryUntil.IsZero() {
		t.Errorf("a deleted shoot talks about retries: %+v", f)
	}
	if !f.CanRestart || f.CSVStatus != domain.CSVFinished {
		t.Errorf("restart %v csv %q", f.CanRestart, f.CSVStatus)
	}
	link, err := d.MemberPage(ctx, p.MemberID)
	if err != nil || !strings.HasPrefix(link, "https://www.headshotpro.com/app/admin/members/") {
		t.Errorf("member page %q %v", link, err)
	}
	r := statusCSV(t, d)[fav.Email]
	if r[3] != "Finished" || r[4] != p.FinishedAt.Local().Format("2006-01-02") || r[5] != "Deleted" || r[9] != "" {
		t.Errorf("deleted CSV row %q", r)
	}
	// A shoot deleted before it finished: Joined, no date.
	gen := scenario(t, srv, "generating")
	if err := srv.DeleteModel(gen.ModelIDs[0]); err != nil {
		t.Fatal(err)
	}
	resync(t, d)
	if r := statusCSV(t, d)[gen.Email]; r[3] != "Joined" || r[4] != "" || r[5] != "Deleted" {
		t.Errorf("deleted before finishing: %q", r)
	}
}

// Item 9: the retry window closing within a week is flagged, one with
// weeks left is not; the 30-day auto-delete is read from the shoots: off
// while an old shoot is still there (and said so for it), on once every
// old shoot is deleted, with the date a young shoot's results go, flagged
// in its last week.
func TestRetryClosingAndResultsExpiry(t *testing.T) {
	ctx := context.Background()
	d, srv := syncedDesk(t, 80)
	rules, err := d.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rules.AutoDelete != domain.AutoDeleteOff {
		t.Fatalf("the demo keeps shoots for months, so auto-delete is off: %q", rules.AutoDelete)
	}
	closing, _ := d.Person(ctx, scenario(t, srv, "retry-window-closing").Email)
	fc := rules.Facts(closing)
	if fc.RetryUntil.IsZero() || !fc.RetryClosing {
		t.Errorf("retry window closing: %+v", fc)
	}
	fresh, _ := d.Person(ctx, scenario(t, srv, "finished-favorite").Email)
	if ff := rules.Facts(fresh); ff.RetryClosing || (ff.RetryUntil.Sub(rules.Now) > domain.ClosingSoon) != !ff.RetryClosing {
		t.Errorf("a window with weeks left is not closing: %+v", ff)
	}
	old, _ := d.Person(ctx, scenario(t, srv, "retention-expiring").Email)
	fo := rules.Facts(old)
	if !fo.Results.Kept || !strings.Contains(fo.ResultsNote, "keeps them past 30 days") || !strings.Contains(fo.RetryBlocked, "window ended") {
		t.Errorf("an 88-day-old shoot: %+v", fo)
	}

	// Every shoot that finished more than 31 days ago goes: the
	// organization auto-deletes.
	before := domain.AutoDeleteEvidenceBefore(time.Now())
	page, err := d.Store.People(ctx, store.PeopleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		shoots, _ := d.Store.ModelsOf(ctx, p.Email)
		for _, m := range shoots {
			if m.Status == domain.ModelActive && m.FinishedAt.Before(before) && !m.IsDevelopment {
				if err := srv.DeleteModel(m.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// …and one shoot finished 26 days ago, on the sandbox's clock.
	inv := scenario(t, srv, "accepted-no-upload")
	srv.Advance(-26 * 24 * time.Hour)
	id, err := srv.SubmitPhotos(inv.Email)
	if err == nil {
		err = srv.FinishModel(id, 8)
	}
	srv.Advance(26 * 24 * time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.PickFavorite(id, ""); err != nil {
		t.Fatal(err)
	}
	resync(t, d)
	if rules, _ = d.Rules(ctx); rules.AutoDelete != domain.AutoDeleteOn {
		t.Fatalf("every old shoot deleted: %q", rules.AutoDelete)
	}
	young, _ := d.Person(ctx, inv.Email)
	fy := rules.Facts(young)
	if !fy.Results.Certain || !fy.Results.Soon || !strings.Contains(fy.ResultsNote, "HeadshotPro deletes these results on") || !strings.Contains(fy.ResultsNote, "in 4 days") {
		t.Errorf("a 26-day-old shoot in an auto-deleting org: %+v", fy)
	}
	gone, _ := d.Person(ctx, scenario(t, srv, "retention-expiring").Email)
	if fg := rules.Facts(gone); !fg.ShootDeleted || !strings.Contains(fg.ResultsNote, "deletes results 30 days after a shoot") {
		t.Errorf("an auto-deleted shoot: %+v", fg)
	}
	recent, _ := d.Person(ctx, scenario(t, srv, "finished-favorite").Email)
	if fr := rules.Facts(recent); fr.Results.Certain && fr.Results.DeleteOn.IsZero() {
		t.Errorf("a recent shoot has no delete date: %+v", fr)
	}
}

// Item 10: the second shoot of a person is the "… (2)" folder of the
// Download Favorites ZIP, and the member detail names both folders as the
// ZIP does.
func TestSecondShootFolderIsExplained(t *testing.T) {
	ctx := context.Background()
	d, srv := syncedDesk(t, 60)
	two := scenario(t, srv, "two-shoots")
	v, err := d.Member(ctx, two.Email)
	if err != nil {
		t.Fatal(err)
	}
	var folders []string
	for _, s := range v.Shoots {
		if s.Folder != "" {
			folders = append(folders, s.Folder)
		}
		if s.Stage != domain.StageFinished || !s.Finished || !s.Favorite {
			t.Errorf("shoot %+v", s)
		}
	}
	if len(folders) != 2 || !strings.HasSuffix(v.Shoots[0].Folder, " (2)") || v.Shoots[1].Folder+" (2)" != v.Shoots[0].Folder {
		t.Fatalf("folders newest first %q", folders)
	}
	res, err := d.DownloadFavorites(ctx, FavoritesRequest{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var inZip []string
	for _, f := range zr.File {
		if dir := path.Dir(f.Name); strings.HasPrefix(dir, two.Email) && path.Base(f.Name) == "headshot.jpg" {
			inZip = append(inZip, dir)
		}
	}
	sort.Strings(inZip)
	sort.Strings(folders)
	if strings.Join(inZip, "|") != strings.Join(folders, "|") {
		t.Fatalf("ZIP folders %q, member detail %q", inZip, folders)
	}
}

// Item 10: every tab's count is the total of its own list, on both
// screens, with something actioned, something failed and a team chosen;
// the Finished tab is the Finished section plus the Actioned one.
func TestEveryTabCountIsItsList(t *testing.T) {
	ctx := context.Background()
	d, srv := syncedDesk(t, 120)
	if err := srv.FailModel(scenario(t, srv, "training").ModelIDs[0]); err != nil {
		t.Fatal(err)
	}
	resync(t, d)
	fin, err := d.People(ctx, store.PeopleQuery{Lifecycle: domain.LifecycleFinished, Limit: 2})
	if err != nil || len(fin.Items) < 2 {
		t.Fatal(err)
	}
	for _, p := range fin.Items {
		if _, err := d.SetActioned(ctx, p.ModelID, true); err != nil {
			t.Fatal(err)
		}
	}
	teams, _ := d.Teams(ctx)
	for _, team := range []string{"", teams[0].ID} {
		c, err := d.Store.Counts(ctx, team)
		if err != nil {
			t.Fatal(err)
		}
		if team == "" && (c.Actioned != 2 || c.Failed < 2 || c.ToReview != c.Finished-2) {
			t.Fatalf("counts %+v", c)
		}
		for _, tab := range MemberTabs(c) {
			lc, err := StatusFilter(tab.ID)
			if err != nil {
				t.Fatal(err)
			}
			page, err := d.People(ctx, store.PeopleQuery{Lifecycle: lc, TeamID: team, Limit: 1})
			if err != nil || page.Total != tab.Count {
				t.Errorf("team %q Members tab %q: count %d, list %d (%v)", team, tab.Label, tab.Count, page.Total, err)
			}
		}
		sectionTotal := func(name string) int {
			q, err := SectionQuery(name)
			if err != nil {
				t.Fatal(err)
			}
			q.TeamID, q.Limit = team, 1
			page, err := d.People(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return page.Total
		}
		sectionsOf := map[string][]string{"all": {"finished", "actioned", "inProgress", "invited", "deleted"},
			"finished": {"finished", "actioned"}, "joined": {"inProgress"}, "invited": {"invited"}, "deleted": {"deleted"}, "actioned": {"actioned"}}
		for _, tab := range HeadshotTabs(c) {
			n := 0
			for _, s := range sectionsOf[tab.ID] {
				n += sectionTotal(s)
			}
			if tab.ID == "all" {
				n += c.Unknown
			}
			if n != tab.Count {
				t.Errorf("team %q Headshots tab %q: count %d, sections %d", team, tab.Label, tab.Count, n)
			}
		}
		if sectionTotal("finished") != c.ToReview {
			t.Errorf("Finished section %d vs to review %d", sectionTotal("finished"), c.ToReview)
		}
		// The same words mean the same number on both screens.
		byLabel := map[string]int{}
		for _, tab := range append(MemberTabs(c), HeadshotTabs(c)...) {
			if n, ok := byLabel[tab.Label]; ok && n != tab.Count {
				t.Errorf("team %q: %q is %d on one screen and %d on the other", team, tab.Label, n, tab.Count)
			}
			byLabel[tab.Label] = tab.Count
		}
	}
}

// Item 6: a sync that HeadshotPro answers with a server error is put into
// words (what happened, what to do), never the request line; the cause
// stays available for the log.
func TestSyncProblemInWords(t *testing.T) {
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 30, Seed: 2, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	if err := srv.SetFaults(sandbox.Faults{ErrorRate: 1, ErrorStatus: 503}); err != nil {
		t.Fatal(err)
	}
	_, err := d.Syncer.Sync(context.Background(), nil, syncer.Options{})
	if !errors.Is(err, headshotpro.ErrServer) {
		t.Fatalf("sync error %v", err)
	}
	p := SyncProblem(err)
	for _, bad := range []string{"http", "GET", "headshotpro:", "INTERNAL_ERROR", "sync:"} {
		if strings.Contains(p.Message, bad) {
			t.Errorf("message %q contains %q", p.Message, bad)
		}
	}
	for _, want := range []string{"HeadshotPro had a problem on its side (HTTP 503)", "offline copy is unchanged", "tries again"} {
		if !strings.Contains(p.Message, want) {
			t.Errorf("message %q lacks %q", p.Message, want)
		}
	}
	if !p.Retryable() || !strings.Contains(p.Detail(), "503") {
		t.Errorf("kind %q detail %q", p.Kind, p.Detail())
	}
	if SyncProblem(nil) != nil {
		t.Error("no problem without an error")
	}
	mass := SyncProblem(&syncer.MassDeletionError{Removed: 40, Total: 50})
	if !strings.Contains(mass.Message, "remove 40 of the 50 people") || !strings.Contains(mass.Message, "apply the sync") {
		t.Errorf("mass deletion %q", mass.Message)
	}
}

// An API that took the connection but did not answer in time is offline
// (the offline copy is shown) but is not called unreachable; a slow photo
// server is named as such. The errors are as headshotpro wraps them.
func TestNoAnswerIsNotCalledUnreachable(t *testing.T) {
	cause := errors.New("net/http: timeout awaiting response headers")
	noAnswer := fmt.Errorf("sync: teams: %w", fmt.Errorf("headshotpro: offline: %w", errors.Join(headshotpro.ErrOffline, fmt.Errorf("%w: %w", headshotpro.ErrNoAnswer, cause))))
	refused := fmt.Errorf("sync: teams: %w", errors.Join(headshotpro.ErrOffline, errors.New("dial tcp: connection refused")))
	slowPhoto := fmt.Errorf("download: %w: %w", headshotpro.ErrSlow, cause)

	for _, tc := range []struct {
		name string
		got  *Error
		want string
		kind Kind
	}{
		{"sync, no answer", SyncProblem(noAnswer), "HeadshotPro did not answer in time, so you see the offline copy", KindOffline},
		{"sync, refused", SyncProblem(refused), "HeadshotPro cannot be reached, so you see the offline copy", KindOffline},
		{"explain, no answer", Explain(noAnswer, "Sending the invites failed"), "Sending the invites failed: HeadshotPro did not answer in time", KindOffline},
		{"explain, refused", Explain(refused, "Sending the invites failed"), "Sending the invites failed: HeadshotPro cannot be reached", KindOffline},
		{"explain, slow photo", Explain(slowPhoto, "Downloading the favorite failed"), "the photo server did not answer in time", KindOffline},
	} {
		if tc.got == nil || tc.got.Kind != tc.kind || !strings.Contains(tc.got.Message, tc.want) {
			t.Errorf("%s: %+v, want kind %q and %q in the words", tc.name, tc.got, tc.kind, tc.want)
			continue
		}
		if tc.name == "sync, no answer" || tc.name == "explain, no answer" {
			if strings.Contains(tc.got.Message, "cannot be reached") {
				t.Errorf("%s: %q still says unreachable", tc.name, tc.got.Message)
			}
		}
	}
}
