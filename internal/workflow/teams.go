package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// ResolveTeam finds a cached team by id or by name (case and surrounding
// space ignored) and returns its id; "" stays "" (everyone).
func (d *Desk) ResolveTeam(ctx context.Context, team string) (string, error) {
	team = strings.TrimSpace(team)
	if team == "" {
		return "", nil
	}
	teams, err := d.Teams(ctx)
	if err != nil {
		return "", err
	}
	var names []string
	for _, t := range teams {
		if t.ID == team || strings.EqualFold(strings.TrimSpace(t.Name), team) {
			return t.ID, nil
		}
		names = append(names, t.Name)
	}
	if len(names) == 0 {
		return "", newError(KindNotFound, ErrUnknownTeam, "There is no team “%s”: the offline copy has no teams (sync first).", team)
	}
	return "", newError(KindNotFound, ErrUnknownTeam, "There is no team “%s” (it may have been deleted). Teams: %s.", team, strings.Join(names, ", "))
}

// ErrUnknownTeam: a team named in a request is not in the offline copy.
// The command line treats it as a usage error (a wrong --team).
var ErrUnknownTeam = errors.New("unknown team")

// Teams lists the cached teams.
func (d *Desk) Teams(ctx context.Context) ([]domain.Team, error) {
	org, err := d.Store.Organization(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, Explain(err, "Reading the teams failed")
	}
	return org.Teams, nil
}

// teamNames maps cached team ids to names (empty when unreadable: labels
// then say "a team").
func (d *Desk) teamNames(ctx context.Context) map[string]string {
	out := map[string]string{}
	teams, _ := d.Teams(ctx)
	for _, t := range teams {
		out[t.ID] = t.Name
	}
	return out
}

// TeamRow is a team with its member count and any change still queued.
// The window shows it as it is (hence the JSON names).
type TeamRow struct {
	ID      string `json:"id"`   // "" for a team whose creation is still queued
	Name    string `json:"name"` // the queued new name while a rename is pending
	OldName string `json:"oldName"`
	Members int    `json:"members"` // people in the team (members and pending invites)
	// Pending is "", "create", "rename" or "delete": a queued change the
	// server has not confirmed yet.
	Pending      string `json:"pending"`
	PendingMoves int    `json:"pendingMoves"` // people queued to be moved into the team
	Problem      string `json:"problem"`      // the server's words when a change was refused
}

// TeamList is the teams plus how many people are in no team.
type TeamList struct {
	Teams      []TeamRow `json:"teams"`
	Total      int       `json:"total"`
	Unassigned int       `json:"unassigned"`
}

// TeamOverview lists the cached teams with member counts, overlaid with
// the queued changes, so a change shows at once and offline.
func (d *Desk) TeamOverview(ctx context.Context) (TeamList, error) {
	teams, err := d.Teams(ctx)
	if err != nil {
		return TeamList{}, err
	}
	all, err := d.Store.Counts(ctx, "")
	if err != nil {
		return TeamList{}, Explain(err, "Counting people failed")
	}
	out := TeamList{Teams: []TeamRow{}, Total: all.Total}
	byID := map[string]int{}
	inTeams := 0
	for _, t := range teams {
		c, err := d.Store.Counts(ctx, t.ID)
		if err != nil {
			return TeamList{}, Explain(err, "Counting people failed")
		}
		inTeams += c.Total
		byID[t.ID] = len(out.Teams)
		out.Teams = append(out.Teams, TeamRow{ID: t.ID, Name: t.Name, Members: c.Total})
	}
	out.Unassigned = max(all.Total-inTeams, 0)

	actions, _, err := syncer.Actions(ctx, d.Store)
	if err != nil {
		return TeamList{}, Explain(err, "Reading the queued changes failed")
	}
	for _, a := range actions {
		if a.State == store.OutboxDone || !isTeamAction(a.Kind) {
			continue
		}
		problem := ""
		if a.State == store.OutboxNeedsAttention {
			problem = ServerWords(a.LastError)
		}
		if a.Kind == store.KindCreateTeam {
			if findTeamRow(out.Teams, a.Name) {
				continue // created already, by an earlier attempt
			}
			out.Teams = append(out.Teams, TeamRow{Name: a.Name, Pending: "create", Problem: problem})
			continue
		}
		i, ok := byID[a.TeamID]
		if !ok {
			continue
		}
		row := &out.Teams[i]
		switch a.Kind {
		case store.KindRenameTeam:
			if row.Pending != "delete" {
				if row.OldName == "" {
					row.OldName = row.Name
				}
				row.Name, row.Pending = a.Name, "rename"
			}
		case store.KindDeleteTeam:
			row.Pending = "delete"
		case store.KindAssignTeam:
			row.PendingMoves += len(a.Emails)
		}
		if problem != "" {
			row.Problem = problem
		}
	}
	return out, nil
}

