package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/userfiles"
)

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	la, _     = time.LoadLocation("America/Los_Angeles")
	// exportNow is fixed so the retry column is deterministic.
	exportNow = time.Date(2024, 4, 15, 12, 0, 0, 0, time.UTC)
)

func st(l domain.Lifecycle) domain.State { return domain.State{Lifecycle: l} }

func goldenRows() []StatusRow {
	finished := time.Date(2024, 3, 31, 23, 30, 0, 0, time.UTC) // April 1st in Berlin
	return []StatusRow{
		{TeamName: "Engineering", Email: "jane@example.com", Title: "CTO", State: st(domain.LifecycleFinished),
			FinishedAt: finished, HasFavorite: true, Actioned: true, ActionedAt: time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC),
			ModelStatus: domain.ModelActive, ModelID: "m1"},
		{TeamName: "Ventes — Île-de-France", Email: "zoë@example.fr", Title: "Directrice, \"Grands comptes\"",
			State: st(domain.LifecycleNoFavorite), FinishedAt: finished, ModelID: "m2"}, // empty ModelStatus: taken as active
		{TeamName: "営業", Email: "taro@example.jp", Title: "line one\nline two\r\nthree\rfour", State: st(domain.LifecycleJoined)},
		{Email: "a@example.com", Title: `=HYPERLINK("http://x","y")`, State: st(domain.LifecycleInvited)},
		{Email: "b@example.com", Title: "+1", State: st(domain.LifecycleGenerating)},
		{Email: "c@example.com", Title: "-2", State: domain.State{Unknown: "archived"}},
		{Email: "d@example.com", Title: "@SUM(A1)", State: st(domain.LifecycleDeleted), FinishedAt: finished, ModelStatus: domain.ModelDeleted},
		{Email: "e@example.com", Title: "\t=1", State: st(domain.LifecycleRevoked)},
		{Email: "f@example.com", Title: "\r=1", State: st(domain.LifecycleFinished), HasFavorite: true,
			FinishedAt: finished, ModelStatus: domain.ModelActive, RetriesUsed: 1}, // retry used: no date
		{Email: "g@example.com", Title: "", State: st(domain.LifecycleFinished), HasFavorite: true, Actioned: true,
			FinishedAt: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC), ModelStatus: domain.ModelActive}, // window closed; actioned date unknown
		{TeamName: "-", Email: "-x@example.com", Title: "'=already quoted", State: st(domain.LifecycleJoined), ModelID: "=m"},
	}
}

const goldenStatus = "\ufeff" +
	"Team Name,Email,Title,Status,Finished Date,Lifecycle,Favorite,Actioned,Actioned At,Retry Possible Until,Model ID\r\n" +
	"Engineering,jane@example.com,CTO,Finished,2024-04-01,Finished,yes,yes,2024-04-02,2024-05-31,m1\r\n" +
	"Ventes — Île-de-France,zoë@example.fr,\"Directrice, \"\"Grands comptes\"\"\",Finished,2024-04-01,No favorite,no,no,,2024-05-31,m2\r\n" +
	"営業,taro@example.jp,\"line one\r\nline two\r\nthree\r\nfour\",Joined,,Joined,no,no,,,\r\n" +
	",a@example.com,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Invited,,Invited,no,no,,,\r\n" +
	",b@example.com,'+1,Joined,,Generating,no,no,,,\r\n" +
	",c@example.com,'-2,Joined,,archived,no,no,,,\r\n" +
	",d@example.com,'@SUM(A1),Finished,2024-04-01,Deleted,no,no,,,\r\n" +
	",e@example.com,'\t=1,Invited,,Revoked,no,no,,,\r\n" +
	",f@example.com,\"'\r\n=1\",Finished,2024-04-01,Finished,yes,no,,,\r\n" +
	",g@example.com,,Finished,2024-01-01,Finished,yes,yes,,,\r\n" +
	"'-,'-x@example.com,''=already quoted,Joined,,Joined,no,no,,,'=m\r\n"

