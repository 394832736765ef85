package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A small disk: photos for offline use stop before it fills, say so, and
// the offline copy stays writable (marks, queued invites).
func TestPhotosStopBeforeTheDiskIsFull(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=60m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	c := newCLIEnv(t, 120)
	c.dataDir = dir
	c.vars["SHOTDESK_DATA_DIR"] = dir
	code, out, errOut := c.run("sync")
	if code != ExitSomeFailed || !strings.Contains(errOut, "disk is nearly full") || !strings.Contains(out, "Synced: ") {
		t.Fatalf("sync on a small disk: %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = c.run("members", "--status", "finished", "--json")
	if code != ExitOK || !strings.Contains(out, "@") {
		t.Fatalf("members: %d %q", code, out)
	}
	email := out[strings.Index(out, `"email": "`)+10:]
	email = email[:strings.Index(email, `"`)]
	if code, _, errOut := c.run("action", "--member", email); code != ExitOK {
		t.Fatalf("the cache is not writable any more: %q", errOut)
	}
}
