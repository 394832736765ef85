package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// Lifecycle controls as Go methods. The /_sandbox/ HTTP routes call these,
// and so does DELETE /organization/models/{id}, so every path to a state
// change applies the same rules. Errors are *apiError values (their
// Error() reads like "404 NOT_FOUND: Model not found").

const (
	defaultFinishPhotos = 12
	maxFinishPhotos     = 100
)

// AcceptInvite signs the invitee up: the invite becomes "accepted" and a
// member with no model appears under /team. name "" leaves the name null.
func (s *Server) AcceptInvite(email, name string) (memberID string, err error) {
	e, err := normalizeEmail(email)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	inv := o.inviteByEmail[e]
	switch {
	case inv == nil:
		return "", notFound("Invite not found")
	case inv.revoked:
		return "", badRequest("Invite was revoked")
	case inv.user != nil:
		return "", errf(http.StatusBadRequest, codeAlreadyExists, "Invite was already accepted")
	}
	u := &user{
		id:       o.ids.objectID(),
		uid:      o.ids.token("", 28),
		email:    e,
		name:     strings.TrimSpace(name),
		teamID:   inv.teamID,
		joinedAt: s.now().Truncate(time.Millisecond),
		invite:   inv,
	}
	inv.user = u
	o.addUser(u)
	return u.id, nil
}

// StartUpload gives a member a new model in "onboarding" (invite status
// "uploading"). Allowed when the member has no model, or their current one
// is finished or deleted (a second shoot / a restart).
func (s *Server) StartUpload(email string) (modelID string, err error) {
	e, err := normalizeEmail(email)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.startLocked(e)
	if err != nil {
		return "", err
	}
	return m.id, nil
}

func (s *Server) startLocked(email string) (*model, error) {
	o := s.org
	u := o.userByEmail[email]
	if u == nil {
		return nil, notFound("No member with email %s (accept the invite first)", email)
	}
	if cur := u.currentModel(); cur != nil && cur.status != statusActive && cur.status != statusDeleted {
		return nil, badRequest("Member already has a shoot in progress (model %s is %s)", cur.id, cur.status)
	}
	var title *string
	if u.name != "" {
		t := u.name
		title = &t
	}
	m := &model{
		id:        o.ids.objectID(),
		uid:       u.uid,
		email:     u.email,
		title:     title,
		status:    statusOnboarding,
		teamID:    u.teamID,
		createdAt: s.now().Truncate(time.Millisecond),
		user:      u,
		scenario:  "control",
	}
	o.addModel(m)
	return m, nil
}

// SubmitPhotos ends onboarding: the model goes to "waiting" and one credit
// is spent (none for development models). ref is a model id or a member's
// e-mail; for an e-mail whose member has no open model, one is started
// first, so accept → submit is enough to get a shoot going.
func (s *Server) SubmitPhotos(ref string) (modelID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	var m *model
	if strings.Contains(ref, "@") {
		e, err := normalizeEmail(ref)
		if err != nil {
			return "", err
		}
		u := o.userByEmail[e]
		if u == nil {
			return "", notFound("No member with email %s (accept the invite first)", e)
		}
		m = u.currentModel()
		if m == nil || m.status == statusActive || m.status == statusDeleted {
			if m, err = s.startLocked(e); err != nil {
				return "", err
			}
		}
	} else if m = o.modelByID[ref]; m == nil {
		return "", notFound("Model not found")
	}
	if m.status != statusOnboarding {
		return "", badRequest("Model %s is %s; only onboarding models can be submitted", m.id, m.status)
	}
	if !m.isDev {
		if o.credits < 1 {
			return "", errf(http.StatusPaymentRequired, codeInsufficient, "Insufficient credits")
		}
		o.credits--
	}
	m.status = statusWaiting
	return m.id, nil
}

