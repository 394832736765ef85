package app

import (
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// EventSyncStatus carries a SyncStatus whenever the sync loop's state changes.
const EventSyncStatus = "sync:status"

// SyncService reports and triggers syncs with HeadshotPro.
type SyncService struct {
	app *App
}

// SyncStatus is what the status bar and the offline banner show.
type SyncStatus struct {
	State             string `json:"state"` // idle, syncing, offline, error
	Online            bool   `json:"online"`
	LastSync          string `json:"lastSync"` // RFC 3339; "" = never
	LastError         string `json:"lastError"`
	NeedsConfirmation bool   `json:"needsConfirmation"`
	Pending           int    `json:"pending"`
	NeedsAttention    int    `json:"needsAttention"`
	JobID             string `json:"jobId"`
}

func toSyncStatus(s syncer.Status) SyncStatus {
	return SyncStatus{
		State: string(s.State), Online: s.Online, LastSync: isoTime(s.LastSync), LastError: s.LastError,
		NeedsConfirmation: s.NeedsConfirmation, Pending: s.Pending, NeedsAttention: s.NeedsAttention, JobID: s.JobID,
	}
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
