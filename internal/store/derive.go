package store

import (
	"slices"
	"strings"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// personRow is one row of the people read model, computed in Go from a
// snapshot. Its fields are the people columns in order (see personCols).
type personRow struct {
	key, memberID, email, name       string
	modelID, modelTitle, modelStatus string
	teamID, teamName                 string
	inviteStatus, memberStatus       string
	hasFavorite                      bool
	favoritePhoto                    string
	finishedAt, joinedAt, invitedAt  int64
	latestAt                         int64
	lifecycle, unknownStatus         string
	shootCount                       int64
	searchText                       string
}

var personCols = []string{
	"person_key", "member_id", "email", "name", "model_id", "model_title", "model_status",
	"team_id", "team_name", "invite_status", "member_status", "has_favorite", "favorite_photo",
	"finished_at", "joined_at", "invited_at", "latest_at", "lifecycle", "unknown_status",
	"shoot_count", "search_text",
}

// write gives the row's values in personCols order.
func (p *personRow) write(w rowWriter) {
	for _, s := range []string{p.key, p.memberID, p.email, p.name, p.modelID, p.modelTitle, p.modelStatus,
		p.teamID, p.teamName, p.inviteStatus, p.memberStatus} {
		w.text(s)
	}
	w.integer(boolInt(p.hasFavorite))
	w.text(p.favoritePhoto)
	for _, v := range []int64{p.finishedAt, p.joinedAt, p.invitedAt, p.latestAt} {
		w.integer(v)
	}
	w.text(p.lifecycle)
	w.text(p.unknownStatus)
	w.integer(p.shootCount)
	w.text(p.searchText)
}

// personKey is the normalized email; a member without an email (a managed
// account) is keyed by its member id so it still gets a row of its own.
func personKey(email, memberID string) string {
	if k := domain.NormalizeEmail(email); k != "" {
		return k
	}
	if memberID != "" {
		return "member:" + memberID
	}
	return ""
}

// buildPeople derives the people rows from a cleaned snapshot: one row per
// member ∪ invite, keyed by normalized email. The current shoot is the
// latest model (by createdAt) among the models with that email and the ones
// the member and invite point at.
func buildPeople(c *cleanSnapshot) []personRow {
	byEmail := make(map[string][]*domain.Model, len(c.models))
	byID := make(map[string]*domain.Model, len(c.models))
	for i := range c.models {
		m := &c.models[i]
		byID[m.ID] = m
		if k := domain.NormalizeEmail(m.Email); k != "" {
			byEmail[k] = append(byEmail[k], m)
		}
	}

	type person struct {
		member *domain.Member
		invite *domain.Invite
	}
	// people[index[k]] is person k; the slice keeps first-seen order.
	index := make(map[string]int, len(c.members)+len(c.invites))
	people := make([]person, 0, len(c.members)+len(c.invites))
	var order []string
	get := func(k string) *person {
		i, ok := index[k]
		if !ok {
			i = len(people)
			index[k] = i
			people = append(people, person{})
			order = append(order, k)
		}
		return &people[i]
	}
	for i := range c.members {
		m := &c.members[i]
		k := personKey(m.Email, m.ID)
		p := get(k)
		// Two member records for one email should not happen; keep the one
		// who joined last so the choice is deterministic.
		if p.member == nil || m.JoinedAt.After(p.member.JoinedAt) ||
			(m.JoinedAt.Equal(p.member.JoinedAt) && m.ID < p.member.ID) {
			p.member = m
		}
	}
	for i := range c.invites {
		in := &c.invites[i]
		get(domain.NormalizeEmail(in.Email)).invite = in // invites are unique by email already
	}

	rows := make([]personRow, 0, len(order))
	var seenBuf []*domain.Model
	for i, k := range order {
		p := &people[i]
		var r personRow
		r.key = k

		// Candidate shoots: same email, plus whatever the member/invite name.
		// A person has one or two, so a list beats a set.
		seen := seenBuf[:0]
		var current *domain.Model
		consider := func(m *domain.Model) {
			if m == nil || slices.Contains(seen, m) {
				return
			}
			seen = append(seen, m)
			if current == nil || m.CreatedAt.After(current.CreatedAt) ||
				(m.CreatedAt.Equal(current.CreatedAt) && m.ID > current.ID) {
				current = m
			}
		}
		for _, m := range byEmail[k] {
			consider(m)
		}
		if p.member != nil && p.member.ModelID != "" {
			consider(byID[p.member.ModelID])
		}
		if p.invite != nil && p.invite.ModelID != "" {
			consider(byID[p.invite.ModelID])
		}
		seenBuf = seen
		r.shootCount = int64(len(seen))

		var in domain.LifecycleInput
		if p.member != nil {
			m := p.member
			r.memberID, r.email, r.name = m.ID, m.Email, m.Name
			r.teamID, r.teamName = m.TeamID, m.TeamName
			r.memberStatus = string(m.Status)
			r.joinedAt = toMS(m.JoinedAt)
			in.HasMember = true
		}
		if p.invite != nil {
			iv := p.invite
			r.inviteStatus = string(iv.Status)
			r.invitedAt = toMS(iv.CreatedAt)
			if r.email == "" {
				r.email = iv.Email
			}
			if r.teamID == "" && r.teamName == "" {
				r.teamID, r.teamName = iv.TeamID, iv.TeamName
			}
			in.InviteStatus = iv.Status
		}
		switch {
		case current != nil:
			r.modelID, r.modelTitle, r.modelStatus = current.ID, current.Title, string(current.Status)
			r.finishedAt = toMS(current.FinishedAt)
			if r.email == "" {
				r.email = current.Email
			}
			if r.teamID == "" && r.teamName == "" {
				r.teamID, r.teamName = current.TeamID, current.TeamName
			}
		case p.member != nil && p.member.ModelID != "":
			// The team list names a model the models list did not return:
			// trust the member's own modelStatus.
			r.modelID, r.modelStatus = p.member.ModelID, string(p.member.ModelStatus)
		case p.invite != nil && p.invite.ModelID != "":
			r.modelID = p.invite.ModelID
		}
		in.ModelStatus = domain.ModelStatus(r.modelStatus)
		if r.modelID != "" {
			r.favoritePhoto = c.favorites[r.modelID]
			r.hasFavorite = r.favoritePhoto != ""
		}
		in.HasFavorite = r.hasFavorite

		st := domain.Derive(in)
		r.lifecycle, r.unknownStatus = string(st.Lifecycle), st.Unknown
		r.latestAt = max(r.joinedAt, r.invitedAt)
		r.searchText = strings.ToLower(r.email + "\n" + r.name + "\n" + r.modelTitle)
		rows = append(rows, r)
	}
	return rows
}