func isTeamAction(k store.OutboxKind) bool {
	switch k {
	case store.KindCreateTeam, store.KindRenameTeam, store.KindDeleteTeam, store.KindAssignTeam:
		return true
	}
	return false
}

func findTeamRow(rows []TeamRow, name string) bool {
	for _, r := range rows {
		if r.ID != "" && strings.EqualFold(strings.TrimSpace(r.Name), strings.TrimSpace(name)) {
			return true
		}
	}
	return false
}

// MaxTeamName bounds a team name; the dashboard's field is short too.
const MaxTeamName = 80

// cleanTeamName trims and checks a team name.
func cleanTeamName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", invalid("Give the team a name.")
	case utf8.RuneCountInString(name) > MaxTeamName:
		return "", invalid("A team name can have at most %d characters.", MaxTeamName)
	}
	return name, nil
}

// CreateTeam queues a new team; the sync loop sends it.
func (d *Desk) CreateTeam(ctx context.Context, name string) error {
	name, err := cleanTeamName(name)
	if err != nil {
		return err
	}
	list, err := d.TeamOverview(ctx)
	if err != nil {
		return err
	}
	for _, t := range list.Teams {
		if strings.EqualFold(t.Name, name) && t.Pending != "delete" {
			return invalid("There is already a team called “%s”.", t.Name)
		}
	}
	return d.queueTeam(ctx, store.KindCreateTeam, syncer.TeamPayload{Name: name})
}

// RenameTeam queues a new name for a team.
func (d *Desk) RenameTeam(ctx context.Context, teamID, name string) error {
	name, err := cleanTeamName(name)
	if err != nil {
		return err
	}
	list, err := d.TeamOverview(ctx)
	if err != nil {
		return err
	}
	var team *TeamRow
	for i, t := range list.Teams {
		if t.ID != "" && t.ID == teamID {
			team = &list.Teams[i]
		} else if strings.EqualFold(t.Name, name) && t.Pending != "delete" {
			return invalid("There is already a team called “%s”.", t.Name)
		}
	}
	if team == nil {
		return errTeamGone
	}
	if team.Name == name {
		return nil
	}
	return d.queueTeam(ctx, store.KindRenameTeam, syncer.TeamPayload{TeamID: teamID, Name: name})
}

var errTeamGone = &Error{Kind: KindInvalidInput, Message: "That team no longer exists; sync to refresh the list."}

// DeleteTeam queues the removal of a team. Its people stay in the
// organization, in no team.
func (d *Desk) DeleteTeam(ctx context.Context, teamID string) error {
	if !d.teamExists(ctx, teamID) {
		return errTeamGone
	}
	return d.queueTeam(ctx, store.KindDeleteTeam, syncer.TeamPayload{TeamID: teamID})
}

// MaxAssign bounds one move; the window selects from a list.
const MaxAssign = 1000

// AssignToTeam queues moving people (by email) into a team.
func (d *Desk) AssignToTeam(ctx context.Context, teamID string, emails []string) error {
	if !d.teamExists(ctx, teamID) {
		return errTeamGone
	}
	if len(emails) == 0 {
		return invalid("Select the people to move first.")
	}
	if len(emails) > MaxAssign {
		return invalid("Move at most %d people at a time.", MaxAssign)
	}
	seen := map[string]bool{}
	clean := make([]string, 0, len(emails))
	for _, e := range emails {
		e = domain.NormalizeEmail(e)
		if seen[e] {
			continue
		}
		seen[e] = true
		if _, err := d.Store.Person(ctx, e); err != nil {
			return invalid("%s is not in the organization.", e)
		}
		clean = append(clean, e)
	}
	return d.queueTeam(ctx, store.KindAssignTeam, syncer.TeamPayload{TeamID: teamID, Emails: clean})
}

func (d *Desk) teamExists(ctx context.Context, teamID string) bool {
	if strings.TrimSpace(teamID) == "" {
		return false
	}
	_, ok := d.teamNames(ctx)[teamID]
	return ok
}

func (d *Desk) queueTeam(ctx context.Context, kind store.OutboxKind, p syncer.TeamPayload) error {
	if _, err := syncer.QueueTeamAction(ctx, d.Store, kind, p); err != nil {
		return Explain(err, fmt.Sprintf("Queueing the team change failed"))
	}
	return nil
}
