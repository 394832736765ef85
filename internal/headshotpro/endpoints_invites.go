package headshotpro

import (
	"context"
	"fmt"
	"net/http"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// Invites lists every invite of the organization, any status (not
// paginated).
func (c *Client) Invites(ctx context.Context) ([]domain.Invite, error) {
	var out inviteListResponse
	r, err := c.do(ctx, call{op: "list invites", method: http.MethodGet, path: "/organization/invites", idempotent: true, out: &out})
	if err != nil {
		return nil, fmt.Errorf("list invites: %w", err)
	}
	if err := decode(r, "invites", &out); err != nil {
		return nil, fmt.Errorf("list invites: %w", err)
	}
	return mapSlice(out.Invites, toInvite), nil
}

// Invite looks up the invite for one email address.
func (c *Client) Invite(ctx context.Context, email string) (domain.Invite, error) {
	var out inviteResponse
	r, err := c.do(ctx, call{op: "get invite", method: http.MethodGet, path: "/organization/invites/" + escapePath(email), idempotent: true, out: &out})
	if err != nil {
		return domain.Invite{}, fmt.Errorf("get invite: %w", err)
	}
	if err := decode(r, "invite", &out); err != nil {
		return domain.Invite{}, fmt.Errorf("get invite: %w", err)
	}
	return toInvite(*out.Invite), nil
}

// CreateInvite sends an invitation email.
//
// Never retried blindly: the API has no idempotency key, and a second
// invite for the same address is rejected (or, worse, a second email goes
// out). The client repeats it only when the request provably never left
// (DNS or dial failure) or the server answered 429 RATE_LIMIT_EXCEEDED
// (refused before acting). A 5xx or a connection lost after sending
// returns an error matching ErrOutcomeUnknown: look the invite up with
// Invite before sending again.
func (c *Client) CreateInvite(ctx context.Context, req InviteRequest) (InviteResult, error) {
	var out createInviteResponse
	r, err := c.do(ctx, call{op: "create invite", method: http.MethodPost, path: "/organization/invites",
		body: createInviteRequest{Email: req.Email, TeamID: req.TeamID}, out: &out})
	if err != nil {
		return InviteResult{}, fmt.Errorf("invite: %w", err)
	}
	if err := decodeOptional(r, "id", &out); err != nil {
		return InviteResult{}, fmt.Errorf("invite: %w", err)
	}
	res := InviteResult{ID: out.ID, Email: out.Input.Email, Link: out.Link, TeamID: str(out.TeamID), Message: out.Message}
	if res.Email == "" {
		res.Email = req.Email
	}
	return res, nil
}

// RevokeInvite revokes the invite for an email address. Not retried after
// it may have reached the server: a repeat would answer ALREADY_DELETED or
// NOT_FOUND for an invite this call did revoke.
func (c *Client) RevokeInvite(ctx context.Context, email string) error {
	var out messageResponse
	r, err := c.do(ctx, call{op: "revoke invite", method: http.MethodPost, path: "/organization/invites/revoke",
		body: emailRequest{Email: email}, out: &out})
	if err != nil {
		return fmt.Errorf("revoke invite: %w", err)
	}
	return decodeOptional(r, "message", &out)
}
