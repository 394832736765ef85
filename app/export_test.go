package app

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
)

// exportFixture is an App synced against the sandbox, with its export
// service writing into a private home folder and a fake file manager.
type exportFixture struct {
	a        *App
	srv      *sandbox.Server
	svc      *ExportService
	home     string
	revealed []string
}

func newExportFixture(t *testing.T, prepare func(srv *sandbox.Server)) *exportFixture {
	t.Helper()
	a, srv := newTestApp(t)
	f := &exportFixture{a: a, srv: srv, svc: a.Export, home: t.TempDir()}
	// The default export folder is the user's Downloads, found from HOME
	// (and the XDG user dirs on Linux): point both at a private folder.
	t.Setenv("HOME", f.home)
	t.Setenv("USERPROFILE", f.home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(f.home, ".config"))
	f.a.os.reveal = func(p string) error { f.revealed = append(f.revealed, p); return nil }
	if prepare != nil {
		prepare(srv)
	}
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	return f
}

func waitJob(t *testing.T, a *App, id string) jobs.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rep, err := a.jobs.Wait(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// pickFailingFavorite gives a finished shoot without a favorite one whose
// photo downloads always fail, and returns that member's email.
func pickFailingFavorite(t *testing.T, srv *sandbox.Server) (email, photoID string) {
	t.Helper()
	for _, sc := range srv.Scenarios() {
		if sc.Scenario == "finished-no-favorite" && len(sc.ModelIDs) > 0 {
			id, err := srv.PickFavorite(sc.ModelIDs[0], "")
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.SetFaults(sandbox.Faults{FailPhotos: []string{id}}); err != nil {
				t.Fatal(err)
			}
			return sc.Email, id
		}
	}
	t.Fatal("no finished-no-favorite scenario in the sandbox")
	return "", ""
}

func TestExportFolderDefaultAndChoice(t *testing.T) {
	f := newExportFixture(t, nil)
	got, err := f.svc.ExportFolder()
	if err != nil || got.Label != f.home {
		t.Fatalf("no Downloads: %+v %v, want the home folder %s", got, err, f.home)
	}
	dl := filepath.Join(f.home, "Downloads")
	if err := os.Mkdir(dl, 0o700); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.ExportFolder(); got.Label != dl {
		t.Fatalf("with Downloads: %+v, want %s", got, dl)
	}

	// The dialog needs the window's context; without one it says so.
	if _, err := f.svc.ChooseExportFolder(); err == nil {
		t.Fatal("ChooseExportFolder without a window succeeded")
	}
	answer := ""
	f.a.os.chooseDir = func(_, start string) (string, error) {
		if start != dl {
			t.Errorf("dialog starts in %q, want %q", start, dl)
		}
		return answer, nil
	}
	if got, err := f.svc.ChooseExportFolder(); err != nil || !got.Cancelled || got.Label != dl {
		t.Fatalf("dismissed dialog: %+v %v", got, err)
	}
	other := t.TempDir()
	answer = other
	if got, err := f.svc.ChooseExportFolder(); err != nil || got.Cancelled || got.Label != other {
		t.Fatalf("chosen folder: %+v %v", got, err)
	}
	if got, _ := f.svc.ExportFolder(); got.Label != other {
		t.Fatalf("choice not remembered: %+v", got)
	}
}

func TestStartFavoritesZIPWithOneFailure(t *testing.T) {
	var failEmail string
	f := newExportFixture(t, func(srv *sandbox.Server) { failEmail, _ = pickFailingFavorite(t, srv) })
	dl := filepath.Join(f.home, "Downloads")
	os.Mkdir(dl, 0o700)

	ref, err := f.svc.StartFavorites(FavoritesRequest{Format: "zip", Preset: "headshotpro"})
	if err != nil || ref.Kind != "favorites" {
		t.Fatalf("start: %+v %v", ref, err)
	}
	rep := waitJob(t, f.a, ref.JobID)
	if rep.State != jobs.StateSucceeded {
		t.Fatalf("export: %+v", rep)
	}
	if len(rep.Failures) != 1 || rep.Failures[0].Item != failEmail || rep.Failures[0].Reason == "" {
		t.Fatalf("failures %+v, want exactly %s", rep.Failures, failEmail)
	}
	if filepath.Dir(rep.Result) != dl || !strings.HasPrefix(filepath.Base(rep.Result), "team-photos-") || filepath.Ext(rep.Result) != ".zip" {
		t.Fatalf("result %q, want team-photos-….zip in %s", rep.Result, dl)
	}
	zr, err := zip.OpenReader(rep.Result)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	folders := map[string][]string{}
	for _, e := range zr.File {
		dir, file := filepath.Split(e.Name)
		folders[strings.TrimSuffix(dir, "/")] = append(folders[strings.TrimSuffix(dir, "/")], file)
	}
	favs, _ := f.a.d().Store.Favorites(context.Background(), "")
	if len(folders) != len(favs)-1 {
		t.Fatalf("%d folders for %d favorites (one failing)", len(folders), len(favs))
	}
	for dir, files := range folders {
		if strings.HasPrefix(dir, failEmail) {
			t.Errorf("the failing member has a folder %q", dir)
		}
		if !reflect.DeepEqual(files, []string{"headshot.jpg", "pfp.jpg"}) {
			t.Errorf("%s holds %v", dir, files)
		}
	}
	// The job's output is revealed from Go's own record.
	if err := f.svc.RevealExport(ref.JobID); err != nil || len(f.revealed) != 1 || f.revealed[0] != rep.Result {
		t.Fatalf("reveal: %v %v", err, f.revealed)
	}
	if err := f.svc.RevealExport("nope"); decode(t, FormatError(err)).Code != CodeNotFound {
		t.Fatalf("reveal unknown job: %v", err)
	}
	sref, _ := f.a.Sync.SyncNow()
	waitJob(t, f.a, sref.JobID)
	if err := f.svc.RevealExport(sref.JobID); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Fatalf("reveal a sync job: %v", err)
	}

	// A second export never overwrites the first; a folder export works too.
	ref2, _ := f.svc.StartFavorites(FavoritesRequest{Format: "folder"})
	rep2 := waitJob(t, f.a, ref2.JobID)
	if rep2.State != jobs.StateSucceeded || !isDir(rep2.Result) || filepath.Dir(rep2.Result) != dl {
		t.Fatalf("folder export: %+v", rep2)
	}
}

