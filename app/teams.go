package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func init() {
	bindService(func(a *App) any { return &TeamsService{app: a} })
}

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

// maxTeamName bounds a team name; the dashboard's field is short too.
const maxTeamName = 80

// List returns the cached teams with member counts, overlaid with the
// queued changes.
func (s *TeamsService) List() (TeamList, error) {
	ctx := s.app.context()
	org, err := s.app.store.Organization(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return TeamList{}, fmt.Errorf("list teams: %w", err)
	}
	all, err := s.app.store.Counts(ctx, "")
	if err != nil {
		return TeamList{}, fmt.Errorf("count people: %w", err)
	}
	out := TeamList{Teams: []TeamRow{}, Total: all.Total}
	byID := map[string]int{}
	inTeams := 0
	for _, t := range org.Teams {
		c, err := s.app.store.Counts(ctx, t.ID)
		if err != nil {
			return TeamList{}, fmt.Errorf("count people: %w", err)
		}
		inTeams += c.Total
		byID[t.ID] = len(out.Teams)
		out.Teams = append(out.Teams, TeamRow{ID: t.ID, Name: t.Name, Members: c.Total})
	}
	out.Unassigned = max(all.Total-inTeams, 0)

	items, err := s.app.store.Outbox(ctx)
	if err != nil {
		return TeamList{}, fmt.Errorf("read the outbox: %w", err)
	}
	for _, it := range items {
		if it.State == store.OutboxDone {
			continue
		}
		var p syncer.TeamPayload
		switch it.Kind {
		case store.KindCreateTeam, store.KindRenameTeam, store.KindDeleteTeam, store.KindAssignTeam:
			if json.Unmarshal(it.Payload, &p) != nil {
				continue
			}
		default:
			continue
		}
		problem := ""
		if it.State == store.OutboxNeedsAttention {
			problem = serverMessage(it.LastError)
		}
		if it.Kind == store.KindCreateTeam {
			if _, exists := findTeamRow(out.Teams, p.Name); exists {
				continue // created already, by an earlier attempt
			}
			out.Teams = append(out.Teams, TeamRow{Name: p.Name, Pending: "create", Problem: problem})
			continue
		}
		i, ok := byID[p.TeamID]
		if !ok {
			continue
		}
		row := &out.Teams[i]
		switch it.Kind {
		case store.KindRenameTeam:
			if row.Pending != "delete" {
				if row.OldName == "" {
					row.OldName = row.Name
				}
				row.Name, row.Pending = p.Name, "rename"
			}
		case store.KindDeleteTeam:
			row.Pending = "delete"
		case store.KindAssignTeam:
			row.PendingMoves += len(p.Emails)
		}
		if problem != "" {
			row.Problem = problem
		}
	}
	return out, nil
}

func findTeamRow(rows []TeamRow, name string) (int, bool) {
	for i, r := range rows {
		if r.ID != "" && strings.EqualFold(strings.TrimSpace(r.Name), strings.TrimSpace(name)) {
			return i, true
		}
	}
	return 0, false
}

// cleanTeamName trims and checks a team name.
func cleanTeamName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", invalidInput("Give the team a name.")
	case utf8.RuneCountInString(name) > maxTeamName:
		return "", invalidInput(fmt.Sprintf("A team name can have at most %d characters.", maxTeamName))
	}
	return name, nil
}

// Create queues a new team.
func (s *TeamsService) Create(name string) error {
	name, err := cleanTeamName(name)
	if err != nil {
		return err
	}
	list, err := s.List()
	if err != nil {
		return err
	}
	for _, t := range list.Teams {
		if strings.EqualFold(t.Name, name) && t.Pending != "delete" {
			return invalidInput(fmt.Sprintf("There is already a team called “%s”.", t.Name))
		}
	}
	if _, err := s.app.syncer.QueueTeamAction(s.app.context(), store.KindCreateTeam, syncer.TeamPayload{Name: name}); err != nil {
		return err
	}
	kickSync(s.app)
	return nil
}

// Rename queues a new name for a team.
func (s *TeamsService) Rename(teamID, name string) error {
	name, err := cleanTeamName(name)
	if err != nil {
		return err
	}
	list, err := s.List()
	if err != nil {
		return err
	}
	var team *TeamRow
	for i, t := range list.Teams {
		if t.ID != "" && t.ID == teamID {
			team = &list.Teams[i]
		} else if strings.EqualFold(t.Name, name) && t.Pending != "delete" {
			return invalidInput(fmt.Sprintf("There is already a team called “%s”.", t.Name))
		}
	}
	if team == nil {
		return invalidInput("That team no longer exists; sync to refresh the list.")
	}
	if team.Name == name {
		return nil
	}
	if _, err := s.app.syncer.QueueTeamAction(s.app.context(), store.KindRenameTeam, syncer.TeamPayload{TeamID: teamID, Name: name}); err != nil {
		return err
	}
	kickSync(s.app)
	return nil
}

// Delete queues the removal of a team. Its people stay in the organization,
// in no team, and can be moved to another one.
func (s *TeamsService) Delete(teamID string) error {
	if !s.teamExists(teamID) {
		return invalidInput("That team no longer exists; sync to refresh the list.")
	}
	if _, err := s.app.syncer.QueueTeamAction(s.app.context(), store.KindDeleteTeam, syncer.TeamPayload{TeamID: teamID}); err != nil {
		return err
	}
	kickSync(s.app)
	return nil
}

// maxAssign bounds one move; the UI selects from a list.
const maxAssign = 1000

// AssignMembers queues moving people (by email) into a team.
func (s *TeamsService) AssignMembers(teamID string, emails []string) error {
	if !s.teamExists(teamID) {
		return invalidInput("That team no longer exists; sync to refresh the list.")
	}
	if len(emails) == 0 {
		return invalidInput("Select the people to move first.")
	}
	if len(emails) > maxAssign {
		return invalidInput(fmt.Sprintf("Move at most %d people at a time.", maxAssign))
	}
	ctx := s.app.context()
	seen := map[string]bool{}
	clean := make([]string, 0, len(emails))
	for _, e := range emails {
		e = domain.NormalizeEmail(e)
		if seen[e] {
			continue
		}
		seen[e] = true
		if _, err := s.app.store.Person(ctx, e); err != nil {
			return invalidInput(fmt.Sprintf("%s is not in the organization.", e))
		}
		clean = append(clean, e)
	}
	if _, err := s.app.syncer.QueueTeamAction(ctx, store.KindAssignTeam, syncer.TeamPayload{TeamID: teamID, Emails: clean}); err != nil {
		return err
	}
	kickSync(s.app)
	return nil
}

func (s *TeamsService) teamExists(teamID string) bool {
	if strings.TrimSpace(teamID) == "" {
		return false
	}
	_, ok := teamNames(s.app)[teamID]
	return ok
}
