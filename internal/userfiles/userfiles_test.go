package userfiles

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
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

// noTemps fails when a temp name of this package is left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	for _, n := range listDir(t, dir) {
		if IsTempName(n) {
			t.Errorf("temp left in %s: %s", dir, n)
		}
	}
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteNewNumbersCollisions(t *testing.T) {
	dir := t.TempDir()
	want := []string{"report.csv", "report (2).csv", "report (3).csv"}
	for i, w := range want {
		p, err := WriteNew(dir, "report.csv", text(fmt.Sprint("v", i)))
		if err != nil {
			t.Fatal(err)
		}
		if p != filepath.Join(dir, w) {
			t.Fatalf("write %d went to %s, want %s", i, p, w)
		}
	}
	for i, w := range want {
		if got := readString(t, filepath.Join(dir, w)); got != fmt.Sprint("v", i) {
			t.Errorf("%s holds %q: an earlier file was replaced", w, got)
		}
	}
	// No extension, and a name that is all "extension".
	for _, c := range []struct{ name, second string }{{"notes", "notes (2)"}, {".profile", ".profile (2)"}} {
		for range 2 {
			if _, err := WriteNew(dir, c.name, text("x")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, c.second)); err != nil {
			t.Errorf("second %q: %v", c.name, err)
		}
	}
	// Anything at the name counts as taken: a folder is skipped, not entered.
	if err := os.Mkdir(filepath.Join(dir, "photo.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := WriteNew(dir, "photo.png", text("png")); err != nil || filepath.Base(p) != "photo (2).png" {
		t.Fatalf("beside a folder: %s, %v", p, err)
	}
	noTemps(t, dir)
}

func TestWriteNewFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("cursor failed")
	_, err := WriteNew(dir, "out.csv", func(w io.Writer) error {
		w.Write([]byte(strings.Repeat("half a row,", 10000)))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want the write func's error", err)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Fatalf("left behind: %v", got)
	}
}

func TestWriteNewPanicLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	func() {
		defer func() {
			if r := recover(); r != "encoder bug" {
				t.Fatalf("recovered %v, want the write func's panic", r)
			}
		}()
		WriteNew(dir, "out.png", func(w io.Writer) error {
			w.Write([]byte("partial"))
			panic("encoder bug")
		})
	}()
	if got := listDir(t, dir); len(got) != 0 {
		t.Fatalf("left behind: %v", got)
	}
}

func TestWriteExactFailureKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	if err := WriteExact(path, func(w io.Writer) error { w.Write([]byte("new")); return boom }, Replace); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	func() {
		defer func() { recover() }()
		WriteExact(path, func(io.Writer) error { panic("bug") }, Replace)
	}()
	if got := readString(t, path); got != "previous" {
		t.Fatalf("target changed to %q", got)
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Fatalf("left behind: %v", got)
	}
}

func TestWriteExactNeverReplacesWithoutReplace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pfp.png")
	if err := WriteExact(path, text("first")); err != nil {
		t.Fatal(err)
	}
	called := false
	err := WriteExact(path, func(io.Writer) error { called = true; return nil })
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), path) {
		t.Fatalf("err %v, want ErrExists naming the file", err)
	}
	if called {
		t.Error("the file was written although the target exists")
	}
	if got := readString(t, path); got != "first" {
		t.Fatalf("existing file changed to %q", got)
	}
	// A name taken between the early check and the publish is not replaced
	// either: the publish itself refuses.
	tmp, err := TempFile(dir, "late.png")
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("ours")
	tmp.Close()
	late := filepath.Join(dir, "late.png")
	os.WriteFile(late, []byte("theirs"), 0o644)
	if err := PublishExact(tmp.Name(), late); !errors.Is(err, ErrExists) {
		t.Fatalf("publish over a file that appeared: %v", err)
	}
	if got := readString(t, late); got != "theirs" {
		t.Fatalf("late file replaced with %q", got)
	}
	os.Remove(tmp.Name())
	// Replace does replace, atomically.
	if err := WriteExact(path, text("second"), Replace); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, path); got != "second" {
		t.Fatalf("replaced file holds %q", got)
	}
	noTemps(t, dir)
}

func TestWriteNewConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n = 40
	paths := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// Big enough that writes interleave.
			paths[i], errs[i] = WriteNew(dir, "team-status.csv", text(strings.Repeat(fmt.Sprintf("writer %d\n", i), 2000)))
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("writer %d: %v", i, errs[i])
		}
		if seen[paths[i]] {
			t.Fatalf("two writers got %s", paths[i])
		}
		seen[paths[i]] = true
		if got := readString(t, paths[i]); got != strings.Repeat(fmt.Sprintf("writer %d\n", i), 2000) {
			t.Fatalf("%s does not hold writer %d's data", paths[i], i)
		}
	}
	if got := listDir(t, dir); len(got) != n {
		t.Fatalf("%d entries for %d writers: %v", len(got), n, got)
	}
	for k := 1; k <= n; k++ {
		if !seen[candidate(dir, "team-status.csv", k, false)] {
			t.Errorf("candidate %d unused: names are not the first free ones", k)
		}
	}
}

// TestPublishWithoutHardLinks takes the path of FAT sticks and shares
// where a hard link fails: the name is claimed with O_EXCL and the temp
// renamed over the claim, and still nothing is replaced.
func TestPublishWithoutHardLinks(t *testing.T) {
	link = func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: syscall.EPERM}
	}
	t.Cleanup(func() { link = os.Link })
	dir := t.TempDir()
	for i := range 3 {
		if _, err := WriteNew(dir, "a.zip", text(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := listDir(t, dir), []string{"a (2).zip", "a (3).zip", "a.zip"}; !slices.Equal(got, want) {
		t.Fatalf("dir holds %v, want %v", got, want)
	}
	if got := readString(t, filepath.Join(dir, "a (3).zip")); got != "2" {
		t.Fatalf("third file holds %q", got)
	}
	if err := WriteExact(filepath.Join(dir, "a.zip"), text("x")); !errors.Is(err, ErrExists) {
		t.Fatalf("exact over an existing file: %v", err)
	}
	tmp, _ := TempFile(dir, "a.zip")
	tmp.Close()
	if err := PublishExact(tmp.Name(), filepath.Join(dir, "a.zip")); !errors.Is(err, ErrExists) {
		t.Fatalf("publish over an existing file: %v", err)
	}
	os.Remove(tmp.Name())
	if got := readString(t, filepath.Join(dir, "a.zip")); got != "0" {
		t.Fatalf("first file replaced with %q", got)
	}
	noTemps(t, dir)
}

func TestStagingDirPublish(t *testing.T) {
	dir := t.TempDir()
	stage := func() string {
		s, err := StagingDir(dir, "team-photos-2024-05-01")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(s, "ann@x.com"), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s, "ann@x.com", "headshot.jpg"), []byte("jpeg"), 0o666); err != nil {
			t.Fatal(err)
		}
		return s
	}
	p1, err := PublishNew(stage(), dir, "team-photos-2024-05-01")
	if err != nil || filepath.Base(p1) != "team-photos-2024-05-01" {
		t.Fatalf("first: %s, %v", p1, err)
	}
	// A folder's number goes at the end, even after a dot.
	p2, err := PublishNew(stage(), dir, "team-photos-2024-05-01")
	if err != nil || filepath.Base(p2) != "team-photos-2024-05-01 (2)" {
		t.Fatalf("second: %s, %v", p2, err)
	}
	p3, err := PublishNew(stage(), dir, "photos.v1")
	if err != nil || filepath.Base(p3) != "photos.v1" {
		t.Fatalf("dotted: %s, %v", p3, err)
	}
	p4, err := PublishNew(stage(), dir, "photos.v1")
	if err != nil || filepath.Base(p4) != "photos.v1 (2)" {
		t.Fatalf("dotted second: %s, %v", p4, err)
	}
	if got := readString(t, filepath.Join(p2, "ann@x.com", "headshot.jpg")); got != "jpeg" {
		t.Fatalf("published folder holds %q", got)
	}
	// An existing folder is never merged into, nor replaced.
	s := stage()
	if err := PublishExact(s, p1); !errors.Is(err, ErrExists) {
		t.Fatalf("exact over an existing folder: %v", err)
	}
	if err := PublishExact(s, filepath.Join(dir, "fresh"), Replace); err == nil {
		t.Fatal("a folder was published with Replace")
	}
	if err := PublishExact(s, filepath.Join(dir, "fresh")); err != nil {
		t.Fatal(err)
	}
	if got := len(listDir(t, p1)); got != 1 {
		t.Fatalf("first folder holds %d entries", got)
	}
	noTemps(t, dir)
}

