package app

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

func TestPFPTemplateRoundTripAndRefusals(t *testing.T) {
	a, _ := newTestApp(t)
	s := service[*SettingsService](t, a)
	dir := a.info.DataDir

	got, err := s.PFPTemplate()
	if err != nil || got != PFPTemplate(pfp.DefaultSpec()) {
		t.Fatalf("no template saved: %+v %v", got, err)
	}
	if d, _ := PFPTemplate(pfp.DefaultSpec()).toPFP(); d.Key() != (pfp.Template{}).Key() {
		t.Fatalf("the default template %s is not the built-in PFP", d.Key())
	}
	// Other settings in the file survive.
	if err := config.SaveSettings(dir, config.Settings{Theme: "dark"}); err != nil {
		t.Fatal(err)
	}
	want := PFPTemplate{Shape: "circle", Size: 512, Background: "#1a2b3c", Outline: "#ff8800", OutlineWidth: 6, Grayscale: true, Framing: "smart"}
	in := want
	in.Shape, in.Background, in.Outline = "Circle", "#1A2B3C", "FF8800"
	if err := s.SetPFPTemplate(in); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PFPTemplate(); err != nil || got != want {
		t.Fatalf("round trip: %+v %v, want %+v", got, err, want)
	}
	set, err := config.LoadSettings(dir)
	if err != nil || set.Theme != "dark" || set.PFPTemplate == nil || set.PFPTemplate.Size != 512 || set.PFPTemplate.Shape != "circle" {
		t.Fatalf("settings.json: %+v %v", set, err)
	}
	if k := a.savedPFPTemplate().Key(); k != "v5-circle-512-bg1a2b3cff-olff8800ff.6-gray-smart" {
		t.Fatalf("saved template key %s", k)
	}

	before, _ := os.ReadFile(filepath.Join(dir, "settings.json"))
	for name, bad := range map[string]PFPTemplate{
		"shape":         {Shape: "hexagon", Size: 600, Background: "transparent", Framing: "head"},
		"small":         {Shape: "square", Size: 100, Background: "transparent", Framing: "head"},
		"large":         {Shape: "square", Size: 2048, Background: "transparent", Framing: "head"},
		"zero size":     {Shape: "square", Background: "transparent", Framing: "head"},
		"background":    {Shape: "square", Size: 600, Background: "blue", Framing: "head"},
		"outline":       {Shape: "square", Size: 600, Background: "transparent", Outline: "#12345", OutlineWidth: 2, Framing: "head"},
		"outline width": {Shape: "square", Size: 600, Background: "transparent", Outline: "#123456", OutlineWidth: 33, Framing: "head"},
		"negative":      {Shape: "square", Size: 600, Background: "transparent", Outline: "#123456", OutlineWidth: -1, Framing: "head"},
		"framing":       {Shape: "square", Size: 600, Background: "transparent", Framing: "feet"},
	} {
		err := s.SetPFPTemplate(bad)
		if e := decode(t, FormatError(err)); e.Code != CodeInvalidInput || e.Message == "" {
			t.Errorf("%s: %+v accepted or wrong error: %+v", name, bad, e)
		}
		if _, err := s.PreviewPFPTemplate(bad, ""); decode(t, FormatError(err)).Code != CodeInvalidInput {
			t.Errorf("%s: preview of an invalid template: %v", name, err)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "settings.json")); !bytes.Equal(before, after) {
		t.Fatalf("a refused template changed settings.json:\n%s\n%s", before, after)
	}
	if got, _ := s.PFPTemplate(); got != want {
		t.Fatalf("after refusals: %+v", got)
	}
}

