package app

import (
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// AppInfo tells the UI what it is running on.
type AppInfo struct {
	Version string `json:"version"`
	DataDir string `json:"dataDir"`
	// Demo is true when no API key is configured and the window shows the
	// embedded demo organization.
	Demo   bool   `json:"demo"`
	APIURL string `json:"apiUrl"`
	OS     string `json:"os"`
	// CacheNotice explains a repaired offline cache; "" normally.
	CacheNotice string `json:"cacheNotice"`
}

// JobRef is what starting a job returns.
type JobRef struct {
	JobID string `json:"jobId"`
	Kind  string `json:"kind"`
}

// JobReport is jobs.Report with times as RFC 3339 strings, so the generated
// TypeScript has no any. Job events carry the same JSON.
type JobReport struct {
	jobs.Progress
	Error      string         `json:"error,omitempty"`
	Failures   []jobs.Failure `json:"failures"`
	StartedAt  string         `json:"startedAt"`
	FinishedAt string         `json:"finishedAt"`
	Result     string         `json:"result,omitempty"`
}

func toJobReport(r jobs.Report) JobReport {
	return JobReport{
		Progress: r.Progress, Error: r.Error, Failures: r.Failures, Result: r.Result,
		StartedAt: r.StartedAt.UTC().Format(time.RFC3339Nano), FinishedAt: r.FinishedAt.UTC().Format(time.RFC3339Nano),
	}
}

// JobSnapshot is a job's latest progress and, once it ended, its report.
type JobSnapshot struct {
	Progress jobs.Progress `json:"progress"`
	Report   *JobReport    `json:"report"`
}
