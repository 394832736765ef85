package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The command line's publish on the demo directory: usage errors exit 2;
// a dry run lists who will change and writes the report; publish sends,
// --runs lists the run, --revert-run puts everything back.
func TestPublishCommandOnTheDemoDirectory(t *testing.T) {
	c := newFavEnv(t)
	for _, args := range [][]string{
		{"publish"},
		{"publish", "--to", "myspace"},
		{"publish", "--to", "demo", "--revert", "a@b.c", "--dry-run"},
		{"publish", "--to", "demo", "--runs", "--revert-run", "x"},
	} {
		if code, _, errOut := c.run(args...); code != ExitUsage || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	reports := t.TempDir()
	code, out, errOut := c.run("publish", "--to", "demo", "--dry-run", "--report", reports)
	if code != ExitOK || !strings.Contains(out, "Will change\t") || !strings.Contains(errOut, "Only in the directory: 3") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(reports, "publish-demo-*.csv"))
	if len(files) != 1 {
		t.Fatalf("report files %v", files)
	}
	if b, _ := os.ReadFile(files[0]); !strings.Contains(string(b), "Will change,") {
		t.Fatalf("report: %q", b)
	}
	willChange := strings.Count(out, "Will change\t")

	code, _, errOut = c.run("publish", "--to", "demo")
	if code != ExitOK || !strings.Contains(errOut, "Published "+itoa(willChange)+" to Demo directory") {
		t.Fatalf("publish: exit %d\n%s", code, errOut)
	}
	code, out, _ = c.run("publish", "--to", "demo", "--runs")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != ExitOK || len(lines) != 2 || !strings.HasSuffix(lines[1], "\t"+itoa(willChange)+"\t0\t0") {
		t.Fatalf("runs: exit %d\n%s", code, out)
	}
	run := strings.Split(lines[1], "\t")[0]
	code, _, errOut = c.run("publish", "--to", "demo", "--revert-run", run)
	if code != ExitOK || !strings.Contains(errOut, "Reverted "+itoa(willChange)) {
		t.Fatalf("revert: exit %d\n%s", code, errOut)
	}
	if code, _, errOut = c.run("publish", "--to", "demo", "--revert-run", run); code != ExitError || !strings.Contains(errOut, "nothing published") {
		t.Fatalf("second revert: exit %d\n%s", code, errOut)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
