package app

import "github.com/shotdesk/shotdesk/internal/workflow"

// TeamsService creates, renames and deletes teams and moves people into
// them. Every change goes through the outbox: it is shown as pending at
// once, sent by the sync loop (later, when offline) and confirmed by the
// next sync.
type TeamsService struct {
	app *App
}

// List returns the cached teams with member counts, overlaid with the
// queued changes.
func (s *TeamsService) List() (workflow.TeamList, error) {
	return s.app.d().TeamOverview(s.app.context())
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
