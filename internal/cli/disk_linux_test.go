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

// A full disk does not take the offline copy away: reads and exports to
// another disk work, changes fail with words, nothing is damaged.
func TestFullDiskStillReads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "full")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	c := newCLIEnv(t, 120)
	c.dataDir = filepath.Join(dir, "data")
	c.vars["SHOTDESK_DATA_DIR"] = c.dataDir
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatal(errOut)
	}
	// Fill the disk to the last byte.
	if f, err := os.Create(filepath.Join(dir, "filler")); err == nil {
		buf := make([]byte, 1<<20)
		for {
			if _, err := f.Write(buf); err != nil {
				break
			}
		}
		f.Close()
	}
	code, out, errOut := c.run("members", "--status", "finished", "--json")
	if code != ExitOK || !strings.Contains(out, "@") || !strings.Contains(errOut, "reading only") {
		t.Fatalf("members on a full disk: %d %q %q", code, out, errOut)
	}
	email := out[strings.Index(out, `"email": "`)+10:]
	email = email[:strings.Index(email, `"`)]
	if code, _, errOut := c.run("action", "--member", email); code != ExitError || !strings.Contains(errOut, "disk is full") {
		t.Fatalf("action on a full disk: %d %q", code, errOut)
	}
	csv := filepath.Join(t.TempDir(), "status.csv")
	if code, _, errOut := c.run("export-csv", "--offline", "--out", csv); code != ExitOK {
		t.Fatalf("export to another disk: %d %q", code, errOut)
	}
}
