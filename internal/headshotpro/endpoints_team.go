package headshotpro

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// ListMembers returns one page of GET /organization/team.
func (c *Client) ListMembers(ctx context.Context, f MemberFilter, p PageRequest) (Page[domain.Member], error) {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	var out memberListResponse
	r, err := c.do(ctx, call{op: "list members", method: http.MethodGet, path: "/organization/team",
		query: pageQuery(q, p), idempotent: true, out: &out})
	if err != nil {
		return Page[domain.Member]{}, fmt.Errorf("list members: %w", err)
	}
	if err := decode(r, "members", &out); err != nil {
		return Page[domain.Member]{}, fmt.Errorf("list members: %w", err)
	}
	items := make([]domain.Member, 0, len(out.Members))
	for _, w := range out.Members {
		items = append(items, toMember(w, ""))
	}
	return toPage(items, out.Pagination, p), nil
}

// Members iterates over every member matching f, following hasMore with
// pages of MaxPageSize. Stop early by breaking out of the loop.
func (c *Client) Members(ctx context.Context, f MemberFilter) iter.Seq2[domain.Member, error] {
	return paginate(ctx, "list members", MaxPageSize, func(ctx context.Context, p PageRequest) (Page[domain.Member], error) {
		return c.ListMembers(ctx, f, p)
	})
}

// AcceptedMembers lists members who joined but have not started
// (GET /organization/team/accepted; not paginated).
func (c *Client) AcceptedMembers(ctx context.Context) (MemberList, error) {
	return c.memberBucket(ctx, domain.MemberAccepted)
}

// PendingMembers lists members in onboarding or generation.
func (c *Client) PendingMembers(ctx context.Context) (MemberList, error) {
	return c.memberBucket(ctx, domain.MemberPending)
}

// FinishedMembers lists members whose headshots are ready.
func (c *Client) FinishedMembers(ctx context.Context) (MemberList, error) {
	return c.memberBucket(ctx, domain.MemberFinished)
}

// memberBucket serves the three summary lists. Their items omit status, so
// the endpoint's status fills it in.
func (c *Client) memberBucket(ctx context.Context, st domain.MemberStatus) (MemberList, error) {
	op := "list " + string(st) + " members"
	var out memberCountResponse
	r, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/organization/team/" + string(st), idempotent: true, out: &out})
	if err != nil {
		return MemberList{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := decode(r, "members", &out); err != nil {
		return MemberList{}, fmt.Errorf("%s: %w", op, err)
	}
	ml := MemberList{Members: make([]domain.Member, 0, len(out.Members)), Count: len(out.Members)}
	for _, w := range out.Members {
		ml.Members = append(ml.Members, toMember(w, st))
	}
	if out.Count != nil {
		ml.Count = *out.Count
	}
	return ml, nil
}
