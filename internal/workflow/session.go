package workflow

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Session is the organization a long-running front-end (the window) has
// open, with its background sync loop, and the switch to another one
// (connecting a key, signing out to the demo) in place: the old one's jobs
// are cancelled, its loop stopped and its caches closed only once the new
// one opened. The command line opens a Desk per command instead.
type Session struct {
	jobs      *jobs.Manager
	logger    *slog.Logger
	userAgent string
	onStatus  func(syncer.Status)

	mu      sync.Mutex
	desk    *Desk
	svc     *syncer.Service // nil without an API key
	runCtx  context.Context // set by Run: the loop's lifetime
	stopRun func()
}

// NewSession opens the organization at dataDir (see Open). Status changes
// of its sync loop go to onStatus (may be nil).
func NewSession(m *jobs.Manager, logger *slog.Logger, userAgent string, onStatus func(syncer.Status), dataDir, apiURL, apiKey string) (*Session, error) {
	s := &Session{jobs: m, logger: logger, userAgent: userAgent, onStatus: onStatus}
	desk, svc, err := s.open(dataDir, apiURL, apiKey)
	if err != nil {
		return nil, err
	}
	s.desk, s.svc = desk, svc
	return s, nil
}

func (s *Session) open(dataDir, apiURL, apiKey string) (*Desk, *syncer.Service, error) {
	desk, err := Open(Config{DataDir: dataDir, APIURL: apiURL, APIKey: apiKey, UserAgent: s.userAgent, Logger: s.logger})
	if err != nil {
		return nil, nil, err
	}
	var svc *syncer.Service
	if desk.Syncer != nil {
		svc = syncer.NewService(desk.Syncer, s.jobs, s.onStatus)
		desk.Sender = svc // invites take turns with the sync loop
	}
	return desk, svc, nil
}

// Desk is the organization open now.
func (s *Session) Desk() *Desk {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.desk
}

// Sync is its sync service (nil without an API key).
func (s *Session) Sync() *syncer.Service {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.svc
}

// Notice is what to tell the person about the open copy ("" normally).
func (s *Session) Notice() string {
	d := s.Desk()
	return strings.TrimSpace(d.RebuildNotice() + " " + d.ReadOnlyNotice())
}

// Run starts the sync loop; it and every later one stop when ctx ends.
func (s *Session) Run(ctx context.Context) {
	s.mu.Lock()
	s.runCtx = ctx
	s.mu.Unlock()
	s.startLoop()
}

func (s *Session) startLoop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.runCtx == nil || s.svc == nil {
		return
	}
	ctx, cancel := context.WithCancel(s.runCtx)
	s.stopRun = cancel
	go s.svc.Run(ctx)
}

// Switch opens the organization at dataDir and makes it the open one. If it
// cannot be opened, the old one stays open and nothing changed.
func (s *Session) Switch(dataDir, apiURL, apiKey string) error {
	desk, svc, err := s.open(dataDir, apiURL, apiKey)
	if err != nil {
		return err
	}
	s.mu.Lock()
	stop := s.stopRun
	s.stopRun = nil
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.jobs.Shutdown(ctx); err != nil {
		s.logger.Warn("jobs of the previous organization did not stop in time", "err", err)
	}
	s.mu.Lock()
	old := s.desk
	s.desk, s.svc = desk, svc
	s.mu.Unlock()
	old.Close()
	s.logger.Info("organization switched", "dataDir", dataDir)
	s.startLoop()
	return nil
}

// Close closes the open organization's caches.
func (s *Session) Close() { s.Desk().Close() }
