package csvio

import (
	"fmt"
	"strings"
)

// InviteSummary is what a bulk invite will do, for the preview screen.
type InviteSummary struct {
	ToInvite   []RosterRow
	Existing   []RosterRow // skipped: already invited or already members
	Invalid    []RowProblem
	Duplicates []RowProblem
}

// Summary splits r into invites to send and rows to skip. existing reports
// whether a normalised email is already invited or a member; nil means
// nobody is.
func Summary(r Roster, existing func(email string) bool) InviteSummary {
	s := InviteSummary{Invalid: r.Invalid, Duplicates: r.Duplicates}
	for _, row := range r.Rows {
		if existing != nil && existing(row.Email) {
			s.Existing = append(s.Existing, row)
		} else {
			s.ToInvite = append(s.ToInvite, row)
		}
	}
	return s
}

// String reads like "142 to invite, 3 already invited, 2 invalid (lines 7,
// 19), 1 duplicate (line 33)". Zero counts other than "to invite" are left
// out; at most five line numbers are listed.
func (s InviteSummary) String() string {
	parts := []string{fmt.Sprintf("%d to invite", len(s.ToInvite))}
	if n := len(s.Existing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d already invited", n))
	}
	if n := len(s.Invalid); n > 0 {
		parts = append(parts, fmt.Sprintf("%d invalid (%s)", n, lineList(s.Invalid)))
	}
	if n := len(s.Duplicates); n > 0 {
		word := "duplicates"
		if n == 1 {
			word = "duplicate"
		}
		parts = append(parts, fmt.Sprintf("%d %s (%s)", n, word, lineList(s.Duplicates)))
	}
	return strings.Join(parts, ", ")
}

func lineList(ps []RowProblem) string {
	const max = 5
	var b strings.Builder
	if len(ps) == 1 {
		b.WriteString("line ")
	} else {
		b.WriteString("lines ")
	}
	for i, p := range ps {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(ps)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", p.Line)
	}
	return b.String()
}
