package sandbox

import "net/http"

// Team members (the /organization/team operations of openapi.yaml). Members
// are people who accepted an invite; invitees who never signed up appear
// only under /invites.

func (s *Server) listMembers(r *http.Request) (any, error) {
	q := r.URL.Query()
	pg, err := parsePage(q)
	if err != nil {
		return nil, err
	}
	status, err := enumParam(q, "status", memberStatuses)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.org
	members := make([]jMember, 0, pg.limit)
	total := 0
	for _, u := range o.users {
		if status != "" && u.memberStatus() != status {
			continue
		}
		if total >= pg.offset && len(members) < pg.limit {
			members = append(members, o.jsonMember(u))
		}
		total++
	}
	_, _, pag := pg.slice(total)
	return struct {
		Success    bool       `json:"success"`
		Members    []jMember  `json:"members"`
		Pagination pagination `json:"pagination"`
	}{true, members, pag}, nil
}

// listMembersByStatus serves /team/accepted|pending|finished: every member
// with that status, not paginated, plus count.
func (s *Server) listMembersByStatus(status string) apiFunc {
	return func(r *http.Request) (any, error) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		o := s.org
		members := []jMemberSummary{}
		for _, u := range o.users {
			if u.memberStatus() == status {
				members = append(members, o.jsonMemberSummary(u))
			}
		}
		return struct {
			Success bool             `json:"success"`
			Members []jMemberSummary `json:"members"`
			Count   int              `json:"count"`
		}{true, members, len(members)}, nil
	}
}
