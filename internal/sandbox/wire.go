package sandbox

// JSON shapes of the API (the object shapes of HeadshotPro's public docs,
// as in the schemas of openapi.yaml). Nullable fields are pointers and
// always emitted; fields the docs describe as "absent until …" use
// omitempty.

type jTeam struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jOrganization struct {
	UID     string  `json:"uid"`
	Name    string  `json:"name"`
	Website *string `json:"website"`
	Teams   []jTeam `json:"teams"`
}

type jInvite struct {
	Email     string  `json:"email"`
	Status    string  `json:"status"`
	ModelID   string  `json:"modelId,omitempty"`
	TeamID    *string `json:"teamId"`
	TeamName  *string `json:"teamName"`
	CreatedAt string  `json:"createdAt"`
}

type jMember struct {
	ID          string  `json:"id"`
	Email       string  `json:"email"`
	Name        *string `json:"name"`
	Status      string  `json:"status"`
	TeamID      *string `json:"teamId"`
	TeamName    *string `json:"teamName"`
	ModelID     *string `json:"modelId"`
	ModelStatus *string `json:"modelStatus"`
	JoinedAt    string  `json:"joinedAt"`
}

// jMemberSummary is the /team/accepted|pending|finished item; modelId and
// modelStatus are added when the member has a model (INFERRED "perhaps
// plus modelId/modelStatus").
type jMemberSummary struct {
	ID          string  `json:"id"`
	Email       string  `json:"email"`
	Name        *string `json:"name"`
	TeamID      *string `json:"teamId"`
	TeamName    *string `json:"teamName"`
	ModelID     string  `json:"modelId,omitempty"`
	ModelStatus string  `json:"modelStatus,omitempty"`
	JoinedAt    string  `json:"joinedAt"`
}

type jModel struct {
	ID            string  `json:"id"`
	UID           string  `json:"uid"`
	Email         *string `json:"email"`
	Title         *string `json:"title"`
	Status        string  `json:"status"`
	TeamID        *string `json:"teamId"`
	TeamName      *string `json:"teamName"`
	IsDevelopment bool    `json:"isDevelopment"`
	CreatedAt     string  `json:"createdAt"`
	FinishedAt    *string `json:"finishedAt"`
}

type jURLs struct {
	Main      string `json:"main"`
	Thumbnail string `json:"thumbnail,omitempty"`
	Original  string `json:"original,omitempty"`
}

type jPhoto struct {
	ID          string `json:"id"`
	ModelID     string `json:"modelId"`
	Status      string `json:"status"`
	LikedStatus string `json:"likedStatus"`
	CreatedAt   string `json:"createdAt"`
	URLs        jURLs  `json:"urls"`
	ExpiresAt   string `json:"expiresAt"`
}

// jOrgFavorite is a favorite with member context (key names INFERRED:
// email, name = the member's name, title = the model title, team).
type jOrgFavorite struct {
	jPhoto
	Email    *string `json:"email"`
	Name     *string `json:"name"`
	Title    *string `json:"title"`
	TeamID   *string `json:"teamId"`
	TeamName *string `json:"teamName"`
}

type jEmailEcho struct {
	Email string `json:"email"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (o *org) jsonOrg() jOrganization {
	teams := make([]jTeam, 0, len(o.teams))
	for _, t := range o.teams {
		teams = append(teams, jTeam{ID: t.id, Name: t.name})
	}
	return jOrganization{UID: o.uid, Name: o.name, Website: strPtr(o.website), Teams: teams}
}

// teamRef returns the id and name of a team, or two nils when the id is
// empty or the team no longer exists.
func (o *org) teamRef(id string) (*string, *string) {
	t, ok := o.teamByID[id]
	if !ok {
		return nil, nil
	}
	// Copies, not pointers into org state: bodies are encoded after the
	// lock is released.
	id, name := t.id, t.name
	return &id, &name
}

func copyPtr(p *string) *string {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func (o *org) jsonInvite(i *invite) jInvite {
	tid, tname := o.teamRef(i.teamID)
	j := jInvite{Email: i.email, Status: i.status(), TeamID: tid, TeamName: tname, CreatedAt: apiTime(i.createdAt)}
	if i.user != nil && !i.revoked {
		if m := i.user.currentModel(); m != nil {
			j.ModelID = m.id
		}
	}
	return j
}

func (o *org) jsonMember(u *user) jMember {
	tid, tname := o.teamRef(u.teamID)
	j := jMember{ID: u.id, Email: u.email, Name: strPtr(u.name), Status: u.memberStatus(),
		TeamID: tid, TeamName: tname, JoinedAt: apiTime(u.joinedAt)}
	if m := u.currentModel(); m != nil {
		id, st := m.id, m.status
		j.ModelID, j.ModelStatus = &id, &st
	}
	return j
}

func (o *org) jsonMemberSummary(u *user) jMemberSummary {
	tid, tname := o.teamRef(u.teamID)
	j := jMemberSummary{ID: u.id, Email: u.email, Name: strPtr(u.name), TeamID: tid, TeamName: tname, JoinedAt: apiTime(u.joinedAt)}
	if m := u.currentModel(); m != nil {
		j.ModelID, j.ModelStatus = m.id, m.status
	}
	return j
}

func (o *org) jsonModel(m *model) jModel {
	tid, tname := o.teamRef(m.teamID)
	return jModel{ID: m.id, UID: m.uid, Email: strPtr(m.email), Title: copyPtr(m.title), Status: m.status,
		TeamID: tid, TeamName: tname, IsDevelopment: m.isDev, CreatedAt: apiTime(m.createdAt),
		FinishedAt: apiTimePtr(m.finishedAt)}
}