func TestPreviewPFPTemplateAndSavedTemplateEverywhere(t *testing.T) {
	a, _ := newTestApp(t)
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	s := service[*SettingsService](t, a)
	media := a.mediaMiddleware()(http.NotFoundHandler())
	get := func(u string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		media.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		return rec
	}
	decodePNG := func(u string) image.Image {
		t.Helper()
		rec := get(u)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("GET %s: %d %s", u, rec.Code, rec.Header().Get("Content-Type"))
		}
		img, err := png.Decode(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}

	// An unsaved circle: a PNG of its size with transparent corners and an
	// opaque centre, served under its template key.
	circle := PFPTemplate{Shape: "circle", Size: 256, Background: "transparent", Outline: "#ff0000", OutlineWidth: 4, Framing: "head"}
	ref, err := s.PreviewPFPTemplate(circle, "")
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := circle.toPFP()
	if !strings.HasPrefix(ref.URL, "/media/pfp/") || !strings.HasSuffix(ref.URL, "/"+ct.Key()) || ref.Member == "" || ref.Size != 256 {
		t.Fatalf("preview ref %+v", ref)
	}
	img := decodePNG(ref.URL)
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("preview is %v, want 256×256", b)
	}
	if _, _, _, al := img.At(0, 0).RGBA(); al != 0 {
		t.Errorf("circle corner alpha %d, want transparent", al)
	}
	if _, _, _, al := img.At(128, 128).RGBA(); al != 0xffff {
		t.Errorf("circle centre alpha %d, want opaque", al)
	}
	if r, g, b, _ := img.At(128, 2).RGBA(); r>>8 < 200 || g>>8 > 60 || b>>8 > 60 {
		t.Errorf("outline at the top is %d,%d,%d, want red", r>>8, g>>8, b>>8)
	}
	// Previewing saved nothing.
	if got, _ := s.PFPTemplate(); got != PFPTemplate(pfp.DefaultSpec()) {
		t.Fatalf("preview saved the template: %+v", got)
	}
	// A member given by key; an unknown one is not_found.
	favs, _ := a.d().Store.Favorites(context.Background(), "")
	last := favs[len(favs)-1]
	ref2, err := s.PreviewPFPTemplate(circle, last.Email)
	if err != nil || !strings.Contains(ref2.URL, "/"+last.PhotoID+"/") {
		t.Fatalf("preview for %s: %+v %v", last.Email, ref2, err)
	}
	if _, err := s.PreviewPFPTemplate(circle, "nobody@example.invalid"); decode(t, FormatError(err)).Code != CodeNotFound {
		t.Fatalf("unknown member: %v", err)
	}

	// Once saved, the member detail preview and Download PFP use it.
	if err := s.SetPFPTemplate(circle); err != nil {
		t.Fatal(err)
	}
	h := headshots(t, a)
	p, err := a.d().Store.Person(context.Background(), last.Email)
	if err != nil {
		t.Fatal(err)
	}
	pu, err := h.PFPPreview(p.ModelID)
	if err != nil || !strings.HasSuffix(pu, "/"+ct.Key()) {
		t.Fatalf("member preview %q %v", pu, err)
	}
	if b := decodePNG(pu).Bounds(); b.Dx() != 256 {
		t.Fatalf("member preview is %v", b)
	}
	if d, _ := h.MemberDetail(p.Email); d.PFPURL != pu {
		t.Fatalf("member detail PFP URL %q, want %q", d.PFPURL, pu)
	}
	dl := t.TempDir()
	h.app.os.saveFile = func(string, string, string, []wruntime.FileFilter) (string, error) {
		return filepath.Join(dl, "pic.png"), nil
	}
	if _, err := h.SavePFP(p.ModelID, true); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dl, "pic.png"))
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 256 {
		t.Fatalf("Download PFP: %+v %v", cfg, err)
	}
}

func TestFavoritesPFPUsesSavedTemplate(t *testing.T) {
	f := newExportFixture(t, nil)
	s := service[*SettingsService](t, f.a)
	if err := s.SetPFPTemplate(PFPTemplate{Shape: "circle", Size: 320, Background: "#336699", Outline: "#ffffff", Framing: "centre"}); err != nil {
		t.Fatal(err)
	}
	ref, err := f.svc.StartFavorites(FavoritesRequest{Format: "zip"})
	if err != nil {
		t.Fatal(err)
	}
	rep := waitJob(t, f.a, ref.JobID)
	if rep.State != jobs.StateSucceeded || len(rep.Failures) != 0 {
		t.Fatalf("export: %+v", rep)
	}
	zr, err := zip.OpenReader(rep.Result)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	n := 0
	for _, e := range zr.File {
		if filepath.Base(e.Name) != "pfp.jpg" {
			continue
		}
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 320 {
			t.Fatalf("%s is %v, want 320×320", e.Name, b)
		}
		// The corners outside the circle are the background colour (JPEG has no alpha).
		if r, g, b, _ := img.At(1, 1).RGBA(); absDiff(r>>8, 0x33) > 12 || absDiff(g>>8, 0x66) > 12 || absDiff(b>>8, 0x99) > 12 {
			t.Fatalf("%s corner is %d,%d,%d, want #336699", e.Name, r>>8, g>>8, b>>8)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no pfp.jpg in the ZIP")
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