func TestStartFavoritesCancelLeavesNothing(t *testing.T) {
	var photoID string
	f := newExportFixture(t, func(srv *sandbox.Server) { _, photoID = pickFailingFavorite(t, srv) })
	// The failing photo is never cached; now its downloads are slow too, so
	// the export is still running when it is cancelled.
	if err := f.srv.SetFaults(sandbox.Faults{FailPhotos: []string{photoID}, CDNLatency: 3 * time.Second}); err != nil {
		t.Fatal(err)
	}
	ref, err := f.svc.StartFavorites(FavoritesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		snap, _ := f.a.jobs.Get(ref.JobID)
		if snap.Progress.Phase == "exporting" && snap.Progress.Done > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := f.a.Jobs.Cancel(ref.JobID); err != nil {
		t.Fatal(err)
	}
	rep := waitJob(t, f.a, ref.JobID)
	if rep.State != jobs.StateCancelled || rep.Result != "" {
		t.Fatalf("cancelled export: %+v", rep)
	}
	entries, _ := os.ReadDir(f.home)
	for _, e := range entries {
		if strings.Contains(e.Name(), "team-photos") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestExportCSVMatchesPeople(t *testing.T) {
	f := newExportFixture(t, nil)
	res, err := f.svc.ExportCSV(ExportCSVRequest{})
	if err != nil {
		t.Fatal(err)
	}
	counts, _ := f.a.People.Counts("")
	if res.Rows != counts.Total || filepath.Dir(res.Path) != f.home || !strings.HasPrefix(filepath.Base(res.Path), "team-status-") {
		t.Fatalf("csv %+v, want %d rows in %s", res, counts.Total, f.home)
	}
	raw, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\ufeffTeam Name,Email,Title,Status,Finished Date")) {
		t.Fatalf("header %q", raw[:min(len(raw), 80)])
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	all, _ := f.a.People.List(PeopleRequest{Limit: 1000})
	if len(recs)-1 != len(all.Items) {
		t.Fatalf("%d rows, %d people", len(recs)-1, len(all.Items))
	}
	for i, p := range all.Items {
		if recs[i+1][1] != p.Email || recs[i+1][3] != p.CSVStatus {
			t.Fatalf("row %d = %v, person %s %s", i+1, recs[i+1], p.Email, p.CSVStatus)
		}
	}

	// A second export gets a new name; it never replaces the first.
	res2, err := f.svc.ExportCSV(ExportCSVRequest{})
	if err != nil || res2.Path == res.Path || !strings.HasSuffix(res2.Path, " (2).csv") {
		t.Fatalf("second csv %+v %v", res2, err)
	}
	if err := f.svc.RevealExport(res2.ID); err != nil || f.revealed[0] != res2.Path {
		t.Fatalf("reveal csv: %v %v", err, f.revealed)
	}

	// Team scope, and the save dialog (dismissed, then a name without .csv).
	teams, _ := f.a.People.Teams()
	tc, _ := f.a.People.Counts(teams[0].ID)
	answer := ""
	f.a.os.saveFile = func(string, string, string, []wruntime.FileFilter) (string, error) { return answer, nil }
	if r, err := f.svc.ExportCSV(ExportCSVRequest{TeamID: teams[0].ID, ChooseLocation: true}); err != nil || !r.Cancelled {
		t.Fatalf("dismissed save dialog: %+v %v", r, err)
	}
	answer = filepath.Join(t.TempDir(), "team")
	r, err := f.svc.ExportCSV(ExportCSVRequest{TeamID: teams[0].ID, ChooseLocation: true})
	if err != nil || r.Path != answer+".csv" || r.Rows != tc.Total {
		t.Fatalf("saved team csv %+v %v, want %d rows", r, err, tc.Total)
	}
	if _, err := f.svc.ExportCSV(ExportCSVRequest{TeamID: "no-such-team"}); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Fatalf("unknown team: %v", err)
	}

	// Offline: the CSV still comes from the cache.
	f.srv.Close()
	if r, err := f.svc.ExportCSV(ExportCSVRequest{}); err != nil || r.Rows != counts.Total {
		t.Fatalf("offline csv %+v %v", r, err)
	}
}

func TestExportBadInput(t *testing.T) {
	a, _ := newTestApp(t)
	svc := a.Export
	for _, req := range []FavoritesRequest{{Format: "tar"}, {Preset: "x"}, {TeamID: "nope"}} {
		if _, err := svc.StartFavorites(req); decode(t, FormatError(err)).Code != CodeInvalidInput {
			t.Errorf("StartFavorites(%+v) = %v, want invalid_input", req, err)
		}
	}
	// A never-synced cache is synced first (fresh by default), so the CSV
	// is complete; with HeadshotPro gone it would have nothing to work from.
	t.Setenv("HOME", t.TempDir())
	res, err := svc.ExportCSV(ExportCSVRequest{})
	if err != nil || res.Rows == 0 || res.Note != "" {
		t.Errorf("CSV of a never-synced cache = %+v, %v; want it synced first and written", res, err)
	}
}

// No ExportService method takes a string the page could fill with a path:
// the only string parameters are ids (a job or CSV export id) and the
// request structs' team id, format and preset.
func TestExportSurfaceIsPathFree(t *testing.T) {
	typ := reflect.TypeOf(&ExportService{})
	for i := 0; i < typ.NumMethod(); i++ {
		m := typ.Method(i)
		for j := 1; j < m.Type.NumIn(); j++ {
			in := m.Type.In(j)
			switch {
			case m.Name == "RevealExport" && in.Kind() == reflect.String:
			case in == reflect.TypeOf(FavoritesRequest{}) || in == reflect.TypeOf(ExportCSVRequest{}):
				for k := 0; k < in.NumField(); k++ {
					if n := strings.ToLower(in.Field(k).Name); strings.Contains(n, "path") || strings.Contains(n, "dir") || strings.Contains(n, "url") || strings.Contains(n, "file") {
						t.Errorf("%s takes %s.%s", m.Name, in.Name(), in.Field(k).Name)
					}
				}
			default:
				t.Errorf("%s takes a %s: review it for paths, then list it here", m.Name, in)
			}
		}
	}
}
