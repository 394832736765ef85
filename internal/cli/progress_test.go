package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// The terminal redraw must work in a classic Windows console: a carriage
// return and blanks, never an escape sequence.
func TestProgressRedrawWithoutEscapes(t *testing.T) {
	var buf bytes.Buffer
	p := &stderrProgress{w: &buf, tty: true}
	p.JobProgress(jobs.Progress{Phase: "members", Done: 9000, Total: 10000, Failed: 12})
	p.JobProgress(jobs.Progress{Phase: "members", Done: 10000, Total: 10000})
	p.JobProgress(jobs.Progress{Phase: "photos", Done: 1, Total: 2})
	p.JobDone(jobs.Report{Progress: jobs.Progress{Phase: "photos", Done: 2, Total: 2}})
	out := buf.String()
	if strings.ContainsRune(out, '\x1b') {
		t.Fatalf("escape sequence in progress output: %q", out)
	}
	// The shorter second line blanks the rest of the first ("(12 failed)").
	first, second := "members: 9000/10000 (12 failed)", "members: 10000/10000"
	want := "\r" + first + "\r" + second + strings.Repeat(" ", len(first)-len(second))
	if !strings.HasPrefix(out, want) {
		t.Errorf("redraw = %q, want prefix %q", out, want)
	}
	if !strings.HasSuffix(out, "\rphotos: 2/2\n") {
		t.Errorf("last phase not finished on its own line: %q", out)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("%d lines, want one per phase: %q", n, out)
	}
}

func TestProgressIntoAFileIsOneLinePerPhase(t *testing.T) {
	var buf bytes.Buffer
	p := newStderrProgress(&buf)
	p.JobProgress(jobs.Progress{Phase: "members", Done: 1, Total: 2})
	p.JobProgress(jobs.Progress{Phase: "members", Done: 2, Total: 2})
	p.JobDone(jobs.Report{Progress: jobs.Progress{Phase: "members", Done: 2, Total: 2}})
	if got := buf.String(); got != "members: 2/2\n" {
		t.Errorf("output = %q", got)
	}
}
