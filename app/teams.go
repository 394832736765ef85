package app

// TeamsService creates, renames and deletes teams and moves people into
// them. Every change goes through the outbox: it is shown as pending at
// once, sent by the sync loop (later, when offline) and confirmed by the
// next sync.
type TeamsService struct {
	app *App
}

// TeamRow is a team with its member count and any change still pending.
type TeamRow struct {
	// ID is "" for a team whose creation is still queued.
	ID      string `json:"id"`
	Name    string `json:"name"` // the pending new name while a rename is queued
	OldName string `json:"oldName"`
	Members int    `json:"members"` // people in the team (members and pending invites)
	// Pending is "", "create", "rename" or "delete": a queued change the
	// server has not confirmed yet.
	Pending string `json:"pending"`
	// PendingMoves counts people queued to be moved into the team.
	PendingMoves int `json:"pendingMoves"`
	// Problem is the server's message when a change for this team was refused.
	Problem string `json:"problem"`
}

// TeamList is the teams plus how many people are in no team.
type TeamList struct {
	Teams      []TeamRow `json:"teams"`
	Total      int       `json:"total"`
	Unassigned int       `json:"unassigned"`
}

// List returns the cached teams with member counts, overlaid with the
// queued changes.
func (s *TeamsService) List() (TeamList, error) {
	l, err := s.app.d().TeamOverview(s.app.context())
	if err != nil {
		return TeamList{}, err
	}
	out := TeamList{Teams: make([]TeamRow, 0, len(l.Teams)), Total: l.Total, Unassigned: l.Unassigned}
	for _, t := range l.Teams {
		out.Teams = append(out.Teams, TeamRow(t))
	}
	return out, nil
}

// Create queues a new team.
func (s *TeamsService) Create(name string) error {
	return s.queued(s.app.d().CreateTeam(s.app.context(), name))
}

// Rename queues a new name for a team.
func (s *TeamsService) Rename(teamID, name string) error {
	return s.queued(s.app.d().RenameTeam(s.app.context(), teamID, name))
}

// Delete queues the removal of a team. Its people stay in the organization,
// in no team, and can be moved to another one.
func (s *TeamsService) Delete(teamID string) error {
	return s.queued(s.app.d().DeleteTeam(s.app.context(), teamID))
}

// AssignMembers queues moving people (by email) into a team.
func (s *TeamsService) AssignMembers(teamID string, emails []string) error {
	return s.queued(s.app.d().AssignToTeam(s.app.context(), teamID, emails))
}

// queued starts a sync after a change was queued, so it goes out now.
func (s *TeamsService) queued(err error) error {
	if err != nil {
		return err
	}
	s.app.kickSync()
	return nil
}
