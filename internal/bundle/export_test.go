package bundle

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// expectedLayout is the contract's layout for rows, in order: one folder per
// shoot, names made unique in Favorites order.
func expectedLayout(rows []store.FavoriteRow) (names []string, folderOf map[string]string) {
	var n Namer
	folderOf = map[string]string{}
	for _, r := range rows {
		folder := n.Unique(FolderName(r.Email, r.Title))
		folderOf[r.ModelID] = folder
		names = append(names, folder+"/headshot.jpg", folder+"/pfp.jpg")
	}
	return names, folderOf
}

func readZip(t testing.TB, path string) (*zip.ReadCloser, map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { zr.Close() })
	data := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc) // checks the CRC at EOF
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		data[f.Name] = b
	}
	return zr, data
}

// TestExportZipContract exports a sandbox org (hostile and non-ASCII
// titles, two shoots of one person, an empty title) and checks the archive
// entry by entry against the contract and the CDN.
func TestExportZipContract(t *testing.T) {
	f := newFixture(t, 60, 0.25)
	rows := f.Favorites(t, "")
	// The export's clock (Options.Now) is pinned: the archive's date and
	// every entry's Modified come from it, so nothing depends on how long
	// the export takes or on midnight passing during the test.
	now := time.Date(2026, 3, 14, 9, 26, 52, 0, time.Local)
	clock := func() time.Time { return now }
	res, rep, err := f.export(t, context.Background(), f.deps(), Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	wantPath := filepath.Join(f.out, ArchiveName(now))
	if res.Path != wantPath || rep.Result != wantPath {
		t.Fatalf("path %q (report %q), want %q", res.Path, rep.Result, wantPath)
	}
	if res.Failed != 0 || len(rep.Failures) != 0 || res.Items != len(rows) || res.Entries != 2*len(rows) {
		t.Fatalf("result %+v, report failures %v, %d favorites", res, rep.Failures, len(rows))
	}
	if rep.State != jobs.StateSucceeded || rep.Phase != "exporting" || rep.Done != len(rows) || rep.Total != len(rows) || rep.Bytes != res.Bytes {
		t.Fatalf("report %+v", rep.Progress)
	}
	if res.Downloaded != len(rows) || res.Rendered != len(rows) {
		t.Fatalf("cold export downloaded %d, rendered %d of %d", res.Downloaded, res.Rendered, len(rows))
	}
	if got := listDir(t, f.out); len(got) != 1 || got[0] != filepath.Base(wantPath) {
		t.Fatalf("output folder holds %v (temp files left?)", got)
	}
	// The umask decides, as for anything the user downloads (not 0600).
	if fi, err := os.Stat(res.Path); err != nil || fi.Mode().Perm() != umaskMode(t, f.out, false) {
		t.Fatalf("archive mode: %v %v, want %v", fi.Mode(), err, umaskMode(t, f.out, false))
	}

	zr, data := readZip(t, res.Path)
	wantNames, folderOf := expectedLayout(rows)
	if len(zr.File) != len(wantNames) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(wantNames))
	}
	var total int64
	for i, zf := range zr.File {
		if zf.Name != wantNames[i] {
			t.Fatalf("entry %d is %q, want %q (Favorites order)", i, zf.Name, wantNames[i])
		}
		if zf.Method != zip.Store {
			t.Errorf("%s: method %d, want Store", zf.Name, zf.Method)
		}
		ascii := true
		for _, c := range []byte(zf.Name) {
			ascii = ascii && c < 0x80
		}
		if utf8Flag := zf.Flags&0x800 != 0; utf8Flag == ascii || zf.NonUTF8 {
			t.Errorf("%s: UTF-8 flag %v for ascii=%v", zf.Name, utf8Flag, ascii)
		}
		if d := zf.Modified.Sub(now); d < -2*time.Second || d > 2*time.Second {
			t.Errorf("%s: Modified %v, want ≈ %v", zf.Name, zf.Modified, now)
		}
		folder, file, _ := strings.Cut(zf.Name, "/")
		checkSafe(t, folder, folder)
		if !filepath.IsLocal(zf.Name) || (file != "headshot.jpg" && file != "pfp.jpg") {
			t.Errorf("bad entry name %q", zf.Name)
		}
		total += int64(zf.UncompressedSize64)
	}
	if total != res.Bytes {
		t.Errorf("entries hold %d bytes, result says %d", total, res.Bytes)
	}

	// headshot.jpg is the CDN's bytes exactly; pfp.jpg is a 600×600 JPEG.
	emails := map[string]int{}
	sawNonASCII, sawEmptyTitle := false, false
	for _, r := range rows {
		folder := folderOf[r.ModelID]
		if got, want := sum(data[folder+"/headshot.jpg"]), sum(f.direct(t, r)); got != want {
			t.Errorf("%s: headshot.jpg sha256 %s, CDN serves %s", r.Email, got, want)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data[folder+"/pfp.jpg"]))
		if err != nil || cfg.Width != 600 || cfg.Height != 600 {
			t.Errorf("%s: pfp.jpg %dx%d %v", r.Email, cfg.Width, cfg.Height, err)
		}
		if _, err := jpeg.Decode(bytes.NewReader(data[folder+"/pfp.jpg"])); err != nil {
			t.Errorf("%s: pfp.jpg does not decode: %v", r.Email, err)
		}
		emails[domain.NormalizeEmail(r.Email)]++
		if !utf8.ValidString(folder) || strings.IndexFunc(folder, func(r rune) bool { return r > 0x7f }) >= 0 {
			sawNonASCII = true
		}
		if strings.TrimSpace(r.Title) == "" {
			sawEmptyTitle = true
			if folder != SafeName(r.Email) && !strings.HasPrefix(folder, SafeName(r.Email)+" (") {
				t.Errorf("empty title: folder %q, want the email", folder)
			}
		}
	}
	twoShoots := false
	for _, n := range emails {
		twoShoots = twoShoots || n >= 2
	}
	if !twoShoots || !sawNonASCII || !sawEmptyTitle {
		t.Errorf("sandbox org lacks a scenario: two shoots %v, non-ASCII %v, empty title %v", twoShoots, sawNonASCII, sawEmptyTitle)
	}
	if len(folderOf) != len(rows) {
		t.Errorf("%d folders for %d shoots", len(folderOf), len(rows))
	}

	// Deterministic: the same cache exported again gives the same entries in
	// the same order, under " (2)" — the first archive is never overwritten.
	before := sum(mustRead(t, res.Path))
	res2, _, err := f.export(t, context.Background(), f.deps(), Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(f.out, "team-photos-"+now.Format("2006-01-02")+" (2).zip"); res2.Path != want {
		t.Fatalf("second export at %q, want %q", res2.Path, want)
	}
	if sum(mustRead(t, res.Path)) != before {
		t.Fatal("first archive changed")
	}
	zr2, data2 := readZip(t, res2.Path)
	for i, zf := range zr2.File {
		if zf.Name != zr.File[i].Name || !bytes.Equal(data2[zf.Name], data[zf.Name]) {
			t.Fatalf("second export differs at entry %d (%s)", i, zf.Name)
		}
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExportWarmDoesNotDownload: a second export with everything cached
// makes no CDN request and renders nothing: it only re-zips.
func TestExportWarmDoesNotDownload(t *testing.T) {
	f := newFixture(t, 40, 0.25)
	if _, _, err := f.export(t, context.Background(), f.deps(), Options{}); err != nil {
		t.Fatal(err)
	}
	cdn := f.Srv.Stats().CDNRequests
	res, _, err := f.export(t, context.Background(), f.deps(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Srv.Stats().CDNRequests; got != cdn {
		t.Fatalf("warm export made %d CDN requests", got-cdn)
	}
	if res.Downloaded != 0 || res.Rendered != 0 || res.Failed != 0 {
		t.Fatalf("warm export: %+v", res)
	}
	// Offline (no client at all) works from the cache too.
	res, _, err = f.export(t, context.Background(), Deps{Store: f.Store, Blobs: f.Blobs}, Options{})
	if err != nil || res.Failed != 0 || res.Items == 0 {
		t.Fatalf("offline export from a warm cache: %+v, %v", res, err)
	}
}

// TestExportOfflineCold: with no client and nothing cached every item fails
// with a clear reason and nothing is published.
func TestExportOfflineCold(t *testing.T) {
	f := newFixture(t, 40, 0.25)
	rows := f.Favorites(t, "")
	res, rep, err := f.export(t, context.Background(), Deps{Store: f.Store, Blobs: f.Blobs}, Options{})
	if !errors.Is(err, ErrNothingExported) {
		t.Fatalf("err %v", err)
	}
	if res.Failed != len(rows) || len(rep.Failures) != len(rows) {
		t.Fatalf("%d failures for %d rows", res.Failed, len(rows))
	}
	for _, fl := range rep.Failures {
		if !strings.Contains(fl.Reason, "not downloaded yet and offline") || fl.Item == "" {
			t.Fatalf("failure %+v", fl)
		}
	}
	if got := listDir(t, f.out); len(got) != 0 {
		t.Fatalf("output folder holds %v", got)
	}
}

// TestExportFailuresDoNotStopTheRest: a photo the CDN refuses, one served
// corrupt and one whose header claims 40000×40000 are each reported with the
// email and a reason; everyone else is exported.
func TestExportFailuresDoNotStopTheRest(t *testing.T) {
	f := newFixture(t, 60, 0.25)
	rows := f.Favorites(t, "")
	failing, corrupt, huge := rows[1], rows[3], rows[5]
	if err := f.Srv.SetFaults(sandbox.Faults{
		FailPhotos:    []string{failing.PhotoID},
		CorruptPhotos: []string{corrupt.PhotoID},
		HugePhotos:    []string{huge.PhotoID},
	}); err != nil {
		t.Fatal(err)
	}
	res, rep, err := f.export(t, context.Background(), f.deps(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 3 || len(rep.Failures) != 3 || rep.Failed != 3 || res.Items != len(rows)-2 {
		t.Fatalf("result %+v, report %+v", res, rep.Failures)
	}
	// reported in export order, with the email and a reason
	want := []struct {
		email string
		words []string
	}{
		{failing.Email, []string{"headshot.jpg", "download failed"}},
		{corrupt.Email, []string{"headshot.jpg", "left out", "damaged"}},
		{huge.Email, []string{"pfp.jpg", "too large", "(headshot.jpg included)"}},
	}
	for i, w := range want {
		fl := rep.Failures[i]
		if fl.Item != w.email {
			t.Errorf("failure %d for %q, want %q", i, fl.Item, w.email)
		}
		for _, word := range w.words {
			if !strings.Contains(fl.Reason, word) {
				t.Errorf("%s: reason %q lacks %q", fl.Item, fl.Reason, word)
			}
		}
	}
	_, data := readZip(t, res.Path)
	_, folderOf := expectedLayout(rows)
	for _, r := range rows {
		folder := folderOf[r.ModelID]
		_, hasHead := data[folder+"/headshot.jpg"]
		_, hasPFP := data[folder+"/pfp.jpg"]
		switch r.ModelID {
		case failing.ModelID, corrupt.ModelID:
			// A failed download and a damaged photo are left out whole.
			if hasHead || hasPFP {
				t.Errorf("%s still has files in %q", r.Email, folder)
			}
		case huge.ModelID:
			if !hasHead || hasPFP {
				t.Errorf("%s: headshot %v pfp %v, want the headshot only", r.Email, hasHead, hasPFP)
			}
		default:
			if !hasHead || !hasPFP {
				t.Errorf("%s: missing files", r.Email)
			}
		}
	}
	if len(data) != 2*len(rows)-5 {
		t.Errorf("%d entries", len(data))
	}
	f.Srv.ResetFaults()
}

// TestExportCancel cancels mid-run (slow CDN): nothing at the target, no
// temp file, and the job reports cancelled.
func TestExportCancel(t *testing.T) {
	f := newFixture(t, 40, 0.25)
	// Every download takes at least the CDN latency, and at most
	// DefaultConcurrency run at once (the gate widens only after two
	// rounds of 2×8 downloads, far beyond the cancel): with more favorites
	// than that, a whole export needs two latencies or more, which is
	// longer than the wait before the cancel, however fast the machine.
	const latency, cancelAfter = 300 * time.Millisecond, 500 * time.Millisecond
	if n := len(f.Favorites(t, "")); n <= DefaultConcurrency || (n+DefaultConcurrency-1)/DefaultConcurrency*int(latency) <= int(cancelAfter) {
		t.Fatalf("%d favorites: an export would end before the cancel", n)
	}
	if err := f.Srv.SetFaults(sandbox.Faults{CDNLatency: latency}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []Format{ZIP, Folder} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(cancelAfter, cancel)
		start := time.Now()
		_, rep, err := f.export(t, ctx, f.deps(), Options{Format: format})
		cancel()
		if !errors.Is(err, context.Canceled) || rep.State != jobs.StateCancelled {
			t.Fatalf("%v: err %v, state %s", format, err, rep.State)
		}
		// It stopped at the cancel instead of exporting everyone first (the
		// count does not depend on the machine's speed: a slow one gets even
		// less done). The minute is only a hang guard.
		if rep.Done >= rep.Total {
			t.Errorf("%v: cancelled export still did %d of %d", format, rep.Done, rep.Total)
		}
		if d := time.Since(start); d > time.Minute {
			t.Errorf("%v: cancel took %v", format, d)
		}
		if got := listDir(t, f.out); len(got) != 0 {
			t.Fatalf("%v: output folder holds %v after cancel", format, got)
		}
	}
}

// TestExportTeamScope exports one team only.
func TestExportTeamScope(t *testing.T) {
	f := newFixture(t, 60, 0.25)
	all := f.Favorites(t, "")
	team := all[0].TeamID
	for _, r := range all {
		if r.TeamID != "" {
			team = r.TeamID
			break
		}
	}
	rows := f.Favorites(t, team)
	if len(rows) == len(all) {
		t.Fatal("team is everyone: bad test data")
	}
	res, _, err := f.export(t, context.Background(), f.deps(), Options{TeamID: team})
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := readZip(t, res.Path)
	wantNames, _ := expectedLayout(rows)
	if len(zr.File) != len(wantNames) {
		t.Fatalf("%d entries, want %d for team %s", len(zr.File), len(wantNames), team)
	}
	for i, zf := range zr.File {
		if zf.Name != wantNames[i] {
			t.Fatalf("entry %d %q, want %q", i, zf.Name, wantNames[i])
		}
	}
}

// TestExportNeverOverwrites: an explicit target that exists is an error and
// is left alone; nothing else is created.
func TestExportNeverOverwrites(t *testing.T) {
	f := newFixture(t, 40, 0.25)
	existing := filepath.Join(f.out, "photos.zip")
	if err := os.WriteFile(existing, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := f.export(t, context.Background(), f.deps(), Options{OutPath: existing})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err %v, want ErrExists", err)
	}
	if string(mustRead(t, existing)) != "mine" {
		t.Fatal("existing file changed")
	}
	if got := listDir(t, f.out); len(got) != 1 {
		t.Fatalf("output folder holds %v", got)
	}
	// A target taken while the export runs (between the early check and
	// the publish) is not replaced either: publish refuses it.
	tg := target{dir: f.out, name: "race.zip", exact: true}
	tmp, err := userfiles.TempFile(f.out, tg.name)
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("new")
	tmp.Close()
	race := filepath.Join(f.out, tg.name)
	os.WriteFile(race, []byte("theirs"), 0o600)
	if _, err := tg.publish(tmp.Name()); !errors.Is(err, ErrExists) || !errors.Is(err, userfiles.ErrExists) {
		t.Fatalf("publish over an existing file: %v", err)
	}
	if string(mustRead(t, race)) != "theirs" {
		t.Fatal("publish replaced a file")
	}
	os.Remove(tmp.Name())
	os.Remove(race)
	// an existing folder is not merged into
	d := filepath.Join(f.out, "taken")
	os.Mkdir(d, 0o700)
	os.WriteFile(filepath.Join(d, "keep"), nil, 0o600)
	st, err := userfiles.StagingDir(f.out, "taken")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (target{dir: f.out, name: "taken", exact: true}).publish(st); !errors.Is(err, ErrExists) {
		t.Fatalf("publish over an existing folder: %v", err)
	}
	if got := listDir(t, d); len(got) != 1 {
		t.Fatalf("existing folder holds %v", got)
	}
	os.Remove(st)
	// A folder or a link at an explicit ZIP path is named for what it is.
	_, _, err = f.export(t, context.Background(), f.deps(), Options{OutPath: d})
	if !errors.Is(err, userfiles.ErrNotRegular) || !strings.Contains(err.Error(), "is a folder, not a file") {
		t.Fatalf("export onto a folder: %v", err)
	}
}

// umaskMode is the mode a new file (folder: dir) gets in dir under the
// current umask, found by creating one the plain way.
func umaskMode(t testing.TB, dir string, folder bool) os.FileMode {
	t.Helper()
	p := filepath.Join(dir, ".probe")
	var err error
	if folder {
		err = os.Mkdir(p, 0o777)
	} else {
		err = os.WriteFile(p, nil, 0o666)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestExportNoSpace fails early, before any download, with a clear message.
func TestExportNoSpace(t *testing.T) {
	f := newFixture(t, 40, 0.25)
	old := freeSpaceFunc
	freeSpaceFunc = func(string) (int64, bool, error) { return 5 << 20, true, nil }
	t.Cleanup(func() { freeSpaceFunc = old })
	cdn := f.Srv.Stats().CDNRequests
	_, _, err := f.export(t, context.Background(), f.deps(), Options{})
	if !errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), "is free") {
		t.Fatalf("err %v", err)
	}
	if f.Srv.Stats().CDNRequests != cdn || len(listDir(t, f.out)) != 0 {
		t.Fatal("work done or files left despite no space")
	}
}

// TestExportFolder writes the same layout as a plain folder, and a second
// folder export next to it gets " (2)".
func TestExportFolder(t *testing.T) {
	f := newFixture(t, 40, 0.25)
	rows := f.Favorites(t, "")
	now := time.Date(2026, 3, 14, 9, 26, 52, 0, time.Local) // the export's pinned clock
	clock := func() time.Time { return now }
	res, _, err := f.export(t, context.Background(), f.deps(), Options{Format: Folder, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(f.out, "team-photos-"+now.Format("2006-01-02"))
	if res.Path != want {
		t.Fatalf("folder %q, want %q", res.Path, want)
	}
	if fi, err := os.Stat(res.Path); err != nil || fi.Mode().Perm() != umaskMode(t, f.out, true) {
		t.Fatalf("folder mode: %v %v, want %v", fi.Mode(), err, umaskMode(t, f.out, true))
	}
	names, folderOf := expectedLayout(rows)
	got := listDir(t, res.Path)
	var files []string
	for _, p := range got {
		if strings.Contains(p, "/") {
			files = append(files, p)
		}
	}
	if len(files) != len(names) || len(got) != len(names)+len(rows) {
		t.Fatalf("folder holds %d files, %d paths; want %d files in %d folders", len(files), len(got), len(names), len(rows))
	}
	for _, r := range rows {
		p := filepath.Join(res.Path, folderOf[r.ModelID], "headshot.jpg")
		ref, _ := f.Blobs.Lookup(headKey(r.PhotoID))
		if b := mustRead(t, p); sum(b) != ref.Hash {
			t.Errorf("%s: headshot differs from the cached download", p)
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != umaskMode(t, f.out, false) {
			t.Errorf("%s: mode %v %v", p, fi.Mode(), err)
		}
	}
	res2, _, err := f.export(t, context.Background(), f.deps(), Options{Format: Folder, Now: clock})
	if err != nil || res2.Path != want+" (2)" {
		t.Fatalf("second folder %q, %v", res2.Path, err)
	}
	if n := len(listDir(t, f.out)); n != 2*(len(names)+len(rows))+2 {
		t.Fatalf("output holds %d paths: first folder merged or temp left", n)
	}
}

// TestExportFlatPresets: one email.jpg per person (latest shoot), the older
// shoot of a two-shoot person listed as skipped.
func TestExportFlatPresets(t *testing.T) {
	f := newFixture(t, 60, 0.25)
	rows := f.Favorites(t, "")
	latest := map[string]store.FavoriteRow{}
	for _, r := range rows {
		latest[domain.NormalizeEmail(r.Email)] = r // rows are oldest first per email
	}
	for _, preset := range []Preset{PresetFlatEmail, PresetFlatEmailPFP} {
		res, _, err := f.export(t, context.Background(), f.deps(), Options{Preset: preset})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) != len(rows)-len(latest) || len(res.Skipped) == 0 {
			t.Fatalf("%s: skipped %v", preset, res.Skipped)
		}
		zr, data := readZip(t, res.Path)
		if len(zr.File) != len(latest) {
			t.Fatalf("%s: %d entries for %d people", preset, len(zr.File), len(latest))
		}
		for _, zf := range zr.File {
			if strings.Contains(zf.Name, "/") || !strings.HasSuffix(zf.Name, ".jpg") {
				t.Fatalf("%s: entry %q", preset, zf.Name)
			}
			r, ok := latest[domain.NormalizeEmail(strings.TrimSuffix(zf.Name, ".jpg"))]
			if !ok {
				t.Fatalf("%s: entry %q is not an email", preset, zf.Name)
			}
			b := data[zf.Name]
			if preset == PresetFlatEmail {
				ref, _ := f.Blobs.Lookup(headKey(r.PhotoID))
				if sum(b) != ref.Hash {
					t.Errorf("%s: not the latest shoot's headshot", zf.Name)
				}
			} else if cfg, err := jpeg.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 600 {
				t.Errorf("%s: pfp %v %v", zf.Name, cfg, err)
			}
		}
	}
}

func TestParsePreset(t *testing.T) {
	for in, want := range map[string]Preset{"": PresetHeadshotPro, "HeadshotPro": PresetHeadshotPro, "flat-email": PresetFlatEmail, "flat-email-pfp": PresetFlatEmailPFP} {
		if got, err := ParsePreset(in); err != nil || got != want {
			t.Errorf("ParsePreset(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParsePreset("namely"); err == nil {
		t.Error("unknown preset accepted")
	}
}
