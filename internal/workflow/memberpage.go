package workflow

import (
	"context"
	"net/url"
	"strings"
)

// headshotProHost is the only host MemberPage links to.
const headshotProHost = "www.headshotpro.com"

// MemberPage is HeadshotPro's admin page of a member, where the actions
// the hosted API does not offer live (Give retry, Send access link,
// Restart shoot). The id must be a member in the offline copy; the URL is
// built here and only ever points at HeadshotPro.
func (d *Desk) MemberPage(ctx context.Context, memberID string) (string, error) {
	memberID = strings.TrimSpace(memberID)
	if memberID == "" {
		return "", invalid("This person has not joined yet, so HeadshotPro has no member page for them.")
	}
	p, err := d.Person(ctx, memberID)
	if err != nil {
		return "", err
	}
	if p.MemberID != memberID {
		return "", notFound("This member is not in the offline copy (any more). Sync to refresh it.")
	}
	target := memberPageURL(p.MemberID)
	if u, err := url.Parse(target); err != nil || u.Scheme != "https" || u.Host != headshotProHost {
		return "", invalid("Refusing to open a link outside HeadshotPro.")
	}
	return target, nil
}

func memberPageURL(memberID string) string {
	return "https://" + headshotProHost + "/app/admin/members/" + url.PathEscape(memberID) + "?tab=headshots"
}
