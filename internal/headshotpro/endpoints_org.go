package headshotpro

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// escapePath percent-encodes one path segment. '@' and '+' are encoded too
// (the API reference suggests %40 for emails; a server that reads '+' as a
// space would otherwise mangle plus-addressed emails).
func escapePath(s string) string {
	e := url.PathEscape(s)
	e = strings.ReplaceAll(e, "@", "%40")
	return strings.ReplaceAll(e, "+", "%2B")
}

// Organization returns the organization profile with its teams and its
// credit balance. The API serves these from two endpoints (GET
// /organization and GET /organization/credits); both are called.
func (c *Client) Organization(ctx context.Context) (domain.Organization, error) {
	org, err := c.organization(ctx)
	if err != nil {
		return domain.Organization{}, err
	}
	credits, err := c.Credits(ctx)
	if err != nil {
		return domain.Organization{}, err
	}
	org.Credits = credits
	return org, nil
}

func (c *Client) organization(ctx context.Context) (domain.Organization, error) {
	var out organizationResponse
	r, err := c.do(ctx, call{op: "get organization", method: http.MethodGet, path: "/organization", idempotent: true, out: &out})
	if err != nil {
		return domain.Organization{}, fmt.Errorf("get organization: %w", err)
	}
	if err := decode(r, "organization", &out); err != nil {
		return domain.Organization{}, fmt.Errorf("get organization: %w", err)
	}
	return toOrganization(out.Organization), nil
}

// Credits returns the available credit balance (fractional on the Lite
// package).
func (c *Client) Credits(ctx context.Context) (float64, error) {
	var out creditsResponse
	r, err := c.do(ctx, call{op: "get credits", method: http.MethodGet, path: "/organization/credits", idempotent: true, out: &out})
	if err != nil {
		return 0, fmt.Errorf("get credits: %w", err)
	}
	if err := decode(r, "credits", &out); err != nil {
		return 0, fmt.Errorf("get credits: %w", err)
	}
	return float64(*out.Credits), nil
}

// Teams lists all teams (not paginated).
func (c *Client) Teams(ctx context.Context) ([]domain.Team, error) {
	var out teamListResponse
	r, err := c.do(ctx, call{op: "list teams", method: http.MethodGet, path: "/organization/teams", idempotent: true, out: &out})
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	if err := decode(r, "teams", &out); err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return toTeams(out.Teams), nil
}

// CreateTeam creates a team. The API answers with the whole organization
// (Credits not included, left zero); the new team is found in it by name.
// Not retried on failure: a repeat would hit "Team with this name already
// exists".
func (c *Client) CreateTeam(ctx context.Context, name string) (domain.Team, domain.Organization, error) {
	var out organizationResponse
	r, err := c.do(ctx, call{op: "create team", method: http.MethodPost, path: "/organization/teams",
		body: teamNameRequest{Name: name}, out: &out})
	if err != nil {
		return domain.Team{}, domain.Organization{}, fmt.Errorf("create team %q: %w", name, err)
	}
	if err := decode(r, "organization", &out); err != nil {
		return domain.Team{}, domain.Organization{}, fmt.Errorf("create team %q: %w", name, err)
	}
	org := toOrganization(out.Organization)
	t, ok := FindTeam(org.Teams, name)
	if !ok {
		return domain.Team{}, org, fmt.Errorf("create team %q: %w: the new team is not in the answer", name, ErrBadResponse)
	}
	return t, org, nil
}

// FindTeam finds a team by name: exact match first, then ignoring case and
// surrounding space (the API does not document its name normalisation).
func FindTeam(teams []domain.Team, name string) (domain.Team, bool) {
	for _, t := range teams {
		if t.Name == name {
			return t, true
		}
	}
	for _, t := range teams {
		if strings.EqualFold(strings.TrimSpace(t.Name), strings.TrimSpace(name)) {
			return t, true
		}
	}
	return domain.Team{}, false
}

// RenameTeam renames a team (PUT, idempotent) and returns the organization
// (Credits left zero).
func (c *Client) RenameTeam(ctx context.Context, teamID, name string) (domain.Organization, error) {
	var out organizationResponse
	r, err := c.do(ctx, call{op: "rename team", method: http.MethodPut, path: "/organization/teams/" + escapePath(teamID),
		body: teamNameRequest{Name: name}, idempotent: true, out: &out})
	if err != nil {
		return domain.Organization{}, fmt.Errorf("rename team %s: %w", teamID, err)
	}
	if err := decode(r, "organization", &out); err != nil {
		return domain.Organization{}, fmt.Errorf("rename team %s: %w", teamID, err)
	}
	return toOrganization(out.Organization), nil
}

// DeleteTeam deletes a team (members stay in the organization) and returns
// the organization after the deletion (Credits left zero). DELETE is
// retried like any idempotent call; if a retry follows a lost answer, the
// server may say ErrNotFound for a team that this call did delete, so
// callers replaying a delete should treat ErrNotFound as done.
func (c *Client) DeleteTeam(ctx context.Context, teamID string) (domain.Organization, error) {
	var out organizationResponse
	r, err := c.do(ctx, call{op: "delete team", method: http.MethodDelete, path: "/organization/teams/" + escapePath(teamID), idempotent: true, out: &out})
	if err != nil {
		return domain.Organization{}, fmt.Errorf("delete team %s: %w", teamID, err)
	}
	if err := decodeOptional(r, "organization", &out); err != nil {
		return domain.Organization{}, fmt.Errorf("delete team %s: %w", teamID, err)
	}
	if out.Organization == nil {
		return domain.Organization{}, nil
	}
	return toOrganization(out.Organization), nil
}

// AddMembersToTeam moves existing organization members (by email) into a
// team. Although a POST, it sets a target state (these people are in this
// team), so repeating it is harmless and it is retried like a PUT.
func (c *Client) AddMembersToTeam(ctx context.Context, teamID string, emails []string) error {
	var out messageResponse
	r, err := c.do(ctx, call{op: "add members to team", method: http.MethodPost,
		path: "/organization/teams/" + escapePath(teamID) + "/members",
		body: addMembersRequest{Emails: emails}, idempotent: true, out: &out})
	if err != nil {
		return fmt.Errorf("add %d members to team %s: %w", len(emails), teamID, err)
	}
	return decodeOptional(r, "message", &out)
}
