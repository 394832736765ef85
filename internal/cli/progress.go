package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// stderrProgress prints job progress on stderr. On a terminal it redraws
// one line per phase ("members: 4200/9266"); into a file or pipe it writes
// one line per finished phase, so logs stay readable.
type stderrProgress struct {
	w    io.Writer
	tty  bool
	mu   sync.Mutex
	last jobs.Progress
}

func newStderrProgress(w io.Writer) *stderrProgress {
	return &stderrProgress{w: w, tty: isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
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
		fmt.Fprintf(p.w, "\r\033[K%s", progressLine(pr))
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
		fmt.Fprintf(p.w, "\r\033[K%s\n", progressLine(p.last))
	} else {
		fmt.Fprintln(p.w, progressLine(p.last))
	}
	p.last = jobs.Progress{}
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
