package workflow

import (
	"bytes"
	"context"
	"encoding/csv"
	"image"
	"image/jpeg"
	"os"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/demodir"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// The whole flow on the demo directory: dry run → report; publish → every
// matched person with a favorite has the new 648×648 JPEG; a second run
// sends nothing; revert puts back the kept photo (or removes the photo
// when there was none); the report exports as CSV.
func TestPublishToTheDemoDirectory(t *testing.T) {
	ctx := context.Background()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 40, Seed: 5, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	target, err := d.OpenTarget(ctx, demodir.Name, TargetSource{})
	if err != nil {
		t.Fatal(err)
	}
	dir := target.(*demodir.Directory)
	dir.Latency = 0

	dry, err := d.Publish(ctx, target, PublishRequest{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := dry.Plan.Counts
	if c[publish.WillChange] == 0 || c[publish.NotInShotdesk] != 3 || c[publish.NotInDirectory] == 0 || c[publish.UpToDate] != 0 {
		t.Fatalf("dry-run counts %v", c)
	}
	if dry.Sent != 0 {
		t.Fatalf("a dry run sent %d", dry.Sent)
	}
	before := map[string]publish.Photo{}
	for _, r := range dry.Plan.Rows {
		if p, ok := dir.Photo(r.AccountID); ok && r.Status == publish.WillChange {
			before[r.AccountID] = p
		}
	}
	if len(before) == 0 {
		t.Fatal("no one in the demo directory had an old photo to keep")
	}

	out, err := d.Publish(ctx, target, PublishRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.Sent != c[publish.WillChange] || out.Failed != 0 {
		t.Fatalf("sent %d failed %d of %d", out.Sent, out.Failed, c[publish.WillChange])
	}
	var someone publish.Row
	for _, r := range out.Plan.Rows {
		if r.Status != publish.WillChange {
			continue
		}
		p, ok := dir.Photo(r.AccountID)
		if !ok {
			t.Fatalf("%s has no photo after publishing", r.Email)
		}
		img, err := jpeg.DecodeConfig(bytes.NewReader(p.Data))
		if err != nil || img.Width != 648 || img.Height != 648 {
			t.Fatalf("%s: %v %dx%d", r.Email, err, img.Width, img.Height)
		}
		if _, had := before[r.AccountID]; had && someone.Email == "" {
			someone = r
		}
	}

	again, err := d.Publish(ctx, target, PublishRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Sent != 0 || again.Plan.Counts[publish.WillChange] != 0 || again.Plan.Counts[publish.UpToDate] != out.Sent {
		t.Fatalf("second run: sent %d, counts %v", again.Sent, again.Plan.Counts)
	}

	// Revert one person: the kept photo comes back, byte for byte.
	rr, err := d.RevertPublish(ctx, target, RevertRequest{Email: strings.ToUpper(someone.Email)}, nil)
	if err != nil || rr.Reverted != 1 {
		t.Fatalf("revert one: %+v %v", rr, err)
	}
	if p, _ := dir.Photo(someone.AccountID); !bytes.Equal(p.Data, before[someone.AccountID].Data) {
		t.Fatal("the reverted person's photo is not the kept one")
	}
	if _, err := d.RevertPublish(ctx, target, RevertRequest{Email: someone.Email}, nil); KindOf(err) != KindNotFound {
		t.Fatalf("reverting twice: %v", err)
	}
	// …and is the only one who will change on the next run.
	plan, err := d.PlanPublish(ctx, target, PublishRequest{}, nil)
	if err != nil || plan.Counts[publish.WillChange] != 1 {
		t.Fatalf("after one revert: %v %v", plan.Counts, err)
	}

	// Revert the whole first run: people without a photo before have none.
	runs, err := d.PublishRuns(ctx, demodir.Name)
	if err != nil || len(runs) != 1 || runs[0].Published != out.Sent || runs[0].Reverted != 1 {
		t.Fatalf("runs %+v %v", runs, err)
	}
	rr, err = d.RevertPublish(ctx, target, RevertRequest{RunID: runs[0].ID}, nil)
	if err != nil || rr.Reverted != out.Sent-1 || rr.Failed != 0 {
		t.Fatalf("revert run: %+v %v", rr, err)
	}
	for _, r := range out.Plan.Rows {
		if r.Status != publish.WillChange {
			continue
		}
		p, ok := dir.Photo(r.AccountID)
		old, had := before[r.AccountID]
		if ok != had || (had && !bytes.Equal(p.Data, old.Data)) {
			t.Fatalf("%s after reverting the run: has photo %v, had %v", r.Email, ok, had)
		}
	}
	log, err := d.PublishLog(ctx, store.PublishQuery{Target: demodir.Name})
	if err != nil || len(log) != 2*out.Sent {
		t.Fatalf("log has %d lines for %d published + reverted: %v", len(log), out.Sent, err)
	}

	// The report as CSV: a header and one line per row.
	path, err := SavePublishReport(plan.Report, FileTarget{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil || len(recs) != len(plan.Rows)+1 || recs[0][0] != "Status" || recs[1][0] != "Will change" {
		t.Fatalf("report csv: %v %d lines, first %v", err, len(recs), recs[:min(2, len(recs))])
	}
}

// Nobody without a favorite is ever published, and a team scopes the run.
func TestPublishOnlyFavoritesOfTheTeam(t *testing.T) {
	ctx := context.Background()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 40, Seed: 9, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	if _, err := d.Freshen(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	teams, err := d.Teams(ctx)
	if err != nil || len(teams) == 0 {
		t.Fatalf("teams %v %v", teams, err)
	}
	target, _ := d.OpenTarget(ctx, demodir.Name, TargetSource{})
	target.(*demodir.Directory).Latency = 0
	out, err := d.Publish(ctx, target, PublishRequest{Team: teams[0].Name}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.Plan.Rows {
		if r.Team != teams[0].Name {
			t.Fatalf("%s of team %q in a run for %q", r.Email, r.Team, teams[0].Name)
		}
		if r.PhotoID == "" && r.Status == publish.WillChange {
			t.Fatalf("%s has no favorite but would change", r.Email)
		}
	}
	log, _ := d.PublishLog(ctx, store.PublishQuery{Target: demodir.Name})
	if len(log) != out.Sent {
		t.Fatalf("%d logged, %d sent", len(log), out.Sent)
	}
	if _, err := d.OpenTarget(ctx, "myspace", TargetSource{}); KindOf(err) != KindInvalidInput {
		t.Fatalf("unknown target: %v", err)
	}
}

// Reverting an older run leaves alone the people a later run replaced
// again (the directory shows the later photo), and says so.
func TestRevertSkipsPhotosALaterRunReplaced(t *testing.T) {
	ctx := context.Background()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 30, Seed: 4, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	target, _ := d.OpenTarget(ctx, demodir.Name, TargetSource{})
	dir := target.(*demodir.Directory)
	dir.Latency = 0
	first, err := d.Publish(ctx, target, PublishRequest{}, nil)
	if err != nil || first.Sent < 2 {
		t.Fatalf("first run: %+v %v", first.Result, err)
	}
	// A new template makes everyone "will change" again.
	spec, _ := d.TemplateSettings()
	spec.Grayscale = true
	if err := d.SaveTemplate(spec); err != nil {
		t.Fatal(err)
	}
	second, err := d.Publish(ctx, target, PublishRequest{}, nil)
	if err != nil || second.Sent != first.Sent {
		t.Fatalf("second run: %+v %v", second.Result, err)
	}
	var someone publish.Row
	for _, r := range second.Plan.Rows {
		if r.Status == publish.WillChange {
			someone = r
			break
		}
	}
	secondPhoto, _ := dir.Photo(someone.AccountID)
	tr := jobs.NewManager(nil)
	id := tr.Start(ctx, "revert", func(ctx context.Context, tk *jobs.Tracker) error {
		res, err := d.RevertPublish(ctx, target, RevertRequest{RunID: first.RunID}, tk)
		if err == nil && (res.Reverted != 0 || res.Failed != first.Sent) {
			t.Errorf("revert of the replaced run: %+v", res)
		}
		return err
	})
	rep, _ := tr.Wait(ctx, id)
	if len(rep.Failures) != first.Sent || !strings.Contains(rep.Failures[0].Reason, "later run") {
		t.Fatalf("failures %+v", rep.Failures)
	}
	if p, _ := dir.Photo(someone.AccountID); !bytes.Equal(p.Data, secondPhoto.Data) {
		t.Fatal("reverting the older run changed a photo the later run put there")
	}
}

// The Profile Picture tab says when no face was found: a sandbox portrait
// has one (no note); a photo without a face gets the note; a centre crop
// never looks.
func TestFramingNote(t *testing.T) {
	ctx := context.Background()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 20, Seed: 2, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	if _, err := d.Freshen(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	page, _ := d.Store.People(ctx, store.PeopleQuery{})
	var withFav []store.Person
	for _, p := range page.Items {
		if p.HasFavorite {
			withFav = append(withFav, p)
		}
	}
	if len(withFav) < 2 {
		t.Fatalf("%d people with a favorite", len(withFav))
	}
	head := pfp.Template{}
	if note, err := d.FramingNote(ctx, withFav[0], head); err != nil || note != "" {
		t.Fatalf("a sandbox portrait: %q %v", note, err)
	}
	// A favorite that is a flat grey square has no face.
	img := image.NewGray(image.Rect(0, 0, 400, 500))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	faceless := withFav[1]
	if _, err := d.Blobs.PutKeyed(ctx, blobs.PhotoKey(faceless.FavoritePhotoID, blobs.VariantMain), bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if note, err := d.FramingNote(ctx, faceless, head); err != nil || !strings.Contains(note, "No face was found") {
		t.Fatalf("a faceless photo: %q %v", note, err)
	}
	if note, _ := d.FramingNote(ctx, faceless, pfp.Template{Framing: pfp.Centre}); note != "" {
		t.Fatalf("a centre crop never looks: %q", note)
	}
}