func TestWriteStatusGolden(t *testing.T) {
	want := goldenStatus
	var buf bytes.Buffer
	n, err := WriteStatus(&buf, SliceRows(goldenRows()), ExportOptions{Location: berlin, Now: exportNow})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(goldenRows()) {
		t.Errorf("rows written = %d, want %d", n, len(goldenRows()))
	}
	if got := buf.String(); got != want {
		gl, wl := strings.Split(got, "\r\n"), strings.Split(want, "\r\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("line %d:\n got %q\nwant %q", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("output differs (%d vs %d lines)", len(gl), len(wl))
	}
}

func TestWriteStatusParsesBack(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteStatus(&buf, SliceRows(goldenRows()), ExportOptions{Location: berlin, Now: exportNow}); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), bom)))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(goldenRows())+1 {
		t.Fatalf("%d records, want %d", len(recs), len(goldenRows())+1)
	}
	for i, rec := range recs {
		if len(rec) != len(StatusHeader) {
			t.Errorf("record %d has %d columns, want %d", i, len(rec), len(StatusHeader))
		}
		for j, c := range rec {
			if c != "" && needsPrefix(c) && !strings.HasPrefix(c, "'") {
				t.Errorf("record %d column %d starts with a formula trigger: %q", i, j, c)
			}
		}
	}
	// Non-ASCII survives untouched.
	if recs[2][0] != "Ventes — Île-de-France" || recs[3][0] != "営業" {
		t.Errorf("non-ASCII changed: %q %q", recs[2][0], recs[3][0])
	}
}

func TestWriteStatusDateZone(t *testing.T) {
	finished := time.Date(2024, 3, 31, 23, 30, 0, 0, time.UTC)
	row := StatusRow{Email: "x@example.com", State: st(domain.LifecycleFinished), FinishedAt: finished}
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{{berlin, "2024-04-01"}, {la, "2024-03-31"}, {time.UTC, "2024-03-31"}} {
		var buf bytes.Buffer
		if _, err := WriteStatus(&buf, SliceRows([]StatusRow{row}), ExportOptions{Location: tc.loc, Now: exportNow}); err != nil {
			t.Fatal(err)
		}
		rec := lastRecord(t, buf.String())
		if rec[4] != tc.want {
			t.Errorf("%s: Finished Date = %q, want %q", tc.loc, rec[4], tc.want)
		}
	}
}

func TestWriteStatusRetryColumn(t *testing.T) {
	finished := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	until := finished.Add(domain.RetryWindow) // 2024-04-30T10:00Z
	base := StatusRow{Email: "x@example.com", State: st(domain.LifecycleFinished), HasFavorite: true,
		FinishedAt: finished, ModelStatus: domain.ModelActive}
	tests := []struct {
		name string
		mod  func(*StatusRow)
		now  time.Time
		want string
	}{
		{"eligible", nil, until.Add(-time.Second), "2024-04-30"},
		{"window just closed", nil, until, ""},
		{"retry used", func(r *StatusRow) { r.RetriesUsed = 1 }, finished, ""},
		{"not finished", func(r *StatusRow) { r.FinishedAt = time.Time{} }, finished, ""},
		{"generating", func(r *StatusRow) { r.ModelStatus = domain.ModelGeneratingHeadshots }, finished, ""},
		{"status inferred from lifecycle", func(r *StatusRow) { r.ModelStatus = "" }, finished, "2024-04-30"},
		{"status not inferred for joined", func(r *StatusRow) { r.ModelStatus = ""; r.State = st(domain.LifecycleJoined) }, finished, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := base
			if tt.mod != nil {
				tt.mod(&row)
			}
			var buf bytes.Buffer
			if _, err := WriteStatus(&buf, SliceRows([]StatusRow{row}), ExportOptions{Location: time.UTC, Now: tt.now}); err != nil {
				t.Fatal(err)
			}
			if got := lastRecord(t, buf.String())[9]; got != tt.want {
				t.Errorf("Retry Possible Until = %q, want %q", got, tt.want)
			}
		})
	}
}

func lastRecord(t *testing.T, s string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, bom))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[len(recs)-1]
}

func TestDefaultStatusFileName(t *testing.T) {
	if got := DefaultStatusFileName(time.Date(2024, 2, 9, 23, 0, 0, 0, time.UTC)); got != "team-status-2024-02-09.csv" {
		t.Errorf("got %q", got)
	}
}

// failingRows yields n good rows, then err.
func failingRows(n int, err error) iter.Seq2[StatusRow, error] {
	return func(yield func(StatusRow, error) bool) {
		for i := range n {
			if !yield(StatusRow{Email: "x@example.com", ModelID: strings.Repeat("m", i)}, nil) {
				return
			}
		}
		yield(StatusRow{}, err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestExportStatusFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "team-status.csv")
	n, err := ExportStatusFile(path, SliceRows(goldenRows()), ExportOptions{Location: berlin, Now: exportNow})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(goldenRows()) {
		t.Errorf("n = %d", n)
	}
	var want bytes.Buffer
	WriteStatus(&want, SliceRows(goldenRows()), ExportOptions{Location: berlin, Now: exportNow})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("file content differs from WriteStatus output")
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only the export", names)
	}
	// A new export follows the umask, like a file the user saves by hand.
	if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != newFileMode(t, dir)) {
		t.Errorf("stat: %v, mode %v; want %v (the umask's choice)", err, fi.Mode(), newFileMode(t, dir))
	}
	// Overwrite is allowed (the save dialog confirmed it) and atomic, and
	// the replaced file keeps its permission bits.
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ExportStatusFile(path, SliceRows(goldenRows()[:1]), ExportOptions{Location: berlin, Now: exportNow}); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(path)
	if strings.Count(string(got), "\r\n") != 2 {
		t.Errorf("overwritten file has %d lines, want 2", strings.Count(string(got), "\r\n"))
	}
	if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o640) {
		t.Errorf("replaced file mode %v, %v; want 0640 as before", fi.Mode(), err)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only the export", names)
	}
}

