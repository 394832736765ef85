package app

import (
	"context"
	"fmt"
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// JobService starts, cancels and inspects long-running jobs.
type JobService struct {
	app *App
}

// StartDemo starts a job that counts through items with a delay, failing
// every FailEvery-th one. It exists to prove the jobs pattern end to end.
func (s *JobService) StartDemo(req DemoJobRequest) (JobRef, error) {
	if req.Items < 1 || req.Items > 10000 {
		return JobRef{}, invalidInput(fmt.Sprintf("items must be between 1 and 10000, got %d", req.Items))
	}
	if req.DelayMs < 0 || req.DelayMs > 1000 {
		return JobRef{}, invalidInput(fmt.Sprintf("delay must be between 0 and 1000 ms, got %d", req.DelayMs))
	}
	if req.FailEvery < 0 {
		return JobRef{}, invalidInput("failEvery must not be negative")
	}
	id := s.app.jobs.Start(s.app.context(), "demo", demoJob(req))
	return JobRef{JobID: id, Kind: "demo"}, nil
}

func demoJob(req DemoJobRequest) jobs.Func {
	return func(ctx context.Context, t *jobs.Tracker) error {
		t.Phase("counting", req.Items)
		delay := time.Duration(req.DelayMs) * time.Millisecond
		for i := 1; i <= req.Items; i++ {
			select {
			case <-ctx.Done():
				return fmt.Errorf("demo job: %w", ctx.Err())
			case <-time.After(delay):
			}
			if req.FailEvery > 0 && i%req.FailEvery == 0 {
				t.Fail(fmt.Sprintf("item %d", i), "simulated failure")
				continue
			}
			t.Add(1, 1024)
		}
		t.SetResult(fmt.Sprintf("counted %d items", req.Items))
		return nil
	}
}

// Cancel asks a job to stop.
func (s *JobService) Cancel(jobID string) error {
	return s.app.jobs.Cancel(jobID)
}

// Get returns a job's latest progress and, once it ended, its report.
func (s *JobService) Get(jobID string) (JobSnapshot, error) {
	snap, err := s.app.jobs.Get(jobID)
	if err != nil {
		return JobSnapshot{}, err
	}
	out := JobSnapshot{Progress: snap.Progress}
	if snap.Report != nil {
		r := toJobReport(*snap.Report)
		out.Report = &r
	}
	return out, nil
}
