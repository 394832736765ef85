package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// favEnv runs commands against a sandbox with small photos (fast to make).
type favEnv struct {
	t    *testing.T
	vars map[string]string
	srv  *sandbox.Server
	dir  string
}

func newFavEnv(t *testing.T) *favEnv {
	t.Helper()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 40, Seed: 5, ImageScale: 0.2})
	dir := t.TempDir()
	return &favEnv{t: t, srv: srv, dir: dir, vars: map[string]string{
		"SHOTDESK_API_URL": base, "SHOTDESK_API_KEY": srv.APIKey(), "SHOTDESK_DATA_DIR": filepath.Join(dir, "data"),
	}}
}

func (c *favEnv) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Invocation{
		Stdout: &out, Stderr: &errOut, Version: "test",
		Getenv: func(k string) string { return c.vars[k] },
	})
	return code, out.String(), errOut.String()
}

func (c *favEnv) favorites() []store.FavoriteRow {
	c.t.Helper()
	st, err := store.Open(filepath.Join(c.vars["SHOTDESK_DATA_DIR"], "cache.db"))
	if err != nil {
		c.t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Favorites(context.Background(), "")
	if err != nil || len(rows) < 3 {
		c.t.Fatalf("favorites: %d, %v", len(rows), err)
	}
	return rows
}

func TestFavoritesCommand(t *testing.T) {
	c := newFavEnv(t)
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("sync: %d %s", code, errOut)
	}
	rows := c.favorites()
	out := filepath.Join(c.dir, "out")
	os.Mkdir(out, 0o755)

	// One photo the CDN refuses: exit 3, the failure on stderr as
	// "email: reason", the archive path on stdout.
	failing := rows[2]
	c.srv.SetFaults(sandbox.Faults{FailPhotos: []string{failing.PhotoID}})
	code, stdout, stderr := c.run("favorites", "--out", out)
	if code != ExitSomeFailed {
		t.Fatalf("exit %d, want 3\n%s", code, stderr)
	}
	want := filepath.Join(out, bundle.ArchiveName(time.Now()))
	if strings.TrimSpace(stdout) != want {
		t.Fatalf("stdout %q, want %q", stdout, want)
	}
	if !strings.Contains(stderr, failing.Email+": headshot.jpg: ") {
		t.Fatalf("stderr lacks the failure line:\n%s", stderr)
	}
	zr, err := zip.OpenReader(want)
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 2*(len(rows)-1) {
		t.Errorf("%d entries for %d favorites, one failing", len(zr.File), len(rows))
	}
	zr.Close()
	c.srv.ResetFaults()

	// No API key: works from the cache; only the never-downloaded photo
	// fails, "not downloaded yet and offline".
	c.vars["SHOTDESK_API_KEY"] = ""
	c.vars["SHOTDESK_API_URL"] = "http://127.0.0.1:1/api/v2"
	zipPath := filepath.Join(c.dir, "offline.zip")
	code, stdout, stderr = c.run("favorites", "--out", zipPath)
	if code != ExitSomeFailed || strings.TrimSpace(stdout) != zipPath {
		t.Fatalf("offline: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, failing.Email+": headshot.jpg: not downloaded yet and offline") {
		t.Fatalf("offline stderr:\n%s", stderr)
	}

	// An existing FILE.zip is never overwritten.
	code, _, stderr = c.run("favorites", "--out", zipPath)
	if code != ExitError || !strings.Contains(stderr, "already exists") {
		t.Fatalf("existing target: exit %d\n%s", code, stderr)
	}

	// Folder + flat preset, fully from the cache except the failed one.
	code, stdout, stderr = c.run("favorites", "--folder", "--preset", "flat-email", "--out", out)
	if code != ExitSomeFailed {
		t.Fatalf("folder: exit %d\n%s", code, stderr)
	}
	dir := strings.TrimSpace(stdout)
	if filepath.Dir(dir) != out || !strings.HasPrefix(filepath.Base(dir), "team-photos-") {
		t.Fatalf("folder path %q", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 || !strings.HasSuffix(entries[0].Name(), ".jpg") {
		t.Fatalf("folder: %v %v", entries, err)
	}

	// Usage errors.
	for _, args := range [][]string{
		{"favorites", "--preset", "namely"},
		{"favorites", "--folder", "--out", filepath.Join(c.dir, "x.zip")},
		{"favorites", "--out", filepath.Join(c.dir, "no-such-folder")},
		{"favorites", "--concurrency", "-1"},
		{"favorites", "--concurrency", strconv.Itoa(bundle.MaxConcurrency + 1)},
	} {
		if code, _, _ := c.run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := c.run("favorites", "--team", "No Such Team"); code != ExitUsage || !strings.Contains(stderr, "There is no team") {
		t.Errorf("unknown team: %d %s", code, stderr)
	}
}
