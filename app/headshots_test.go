package app

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

func headshots(t *testing.T, a *App) *HeadshotsService {
	t.Helper()
	for _, b := range a.bound() {
		if s, ok := b.(*HeadshotsService); ok {
			return s
		}
	}
	t.Fatal("HeadshotsService is not bound")
	return nil
}

func TestHeadshotsSections(t *testing.T) {
	a, _ := newTestApp(t)
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	h := headshots(t, a)
	c, _ := a.People.Counts("")
	got := map[string]int{}
	for _, sec := range []string{"finished", "actioned", "inProgress", "invited", "deleted"} {
		page, err := h.Section(SectionRequest{Section: sec, Limit: 5})
		if err != nil {
			t.Fatal(sec, err)
		}
		got[sec] = page.Total
		if len(page.Items) > 5 {
			t.Fatalf("%s: %d items for limit 5", sec, len(page.Items))
		}
	}
	if got["finished"] != c.Finished || got["actioned"] != 0 || got["inProgress"] != c.InProgress || got["invited"] != c.PendingInvites || got["deleted"] != c.ByStatus["Deleted"] {
		t.Fatalf("sections %v vs counts %+v", got, c)
	}
	fin, _ := h.Section(SectionRequest{Section: "finished", Limit: 1})
	p := fin.Items[0]
	if err := a.People.SetActioned(p.ModelID, true); err != nil {
		t.Fatal(err)
	}
	if f, _ := h.Section(SectionRequest{Section: "finished"}); f.Total != c.Finished-1 {
		t.Fatalf("finished after actioning: %d", f.Total)
	}
	if act, _ := h.Section(SectionRequest{Section: "actioned"}); act.Total != 1 || act.Items[0].Key != p.Key {
		t.Fatalf("actioned %+v", act)
	}
	if s, _ := h.Section(SectionRequest{Section: "finished", Search: p.Email}); s.Total != 0 {
		t.Fatalf("search found the actioned person in Finished")
	}
	if _, err := h.Section(SectionRequest{Section: "bogus"}); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Fatalf("bogus section: %v", err)
	}
	teams, _ := a.People.Teams()
	team := teams[0].ID
	tc, _ := a.People.Counts(team)
	if tf, _ := h.Section(SectionRequest{Section: "inProgress", TeamID: team}); tf.Total != tc.InProgress {
		t.Fatalf("team in progress %d, counts %d", tf.Total, tc.InProgress)
	}
}