// AdvanceModel moves a model one step: waiting → pending →
// generatingHeadshots; failed → pending (the platform restarts failed
// models). It returns the new status.
func (s *Server) AdvanceModel(modelID string) (status string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOr404(modelID)
	if err != nil {
		return "", err
	}
	switch m.status {
	case statusWaiting, statusFailed:
		m.status = statusPending
	case statusPending:
		m.status = statusGenerating
	default:
		return "", badRequest("Model %s is %s; advance works on waiting, pending and failed models", m.id, m.status)
	}
	return m.status, nil
}

// FailModel marks an in-progress model as failed.
func (s *Server) FailModel(modelID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOr404(modelID)
	if err != nil {
		return err
	}
	switch m.status {
	case statusWaiting, statusPending, statusGenerating:
		m.status = statusFailed
		return nil
	}
	return badRequest("Model %s is %s; only waiting, pending or generatingHeadshots models can fail", m.id, m.status)
}

// FinishModel completes generation: status active, finishedAt now, and
// photos new photos (default 12, at most 100) with no favorite yet.
func (s *Server) FinishModel(modelID string, photos int) error {
	if photos <= 0 {
		photos = defaultFinishPhotos
	}
	if photos > maxFinishPhotos {
		return badRequest("photos must be at most %d", maxFinishPhotos)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOr404(modelID)
	if err != nil {
		return err
	}
	switch m.status {
	case statusWaiting, statusPending, statusGenerating, statusFailed:
	default:
		return badRequest("Model %s is %s; submit it before finishing", m.id, m.status)
	}
	now := s.now().Truncate(time.Millisecond)
	m.status = statusActive
	m.finishedAt = now
	addPhotos(s.org, m, photos, now, s.rng)
	return nil
}

// PickFavorite makes photoID (or, when "", the newest active photo) the
// model's favorite: its likedStatus becomes "loved"; a previous favorite
// drops to "liked" (INFERRED: the member still liked it).
func (s *Server) PickFavorite(modelID, photoID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOr404(modelID)
	if err != nil {
		return "", err
	}
	if m.status != statusActive {
		return "", badRequest("Model %s is %s; favorites can only be picked on active models", m.id, m.status)
	}
	var p *photo
	if photoID == "" {
		for _, c := range m.photos {
			if c.status == photoActive {
				p = c
				break
			}
		}
		if p == nil {
			return "", badRequest("Model %s has no active photos", m.id)
		}
	} else if p = s.org.photoByID[photoID]; p == nil || p.model != m {
		return "", notFound("Photo not found")
	}
	if p.status != photoActive {
		return "", badRequest("Photo %s is deleted", p.id)
	}
	if old := m.favorite; old != nil && old != p {
		old.liked = likedLiked
	}
	p.liked = likedLoved
	m.favorite = p
	return p.id, nil
}

// DeleteModel soft-deletes a model: status "deleted", still listed, its
// photos no longer listed or served, invite status "deleted".
func (s *Server) DeleteModel(modelID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modelOr404(modelID)
	if err != nil {
		return err
	}
	if m.status == statusDeleted {
		return errf(http.StatusBadRequest, codeAlreadyDeleted, "Model already deleted")
	}
	m.status = statusDeleted
	m.deletedAt = s.now().Truncate(time.Millisecond)
	return nil
}

// SetCredits sets the organization's credit balance (0 makes invites fail
// with 402 INSUFFICIENT_CREDITS).
func (s *Server) SetCredits(c float64) {
	s.mu.Lock()
	s.org.credits = c
	s.mu.Unlock()
}

// SetWhitelabel turns the whitelabel feature on (default) or off (POST
// /organization/models then answers 403 FORBIDDEN).
func (s *Server) SetWhitelabel(on bool) {
	s.mu.Lock()
	s.org.whitelabel = on
	s.mu.Unlock()
}

// SetPendingInviteLimit caps pending invites (429 INVITE_LIMIT_EXCEEDED
// beyond it); 0, the default, means no cap (the real threshold is unknown).
func (s *Server) SetPendingInviteLimit(n int) {
	s.mu.Lock()
	s.org.pendingInviteLimit = max(0, n)
	s.mu.Unlock()
}

// SetRateLimit changes the per-minute request limit.
func (s *Server) SetRateLimit(n int) {
	if n <= 0 {
		n = DefaultRateLimit
	}
	s.limiter.setLimit(n)
}

// Now is the sandbox clock; SetNow and Advance move it.
func (s *Server) Now() time.Time          { return s.now() }
func (s *Server) SetNow(t time.Time)      { s.clock.set(t) }
func (s *Server) Advance(d time.Duration) { s.clock.advance(d) }

// SetFaults replaces the injected faults; ResetFaults clears them.
func (s *Server) SetFaults(f Faults) error { return s.faults.set(f) }
func (s *Server) CurrentFaults() Faults    { return s.faults.get() }

// ResetFaults clears every fault and starts a fresh rate-limit window.
func (s *Server) ResetFaults() {
	s.faults.set(Faults{})
	s.limiter.resetWindow()
}

// ResetOrg rebuilds the seeded organization, resets the clock offset,
// faults and rate-limit window: the state New returned.
func (s *Server) ResetOrg() {
	s.ResetFaults()
	s.limiter.setLimit(s.opts.RateLimit)
	s.clock.reset()
	s.mu.Lock()
	s.seed()
	s.mu.Unlock()
}

// ScenarioEntry tells which seed scenario a person or model was built from.
type ScenarioEntry struct {
	Scenario string   `json:"scenario"`
	Email    string   `json:"email"`
	MemberID string   `json:"memberId,omitempty"`
	ModelIDs []string `json:"modelIds"`
}

// Scenarios lists the seeded people (and whitelabel models) by scenario,
// in the order the seed created them.
func (s *Server) Scenarios() []ScenarioEntry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.org
	var out []ScenarioEntry
	seen := map[*user]bool{}
	// invites are newest first; walk oldest first for seed order.
	for i := len(o.invites) - 1; i >= 0; i-- {
		inv := o.invites[i]
		e := ScenarioEntry{Email: inv.email, ModelIDs: []string{}}
		switch {
		case inv.user == nil && inv.revoked:
			e.Scenario = scRevoked
		case inv.user == nil:
			e.Scenario = scPendingInvite
		default:
			u := inv.user
			if seen[u] {
				continue
			}
			seen[u] = true
			e.MemberID = u.id
			e.Scenario = scAccepted
			for _, m := range u.models {
				e.ModelIDs = append(e.ModelIDs, m.id)
				e.Scenario = m.scenario
			}
		}
		out = append(out, e)
	}
	for i := len(o.models) - 1; i >= 0; i-- {
		if m := o.models[i]; m.user == nil {
			out = append(out, ScenarioEntry{Scenario: scWhitelabel, Email: m.email, ModelIDs: []string{m.id}})
		}
	}
	return out
}

// Stats counts requests and image work since start.
type Stats struct {
	APIRequests          int64 `json:"apiRequests"`
	CDNRequests          int64 `json:"cdnRequests"`
	CDNWithAuthorization int64 `json:"cdnRequestsWithAuthorization"`
	ControlRequests      int64 `json:"controlRequests"`
	// Connections counts the connections that carried a request, on
	// servers that see them open (Start, or ConnContext set).
	Connections int64 `json:"connections"`
	// CDNBytes counts the photo body bytes sent (what crossed the link).
	CDNBytes int64      `json:"cdnBytes"`
	Images   ImageStats `json:"images"`
}

func (s *Server) Stats() Stats {
	return Stats{
		APIRequests:          s.stats.api.Load(),
		CDNRequests:          s.stats.cdn.Load(),
		CDNWithAuthorization: s.stats.cdnWithAuth.Load(),
		ControlRequests:      s.stats.control.Load(),
		Connections:          s.stats.connections.Load(),
		CDNBytes:             s.stats.cdnBytes.Load(),
		Images:               s.images.stats(),
	}
}
