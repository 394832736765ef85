//go:build unix

package workflow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// Files users receive follow the umask, keep a replaced file's mode, and a
// link, device or pipe at the target is refused and left as it was.
func TestStatusCSVFilesAsUsersExpect(t *testing.T) {
	ctx := context.Background()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 30, Seed: 3, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	out := t.TempDir()

	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	res, err := d.ExportStatusCSV(ctx, StatusCSVRequest{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(res.Path); fi.Mode().Perm() != 0o644 {
		t.Fatalf("new CSV is %v under umask 022, want 0644", fi.Mode().Perm())
	}
	again, err := d.ExportStatusCSV(ctx, StatusCSVRequest{Dir: out})
	if err != nil || !strings.HasSuffix(again.Path, " (2).csv") {
		t.Fatalf("second export into the folder: %+v %v", again, err)
	}
	// Replacing an exact file keeps its mode.
	mine := filepath.Join(out, "mine.csv")
	if err := os.WriteFile(mine, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(mine, 0o640)
	if res, err := d.ExportStatusCSV(ctx, StatusCSVRequest{Path: mine, Replace: true}); err != nil || !res.Replaced {
		t.Fatalf("replace: %+v %v", res, err)
	}
	if fi, _ := os.Stat(mine); fi.Mode().Perm() != 0o640 {
		t.Fatalf("replaced CSV is %v, want its old 0640", fi.Mode().Perm())
	}
	// Without Replace an existing file is refused.
	if _, err := d.ExportStatusCSV(ctx, StatusCSVRequest{Path: mine}); KindOf(err) != KindInvalidInput {
		t.Fatalf("existing without Replace: %v", err)
	}

	victim := filepath.Join(out, "victim.txt")
	os.WriteFile(victim, []byte("keep me"), 0o600)
	link := filepath.Join(out, "link.csv")
	os.Symlink(victim, link)
	fifo := filepath.Join(out, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{link, fifo, os.DevNull, out} {
		before, _ := os.Lstat(target)
		_, err := d.ExportStatusCSV(ctx, StatusCSVRequest{Path: target, Replace: true})
		var we *Error
		if !errors.As(err, &we) || we.Kind != KindInvalidInput || !errors.Is(err, userfiles.ErrNotRegular) {
			t.Errorf("%s: %v, want a refusal", target, err)
		}
		after, _ := os.Lstat(target)
		if before.Mode() != after.Mode() || before.Size() != after.Size() {
			t.Errorf("%s changed: %v → %v", target, before.Mode(), after.Mode())
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Fatalf("the link's target was written: %q", b)
	}
}

// A writer killed mid-export leaves a temp beside the target; the next
// Open (start of the window or of a command) removes it.
func TestOpenSweepsLeftovers(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	downloads := filepath.Join(home, "Downloads")
	os.Mkdir(downloads, 0o755)
	dataDir := t.TempDir()
	// A pid no process has: a child that already ended.
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	p.Wait()
	dead := p.Pid
	var left []string
	for _, dir := range []string{downloads, dataDir} {
		name := filepath.Join(dir, deadTempName(t, "team-photos-2026-12-01.zip", dead))
		if err := os.WriteFile(name, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		left = append(left, name)
	}
	// The Downloads folder may be shared with other computers: a leftover
	// there goes once it has been idle for a while (here: an hour).
	hourAgo := time.Now().Add(-time.Hour)
	os.Chtimes(left[0], hourAgo, hourAgo)
	openDesk(t, dataDir, deadURL, "")
	for _, name := range left {
		if _, err := os.Lstat(name); err == nil {
			t.Errorf("%s is still there", name)
		}
	}
}

// deadTempName is userfiles' temp name for target, as process pid makes it.
func deadTempName(t *testing.T, target string, pid int) string {
	t.Helper()
	mine := userfiles.TempName(target)
	self := "-" + strconv.Itoa(os.Getpid()) + "-"
	if !strings.Contains(mine, self) {
		t.Fatalf("temp name %q does not hold the pid", mine)
	}
	return strings.Replace(mine, self, "-"+strconv.Itoa(pid)+"-", 1)
}

// The cache holds staff emails and signed links: private whatever the data
// dir was created with (a pre-existing 0755 folder, umask 022).
func TestCacheFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	d := openDesk(t, dir, deadURL, "")
	if err := d.SaveTemplate(pfp.Spec{Size: 300}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("data dir is %v, want 0700", fi.Mode().Perm())
	}
	for _, name := range []string{"cache.db", "cache.db-wal", "settings.json", "blobs"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			continue // -wal may be checkpointed away
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v, want owner-only", name, fi.Mode().Perm())
		}
	}
}
