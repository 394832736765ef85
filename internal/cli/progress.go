package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// stderrProgress prints job progress on stderr. On a terminal it redraws
// one line per phase ("members: 4200/9266"); into a file or pipe it writes
// one line per finished phase, so logs stay readable.
//
// The redraw uses a carriage return and spaces over the rest of the old
// line, no escape sequences: a classic Windows console (cmd.exe without
// virtual terminal processing) prints "\033[K" as garbage, and a carriage
// return works in every terminal. TERM=dumb (Emacs shell buffers and the
// like) gets the plain one-line-per-phase output.
type stderrProgress struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	last  jobs.Progress
	shown int // characters of the line being redrawn
}

func newStderrProgress(w io.Writer) *stderrProgress {
	return &stderrProgress{w: w, tty: isTerminal(w) && os.Getenv("TERM") != "dumb"}
}

// isTerminal reports whether w is a terminal (a character device; on
// Windows a console).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func (p *stderrProgress) JobProgress(pr jobs.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pr.Phase != p.last.Phase {
		p.endPhaseLocked()
	}
	p.last = pr
	if p.tty && pr.Phase != "" {
		p.redrawLocked(progressLine(pr))
	}
}

func (p *stderrProgress) JobDone(r jobs.Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = r.Progress
	p.endPhaseLocked()
}

// endPhaseLocked finishes the line of the phase that just ended.
func (p *stderrProgress) endPhaseLocked() {
	if p.last.Phase == "" {
		return
	}
	if p.tty {
		p.redrawLocked(progressLine(p.last))
		fmt.Fprintln(p.w)
		p.shown = 0
	} else {
		fmt.Fprintln(p.w, progressLine(p.last))
	}
	p.last = jobs.Progress{}
}

// redrawLocked replaces the line on screen with s: back to its start, s,
// and blanks over whatever the longer old line had beyond it.
func (p *stderrProgress) redrawLocked(s string) {
	n := utf8.RuneCountInString(s)
	fmt.Fprint(p.w, "\r"+s+strings.Repeat(" ", max(0, p.shown-n)))
	p.shown = n
}

func progressLine(pr jobs.Progress) string {
	s := fmt.Sprintf("%s: %d", pr.Phase, pr.Done)
	if pr.Total > 0 {
		s += fmt.Sprintf("/%d", pr.Total)
	}
	if pr.Failed > 0 {
		s += fmt.Sprintf(" (%d failed)", pr.Failed)
	}
	return s
}

// runJob runs fn as a job with progress on stderr and waits for its report.
func runJob(ctx context.Context, w io.Writer, kind string, fn jobs.Func) jobs.Report {
	m := jobs.NewManager(newStderrProgress(w))
	id := m.Start(ctx, kind, fn)
	rep, err := m.Wait(context.WithoutCancel(ctx), id) // the job itself honours ctx
	if err != nil {
		return jobs.Report{Progress: jobs.Progress{State: jobs.StateFailed}, Error: err.Error()}
	}
	return rep
}