func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	if err := CheckTarget(filepath.Join(dir, "missing.csv")); err != nil {
		t.Errorf("nothing there: %v", err)
	}
	file := filepath.Join(dir, "file.csv")
	os.WriteFile(file, nil, 0o644)
	if err := CheckTarget(file); err != nil {
		t.Errorf("regular file: %v", err)
	}
	err := CheckTarget(dir)
	var nr *NotRegularError
	if !errors.Is(err, ErrNotRegular) || !errors.As(err, &nr) || nr.What != "a folder" {
		t.Fatalf("folder: %v", err)
	}
	if want := dir + " is a folder, not a file; choose a file name"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	// Under a file: in words, not only the syscall's text.
	if err := CheckTarget(filepath.Join(file, "x.csv")); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("path through a file: %v", err)
	}
	// WriteExact refuses a folder at the target even with Replace, and
	// writes nothing.
	if err := WriteExact(dir, text("x"), Replace); !errors.Is(err, ErrNotRegular) {
		t.Errorf("WriteExact onto a folder: %v", err)
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v", got)
	}
}

func TestBadInputInWords(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteNew(filepath.Join(dir, "nope"), "a.csv", text("x")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := WriteNew(file, "a.csv", text("x")); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file as folder: %v", err)
	}
	for _, name := range []string{"", ".", "..", "a/b"} {
		if _, err := WriteNew(dir, name, text("x")); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	if _, err := WriteNew(dir, "a.csv", text("x"), Replace); err == nil {
		t.Error("WriteNew accepted Replace")
	}
	// A temp from another folder is refused (publishing is a rename within
	// one folder).
	other := t.TempDir()
	f, _ := TempFile(other, "a.csv")
	f.Close()
	if _, err := PublishNew(f.Name(), dir, "a.csv"); err == nil {
		t.Error("temp from another folder published")
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v", got)
	}
}

func TestTempNames(t *testing.T) {
	pid := os.Getpid()
	for _, target := range []string{"team-photos-2024-05-01.zip", "ann@x.com-pfp.png", "x", "", strings.Repeat("é", 200) + ".csv", "..."} {
		name := TempName(target)
		if !strings.HasPrefix(name, ".") || len(name) > maxTempNameBytes {
			t.Errorf("TempName(%q) = %q", target, name)
		}
		if got, ok := parseTempName(name); !ok || got != pid {
			t.Errorf("parseTempName(%q) = %d, %v", name, got, ok)
		}
		if TempName(target) == name {
			t.Errorf("TempName(%q) is not random", target)
		}
	}
	if n := TempName("report.csv"); !strings.HasPrefix(n, ".report.csv.shotdesk-tmp-"+fmt.Sprint(pid)+"-") {
		t.Errorf("TempName = %q", n)
	}
	// Names a user or another program may well have: never temps.
	for _, name := range []string{
		".foo.tmp-123", "report (2).csv", ".tmp-0123456789abcdef", ".index.json.tmp-123",
		".shotdesk-tmp-12-0123456789ab",                // no target part
		"a.shotdesk-tmp-12-0123456789ab",               // not hidden
		".a.shotdesk-tmp-12-0123456789a",               // short random part
		".a.shotdesk-tmp-12-0123456789abc",             // long random part
		".a.shotdesk-tmp-12-0123456789AB",              // upper case
		".a.shotdesk-tmp-012-0123456789ab",             // leading zero
		".a.shotdesk-tmp-0-0123456789ab",               // pid 0
		".a.shotdesk-tmp-99999999999-0123456789ab",     // not a pid
		".a.shotdesk-tmp--12-0123456789ab",             // sign
		".a.shotdesk-tmp-12-0123456789ab.csv",          // something after
		".a.shotdesk-tmp-12_0123456789ab",              // separator
		".a.shotdesk-tmp-1 2-0123456789ab",             // space
		".a.shotdesk-tmp-12-0123456789ab (2)",          // numbered copy
		".report.csv.shotdesk-tmp-12-0123456789ab.old", // renamed by hand
	} {
		if IsTempName(name) {
			t.Errorf("%q taken for a temp name", name)
		}
	}
}

func TestTempFileExclusive(t *testing.T) {
	dir := t.TempDir()
	f, err := TempFile(dir, "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if filepath.Dir(f.Name()) != dir || !IsTempName(filepath.Base(f.Name())) {
		t.Fatalf("temp at %s", f.Name())
	}
	// A second open of the same name must fail: O_EXCL.
	if _, err := os.OpenFile(f.Name(), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("O_EXCL not honoured: %v", err)
	}
}
