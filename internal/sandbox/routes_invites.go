package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// Invites (the /organization/invites operations of openapi.yaml).

func (s *Server) listInvites(r *http.Request) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]jInvite, 0, len(s.org.invites))
	for _, inv := range s.org.invites {
		out = append(out, s.org.jsonInvite(inv))
	}
	return struct {
		Success bool      `json:"success"`
		Invites []jInvite `json:"invites"`
	}{true, out}, nil
}

type createInviteRequest struct {
	Email  *string `json:"email"`
	TeamID *string `json:"teamId"`
}

func (s *Server) createInvite(r *http.Request) (any, error) {
	var req createInviteRequest
	if err := decodeBody(r, &req, false); err != nil {
		return nil, err
	}
	if req.Email == nil || strings.TrimSpace(*req.Email) == "" {
		return nil, badRequest("Email is required")
	}
	email, err := normalizeEmail(*req.Email)
	if err != nil {
		return nil, err
	}
	teamID := ""
	if req.TeamID != nil {
		teamID = *req.TeamID
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	if teamID != "" {
		if _, ok := o.teamByID[teamID]; !ok {
			return nil, notFound("Team not found")
		}
	}
	if u := o.userByEmail[email]; u != nil {
		return nil, errf(http.StatusBadRequest, codeAlreadyExists,
			"A user with this email already exists. You can solve this by appending a +alias to the email address (e.g. name+1@company.com).")
	}
	// INFERRED: a revoked invite may be replaced by a new one.
	if inv := o.inviteByEmail[email]; inv != nil && !inv.revoked {
		return nil, errf(http.StatusBadRequest, codeAlreadyExists, "An invite for this email already exists")
	}
	if o.credits <= 0 {
		return nil, errf(http.StatusPaymentRequired, codeInsufficient, "Insufficient credits")
	}
	if o.pendingInviteLimit > 0 {
		pending := 0
		for _, inv := range o.invites {
			if inv.user == nil && !inv.revoked {
				pending++
			}
		}
		if pending >= o.pendingInviteLimit {
			return nil, errf(http.StatusTooManyRequests, codeInviteLimit,
				"Too many pending invites (limit %d)", o.pendingInviteLimit)
		}
	}
	inv := &invite{id: o.ids.token("", 20), email: email, teamID: teamID, createdAt: s.now().Truncate(time.Millisecond)}
	o.addInvite(inv)
	return struct {
		Success bool       `json:"success"`
		Input   jEmailEcho `json:"input"`
		Message string     `json:"message"`
		Link    string     `json:"link"`
		ID      string     `json:"id"`
		TeamID  *string    `json:"teamId"`
	}{true, jEmailEcho{email}, "Invite sent", origin(r) + "/auth/signup?invite=" + inv.id, inv.id, strPtr(teamID)}, nil
}

func (s *Server) getInvite(r *http.Request) (any, error) {
	email, err := normalizeEmail(r.PathValue("email"))
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	inv := s.org.inviteByEmail[email]
	if inv == nil {
		return nil, notFound("Invite not found")
	}
	return struct {
		Success bool    `json:"success"`
		Invite  jInvite `json:"invite"`
	}{true, s.org.jsonInvite(inv)}, nil
}

type emailRequest struct {
	Email *string `json:"email"`
}

// revokeInvite: INFERRED 404 when there is no invite, 400 ALREADY_DELETED
// when it was already revoked, and 400 INVALID_REQUEST once accepted (the
// dashboard only offers revoke before acceptance).
func (s *Server) revokeInvite(r *http.Request) (any, error) {
	var req emailRequest
	if err := decodeBody(r, &req, false); err != nil {
		return nil, err
	}
	if req.Email == nil || strings.TrimSpace(*req.Email) == "" {
		return nil, badRequest("Email is required")
	}
	email, err := normalizeEmail(*req.Email)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.org.inviteByEmail[email]
	switch {
	case inv == nil:
		return nil, notFound("Invite not found")
	case inv.revoked:
		return nil, errf(http.StatusBadRequest, codeAlreadyDeleted, "Invite already revoked")
	case inv.user != nil:
		return nil, badRequest("Invite was already accepted; remove the member in the dashboard instead")
	}
	inv.revoked = true
	return struct {
		Success bool       `json:"success"`
		Message string     `json:"message"`
		Input   jEmailEcho `json:"input"`
	}{true, "Invite revoked", jEmailEcho{email}}, nil
}
