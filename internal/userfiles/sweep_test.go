package userfiles

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/procs"
)

// deadPid returns the pid of a child process that has exited and been
// reaped: no process has it (until the system reuses it, which takes far
// longer than a test).
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$") // this test binary, running no test
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if procs.Alive(pid) {
		t.Skipf("pid %d of a finished child is in use again", pid)
	}
	return pid
}

// liveChild starts a child process (this test binary, waiting for its
// stdin to close) and returns its pid and a func that ends it and waits.
func liveChild(t *testing.T) (pid int, stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWaitForStdin$")
	cmd.Env = append(os.Environ(), "USERFILES_HELPER=wait")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			in.Close()
			cmd.Wait()
		}
	}
	t.Cleanup(stop)
	return cmd.Process.Pid, stop
}

// TestHelperWaitForStdin is the child of liveChild; as a plain test it
// does nothing.
func TestHelperWaitForStdin(t *testing.T) {
	if os.Getenv("USERFILES_HELPER") != "wait" {
		return
	}
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

func tempNameOf(target string, pid int) string {
	return fmt.Sprintf(".%s%s%d-0123456789ab", target, tempMarker, pid)
}

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	dead := deadPid(t)
	live := os.Getpid()
	idle := time.Now().Add(-minIdle - time.Minute)
	write := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		// Left alone long enough for a dead pid to be believed.
		os.Chtimes(p, idle, idle)
		return p
	}
	child, stopChild := liveChild(t)
	// A dead process's leftovers: a temp file and a staging folder with
	// content.
	write(tempNameOf("team-photos.zip", dead))
	staging := filepath.Join(dir, tempNameOf("team-photos", dead))
	os.MkdirAll(filepath.Join(staging, "ann@x.com"), 0o755)
	os.WriteFile(filepath.Join(staging, "ann@x.com", "headshot.jpg"), []byte("jpeg"), 0o644)
	os.Chtimes(staging, idle, idle)
	// A dead pid's temp that is still being written (another machine's
	// export in a shared folder: its pid means nothing here) is kept.
	fresh := filepath.Join(dir, tempNameOf("shared.zip", dead))
	os.WriteFile(fresh, []byte("x"), 0o644)
	// A live process's temp, but older than MaxTempAge: pids are reused.
	old := write(tempNameOf("status.csv", live))
	longAgo := time.Now().Add(-MaxTempAge - time.Hour)
	os.Chtimes(old, longAgo, longAgo)
	// Kept: a live process's recent temps (a real one from TempFile, and a
	// staging folder), and the user's own files, however they look.
	f, err := TempFile(dir, "in-progress.zip")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	liveStage, err := StagingDir(dir, "in-progress")
	if err != nil {
		t.Fatal(err)
	}
	// Another live process's temp (the window while the CLI sweeps).
	childTemp := write(tempNameOf("other.zip", child))
	userFiles := []string{
		".foo.tmp-123", "report (2).csv", ".tmp-0123456789abcdef", "team-photos.zip",
		tempNameOf("x", dead) + ".bak", // renamed by hand
		"." + tempMarker[1:] + "1-0123456789ab",
	}
	for _, n := range userFiles {
		p := write(n)
		os.Chtimes(p, longAgo, longAgo) // old does not matter for names not ours
	}
	// A symlink with a dead temp's name is not ours either: kept, and its
	// target untouched.
	victim := write("victim.txt")
	symlinked := filepath.Join(dir, tempNameOf("link.csv", dead))
	haveLink := os.Symlink(victim, symlinked) == nil

	n, err := Sweep(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("removed %d, want 3", n)
	}
	want := append([]string{filepath.Base(f.Name()), filepath.Base(liveStage), filepath.Base(childTemp), filepath.Base(fresh), "victim.txt"}, userFiles...)
	if haveLink {
		want = append(want, filepath.Base(symlinked))
	}
	slices.Sort(want)
	if got := listDir(t, dir); !slices.Equal(got, want) {
		t.Errorf("after the sweep:\n got %q\nwant %q", got, want)
	}
	if readString(t, victim) != "x" {
		t.Error("symlink target changed")
	}
	// Once that process is gone, its temp goes too; the rest stays.
	stopChild()
	os.Remove(fresh)
	if n, err := Sweep(dir); n != 1 || err != nil {
		t.Errorf("sweep after the child ended: %d, %v", n, err)
	}
	if _, err := os.Lstat(childTemp); err == nil {
		t.Error("the ended child's temp was kept")
	}
	// Idempotent, and a missing folder is nothing to sweep.
	if n, err := Sweep(dir); n != 0 || err != nil {
		t.Errorf("second sweep: %d, %v", n, err)
	}
	if n, err := Sweep(filepath.Join(dir, "missing")); n != 0 || err != nil {
		t.Errorf("missing folder: %d, %v", n, err)
	}
}

func TestProcessAlive(t *testing.T) {
	if !procs.Alive(os.Getpid()) {
		t.Error("this process is not alive")
	}
	if procs.Alive(deadPid(t)) {
		t.Error("a reaped child is alive")
	}
}

// A temp this computer wrote carries its host tag: a dead pid is proof
// enough, so a killed export's leftover goes at the next sweep, while a
// fresh one of another computer (another tag) waits until it is idle.
func TestSweepTrustsThisComputersPids(t *testing.T) {
	dir := t.TempDir()
	dead := deadPid(t)
	mine := strings.Replace(TempName("team.zip"), "-"+strconv.Itoa(os.Getpid())+"-", "-"+strconv.Itoa(dead)+"-", 1)
	foreign := tempNameOf("team.zip", dead)
	for _, n := range []string{mine, foreign} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !writtenHere(mine) || writtenHere(foreign) {
		t.Fatalf("host tags: mine %v, foreign %v", writtenHere(mine), writtenHere(foreign))
	}
	if n, err := Sweep(dir); n != 1 || err != nil {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, mine)); err == nil {
		t.Error("this computer's dead writer's temp was kept")
	}
	if _, err := os.Lstat(filepath.Join(dir, foreign)); err != nil {
		t.Error("another computer's fresh temp was removed")
	}
}
