package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// Event names, "domain:verb". The payloads are the jobs package's JSON types.
const (
	EventJobProgress = "job:progress"
	EventJobDone     = "job:done"
)

// wailsEmitter sends job events to the window. It is the only place job
// progress meets Wails.
type wailsEmitter struct {
	ctx func() context.Context // the Wails context once the window started
}

func (e wailsEmitter) JobProgress(p jobs.Progress) {
	if ctx := e.ctx(); ctx != nil {
		runtime.EventsEmit(ctx, EventJobProgress, p)
	}
}

func (e wailsEmitter) JobDone(r jobs.Report) {
	if ctx := e.ctx(); ctx != nil {
		runtime.EventsEmit(ctx, EventJobDone, toJobReport(r))
	}
}