func TestMemberDetailGalleryAndPFP(t *testing.T) {
	a, srv := newTestApp(t)
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	h := headshots(t, a)
	fin, _ := a.People.List(PeopleRequest{Tab: "Finished", Limit: 1})
	p := fin.Items[0]

	ref, err := h.LoadGallery(p.ModelID)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if rep, err := a.jobs.Wait(ctx, ref.JobID); err != nil || rep.State != jobs.StateSucceeded {
		t.Fatalf("gallery job: %+v %v", rep, err)
	}
	d, err := h.MemberDetail(p.Key)
	if err != nil {
		t.Fatal(err)
	}
	if d.Person.Email != p.Email || len(d.Shoots) == 0 || len(d.Photos) < 2 {
		t.Fatalf("detail %+v", d)
	}
	if !d.Photos[0].Favorite {
		t.Fatalf("favorite not first: %+v", d.Photos[0])
	}
	media := a.mediaMiddleware()(http.NotFoundHandler())
	get := func(u string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		media.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		return rec
	}
	for _, ph := range d.Photos {
		if ph.ThumbURL == "" || ph.ExpiresAt == "" {
			t.Fatalf("photo without cached thumbnail or expiry: %+v", ph)
		}
		if strings.Contains(ph.ThumbURL, "http") || get(ph.ThumbURL).Code != 200 {
			t.Fatalf("thumbnail %q not served", ph.ThumbURL)
		}
	}
	// The full size of a non-favorite is downloaded on demand.
	other := d.Photos[len(d.Photos)-1]
	if other.MainURL != "" {
		t.Fatalf("main of a non-favorite cached before asked: %+v", other)
	}
	mainURL, err := h.LoadPhoto(other.ID, "main")
	if err != nil || get(mainURL).Code != 200 {
		t.Fatalf("LoadPhoto: %q %v", mainURL, err)
	}
	if _, err := h.LoadPhoto(other.ID, "original"); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Fatalf("original variant: %v", err)
	}

	// The PFP preview is served by the media route as a 600×600 PNG.
	if get(pfpMediaURL(d.Photos[0].ID, pfp.Template{})).Code != 404 {
		t.Fatal("PFP served before rendering")
	}
	pu, err := h.PFPPreview(p.ModelID)
	if err != nil {
		t.Fatal(err)
	}
	rec := get(pu)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("GET %s: %d %s", pu, rec.Code, rec.Header().Get("Content-Type"))
	}
	if img, err := png.Decode(bytes.NewReader(rec.Body.Bytes())); err != nil || img.Bounds().Dx() != 600 || img.Bounds().Dy() != 600 {
		t.Fatalf("preview: %v %v", img.Bounds(), err)
	}
	if d2, _ := h.MemberDetail(p.Email); d2.PFPURL != pu {
		t.Fatalf("detail PFP URL %q, want %q", d2.PFPURL, pu)
	}

	// SavePFP writes into ~/Downloads and never overwrites; offline too.
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.Mkdir(filepath.Join(home, "Downloads"), 0o755)
	srv.Close()
	for i, want := range []string{p.Email + "-pfp.png", p.Email + "-pfp (2).png"} {
		saved, err := h.SavePFP(p.ModelID, false)
		if err != nil {
			t.Fatal(i, err)
		}
		if saved.Label != filepath.Join("Downloads", want) {
			t.Fatalf("saved %q, want Downloads/%s", saved.Label, want)
		}
		f, err := os.Open(filepath.Join(home, saved.Label))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 600 || cfg.Height != 600 {
			t.Fatalf("%s: %+v %v", saved.Label, cfg, err)
		}
	}
	// A chosen location comes from the dialog (in Go), never from the page.
	h.app.os.saveFile = func(_, dir, name string, _ []wruntime.FileFilter) (string, error) {
		if dir != filepath.Join(home, "Downloads") || name != p.Email+"-pfp.png" {
			t.Errorf("dialog got %q %q", dir, name)
		}
		return filepath.Join(home, "chosen"), nil
	}
	if saved, err := h.SavePFP(p.ModelID, true); err != nil || saved.Label != "chosen.png" {
		t.Fatalf("chosen: %+v %v", saved, err)
	}
	h.app.os.saveFile = func(string, string, string, []wruntime.FileFilter) (string, error) { return "", nil }
	if _, err := h.SavePFP(p.ModelID, true); decode(t, FormatError(err)).Code != CodeCancelled {
		t.Fatalf("cancelled dialog: %v", err)
	}

	// Offline and not cached: a clear, retryable error.
	noFav, _ := a.People.List(PeopleRequest{Tab: "Invited", Limit: 1})
	if _, err := h.SavePFP(noFav.Items[0].ModelID, false); err == nil {
		t.Fatal("PFP of an invitee")
	}
	if _, err := h.MemberDetail("nobody@example.com"); decode(t, FormatError(err)).Code != CodeNotFound {
		t.Fatalf("unknown member: %v", err)
	}
}

func TestOpenMemberPage(t *testing.T) {
	a, _ := newTestApp(t)
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	h := headshots(t, a)
	var opened []string
	h.app.os.openURL = func(u string) { opened = append(opened, u) }
	fin, _ := a.People.List(PeopleRequest{Tab: "Finished", Limit: 1})
	p := fin.Items[0]
	if _, err := h.OpenMemberPage(p.MemberID, "open"); err != nil {
		t.Fatal(err)
	}
	want := "https://www.headshotpro.com/app/admin/members/" + p.MemberID + "?tab=headshots"
	if len(opened) != 1 || opened[0] != want {
		t.Fatalf("opened %q, want %q", opened, want)
	}
	for _, bad := range []string{"", "nope", "../../evil", "https://evil.example/", p.Email} {
		if _, err := h.OpenMemberPage(bad, "open"); err == nil {
			t.Errorf("OpenMemberPage(%q) opened something", bad)
		}
	}
	if len(opened) != 1 {
		t.Fatalf("opened %q", opened)
	}
}
