package app

import (
	"sync"

	"github.com/shotdesk/shotdesk/internal/syncer"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// EventSyncStatus carries a SyncStatus whenever the sync loop's state changes.
const EventSyncStatus = "sync:status"

// SyncService reports and triggers syncs with HeadshotPro.
type SyncService struct {
	app *App

	mu     sync.Mutex
	logged string // the last sync error written to the log
}

// logProblem writes a failed sync's technical detail to the log once (the
// window shows the words); the status is sent again on every count change.
func (s *SyncService) logProblem(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.logged = ""
		return
	}
	if err.Error() == s.logged {
		return
	}
	s.logged = err.Error()
	p := workflow.SyncProblem(err)
	s.app.logger.Warn("sync failed", "message", p.Message, "detail", p.Detail())
}

// SyncStatus is what the status bar and the offline banner show.
type SyncStatus struct {
	State string `json:"state"` // idle, syncing, offline, error
	// Online: HeadshotPro could be reached at the last attempt (it may
	// still have answered with an error: see State).
	Online   bool   `json:"online"`
	LastSync string `json:"lastSync"` // RFC 3339; "" = never
	// LastError is why the last sync failed, in words: what happened and
	// what to do ("" after a good sync); ErrorCode is its AppError code.
	LastError         string `json:"lastError"`
	ErrorCode         string `json:"errorCode"`
	NeedsConfirmation bool   `json:"needsConfirmation"`
	Pending           int    `json:"pending"`
	NeedsAttention    int    `json:"needsAttention"`
	JobID             string `json:"jobId"`
}

func toSyncStatus(s syncer.Status) SyncStatus {
	out := SyncStatus{
		State: string(s.State), Online: s.Online, LastSync: isoTime(s.LastSync),
		NeedsConfirmation: s.NeedsConfirmation, Pending: s.Pending, NeedsAttention: s.NeedsAttention, JobID: s.JobID,
	}
	if p := workflow.SyncProblem(s.Err); p != nil {
		out.LastError, out.ErrorCode = p.Message, codeOfKind[p.Kind]
	}
	return out
}

// Status returns the current sync status.
func (s *SyncService) Status() (SyncStatus, error) {
	return toSyncStatus(s.app.sync().Status()), nil
}

// SyncNow starts a sync (or returns the one running) as a job.
func (s *SyncService) SyncNow() (JobRef, error) {
	id, err := s.app.sync().SyncNow(s.app.context(), syncer.Options{})
	if err != nil {
		return JobRef{}, err
	}
	return JobRef{JobID: id, Kind: "sync"}, nil
}

// ConfirmSync applies a sync that stopped at the mass-deletion guard, after
// the user confirmed that the organization really shrank.
func (s *SyncService) ConfirmSync() (JobRef, error) {
	id, err := s.app.sync().SyncNow(s.app.context(), syncer.Options{AllowMassDeletion: true})
	if err != nil {
		return JobRef{}, err
	}
	return JobRef{JobID: id, Kind: "sync"}, nil
}