// newFileMode is the mode a new file gets in dir under the current umask.
func newFileMode(t *testing.T, dir string) os.FileMode {
	t.Helper()
	p := filepath.Join(dir, ".probe")
	if err := os.WriteFile(p, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestExportStatusFileRefusesALink: a symlink at the target is refused, and
// the file it points to is not written through.
func TestExportStatusFileRefusesALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "notes.txt")
	os.WriteFile(victim, []byte("mine"), 0o644)
	path := filepath.Join(dir, "status.csv")
	if err := os.Symlink(victim, path); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	_, err := ExportStatusFile(path, SliceRows(goldenRows()), ExportOptions{})
	if !errors.Is(err, userfiles.ErrNotRegular) || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "mine" {
		t.Errorf("written through the link: %q", b)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
}

func TestExportStatusFileFailureLeavesNothing(t *testing.T) {
	boom := errors.New("database cursor failed")

	t.Run("rows fail, no previous file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.csv")
		// Enough rows to pass the bufio buffer so bytes really hit the temp file.
		_, err := ExportStatusFile(path, failingRows(20000, boom), ExportOptions{})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want wrapping %v", err, boom)
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("left behind: %v", names)
		}
	})

	t.Run("rows fail, previous file kept", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.csv")
		if err := os.WriteFile(path, []byte("previous"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ExportStatusFile(path, failingRows(3, boom), ExportOptions{}); !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if b, _ := os.ReadFile(path); string(b) != "previous" {
			t.Errorf("target changed to %q", b)
		}
		if names := dirNames(t, dir); len(names) != 1 {
			t.Errorf("left behind: %v", names)
		}
	})

	t.Run("missing directory", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := ExportStatusFile(filepath.Join(dir, "nope", "out.csv"), SliceRows(goldenRows()), ExportOptions{}); err == nil {
			t.Fatal("no error")
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("left behind: %v", names)
		}
	})

	t.Run("read-only directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		if f, err := os.CreateTemp(dir, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("directory permissions not enforced (root or Windows)")
		}
		if _, err := ExportStatusFile(filepath.Join(dir, "out.csv"), SliceRows(goldenRows()), ExportOptions{}); err == nil {
			t.Fatal("no error")
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("left behind: %v", names)
		}
	})
}

// errWriter fails after limit bytes, like a full disk.
type errWriter struct{ limit int }

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errors.New("disk full")
	}
	w.limit -= len(p)
	return len(p), nil
}

func TestWriteStatusWriterError(t *testing.T) {
	_, err := WriteStatus(&errWriter{limit: 1000}, failingRows(50000, nil), ExportOptions{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want disk full", err)
	}
}

func benchRows(n int) []StatusRow {
	rows := make([]StatusRow, n)
	finished := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	lcs := domain.Lifecycles
	for i := range rows {
		rows[i] = StatusRow{
			TeamName: "Ventes, Île-de-France", Email: "person" + strings.Repeat("x", i%7) + "@example.com",
			Title: `Senior "Lead" Engineer`, State: st(lcs[i%len(lcs)]),
			HasFavorite: i%2 == 0, Actioned: i%3 == 0, ActionedAt: finished, ModelID: "65f0c1d2e3a4b5c6d7e8f901",
		}
		if i%4 != 0 {
			rows[i].FinishedAt = finished
			rows[i].ModelStatus = domain.ModelActive
		}
	}
	return rows
}

func BenchmarkWriteStatus100k(b *testing.B) {
	rows := benchRows(100_000)
	opts := ExportOptions{Location: berlin, Now: exportNow}
	var buf bytes.Buffer
	WriteStatus(&buf, SliceRows(rows), opts)
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if _, err := WriteStatus(&buf, SliceRows(rows), opts); err != nil {
			b.Fatal(err)
		}
	}
}
