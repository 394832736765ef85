package sandbox

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// Organization, credits and teams (the /organization, /organization/credits
// and /organization/teams operations of openapi.yaml).

const maxTeamNameRunes = 100 // INFERRED: no maximum is documented

func (s *Server) getOrganization(r *http.Request) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return orgResponse{true, s.org.jsonOrg()}, nil
}

type orgResponse struct {
	Success      bool          `json:"success"`
	Organization jOrganization `json:"organization"`
}

func (s *Server) getCredits(r *http.Request) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return struct {
		Success bool    `json:"success"`
		Credits float64 `json:"credits"`
	}{true, s.org.credits}, nil
}

func (s *Server) listTeams(r *http.Request) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return struct {
		Success bool    `json:"success"`
		Teams   []jTeam `json:"teams"`
	}{true, s.org.jsonOrg().Teams}, nil
}

type teamNameRequest struct {
	Name *string `json:"name"`
}

// teamName validates a create/rename body. Names are trimmed; uniqueness is
// case-insensitive (INFERRED; the docs only say "must be unique").
func teamNameFrom(r *http.Request) (string, error) {
	var req teamNameRequest
	if err := decodeBody(r, &req, false); err != nil {
		return "", err
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		return "", badRequest("Team name is required")
	}
	name := strings.TrimSpace(*req.Name)
	if utf8.RuneCountInString(name) > maxTeamNameRunes {
		return "", badRequest("Team name must be at most %d characters", maxTeamNameRunes)
	}
	return name, nil
}

func (s *Server) createTeam(r *http.Request) (any, error) {
	name, err := teamNameFrom(r)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	if o.teamByName(name) != nil {
		return nil, badRequest("Team with this name already exists")
	}
	t := &team{id: o.ids.token("team_", 6), name: name}
	o.teams = append(o.teams, t)
	o.teamByID[t.id] = t
	return orgResponse{true, o.jsonOrg()}, nil
}

func (s *Server) renameTeam(r *http.Request) (any, error) {
	id := r.PathValue("teamId")
	s.mu.RLock()
	_, ok := s.org.teamByID[id]
	s.mu.RUnlock()
	if !ok {
		return nil, notFound("Team not found")
	}
	name, err := teamNameFrom(r)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	t, ok := o.teamByID[id]
	if !ok { // deleted while we read the body
		return nil, notFound("Team not found")
	}
	if other := o.teamByName(name); other != nil && other != t {
		return nil, badRequest("Team with this name already exists")
	}
	t.name = name
	return orgResponse{true, o.jsonOrg()}, nil
}

// deleteTeam removes the team; its members, models and invites stay in the
// organization with teamId/teamName null (dashboard docs + INFERRED).
func (s *Server) deleteTeam(r *http.Request) (any, error) {
	id := r.PathValue("teamId")
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	if _, ok := o.teamByID[id]; !ok {
		return nil, notFound("Team not found")
	}
	delete(o.teamByID, id)
	for i, t := range o.teams {
		if t.id == id {
			o.teams = append(o.teams[:i:i], o.teams[i+1:]...)
			break
		}
	}
	for _, u := range o.users {
		if u.teamID == id {
			u.teamID = ""
		}
	}
	for _, m := range o.models {
		if m.teamID == id {
			m.teamID = ""
		}
	}
	for _, inv := range o.invites {
		if inv.teamID == id {
			inv.teamID = ""
		}
	}
	return orgResponse{true, o.jsonOrg()}, nil
}

type addMembersRequest struct {
	Emails *[]string `json:"emails"`
}

// addTeamMembers moves people (members, or invitees who have not joined
// yet) into a team. INFERRED: all-or-nothing — one unknown e-mail fails the
// whole request with 404 and nothing moves.
func (s *Server) addTeamMembers(r *http.Request) (any, error) {
	id := r.PathValue("teamId")
	s.mu.RLock()
	_, ok := s.org.teamByID[id]
	s.mu.RUnlock()
	if !ok {
		return nil, notFound("Team not found")
	}
	var req addMembersRequest
	if err := decodeBody(r, &req, false); err != nil {
		return nil, err
	}
	if req.Emails == nil || len(*req.Emails) == 0 {
		return nil, badRequest("emails must be a non-empty array of email addresses")
	}
	emails := make([]string, 0, len(*req.Emails))
	for _, e := range *req.Emails {
		n, err := normalizeEmail(e)
		if err != nil {
			return nil, err
		}
		emails = append(emails, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	if _, ok := o.teamByID[id]; !ok {
		return nil, notFound("Team not found")
	}
	for _, e := range emails {
		inv := o.inviteByEmail[e]
		if o.userByEmail[e] == nil && (inv == nil || inv.revoked) {
			return nil, notFound("No member with email %s in this organization", e)
		}
	}
	for _, e := range emails {
		o.moveToTeam(e, id)
	}
	return struct {
		Success bool   `json:"success"`
		Message string `json:"message"`
	}{true, "Members added to team"}, nil
}
