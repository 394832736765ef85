package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var membersCommand = command{"members", "list people from the offline cache (works offline)", runMembers}

// memberJSON is the --json shape: stable keys, RFC 3339 times, no URLs.
type memberJSON struct {
	Email        string `json:"email"`
	Name         string `json:"name"`
	MemberID     string `json:"memberId,omitempty"`
	Team         string `json:"team"`
	TeamID       string `json:"teamId,omitempty"`
	Status       string `json:"status"` // lifecycle label; an unknown API status as-is
	CSVStatus    string `json:"csvStatus"`
	ModelID      string `json:"modelId,omitempty"`
	Title        string `json:"title,omitempty"`
	HasFavorite  bool   `json:"hasFavorite"`
	Actioned     bool   `json:"actioned"`
	ActionedAt   string `json:"actionedAt,omitempty"`
	FinishedAt   string `json:"finishedAt,omitempty"`
	Shoots       int    `json:"shoots"`
	InviteStatus string `json:"inviteStatus,omitempty"`
	ModelStatus  string `json:"modelStatus,omitempty"`
}

func runMembers(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("members", "[--status S] [--team T] [--search Q] [--json] [--sort name|latest|actioned]", inv.Stderr)
	addEnvFlags(fs, e)
	status := fs.String("status", "", "finished (favorite picked), no-favorite, finished-shoots (both), joined (not finished: no-photos + generating), failed, invited, deleted, revoked, actioned or unknown")
	team := fs.String("team", "", "team name or id")
	search := fs.String("search", "", "match name, email or shoot title")
	asJSON := fs.Bool("json", false, "print a JSON array")
	sort := fs.String("sort", store.SortName, "name (by email, as the dashboard), latest or actioned")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	lc, err := workflow.StatusFilter(*status)
	if err != nil {
		return e.usage("unknown --status %q (use finished, no-favorite, finished-shoots, joined, no-photos, generating, failed, invited, deleted, revoked, actioned or unknown)", *status)
	}
	switch *sort {
	case store.SortName, store.SortLatest, store.SortActioned:
	default:
		return e.usage("unknown --sort %q (use name, latest or actioned)", *sort)
	}
	// Everyone, not one page: a script wants the whole list.
	q := store.PeopleQuery{Search: strings.TrimSpace(*search), Sort: *sort, Lifecycle: lc}
	d, done, err := e.desk(ctx, false)
	defer done()
	if err != nil {
		return e.fail(err)
	}
	if q.TeamID, err = d.ResolveTeam(ctx, *team); err != nil {
		return e.fail(err)
	}
	page, err := d.Store.People(ctx, q) // not Desk.People: no page limit here
	if err != nil {
		return e.fail(err)
	}
	now := time.Now()
	last, _ := d.Store.LastSync(ctx)
	age := "offline copy from " + workflow.DescribeAge(last, now)
	if last.IsZero() {
		age = "the offline copy has never been synced: run 'shotdesk sync'"
	}
	fmt.Fprintf(inv.Stderr, "%d people — %s\n", page.Total, age)
	if *asJSON {
		out := make([]memberJSON, 0, len(page.Items))
		for _, p := range page.Items {
			out = append(out, toMemberJSON(p, now))
		}
		enc := json.NewEncoder(inv.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return e.fail(err)
		}
		return ExitOK
	}
	tw := tabwriter.NewWriter(inv.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tTEAM\tSTATUS\tFINISHED\tACTIONED")
	for _, p := range page.Items {
		actioned := ""
		if p.Actioned {
			actioned = p.ActionedAt.Local().Format("2006-01-02")
		}
		f := workflow.FactsOf(p, now)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(p.Email), cell(f.Name), cell(p.TeamName), cell(f.Status), date(p.FinishedAt), actioned)
	}
	if err := tw.Flush(); err != nil {
		return e.fail(err)
	}
	return ExitOK
}

func toMemberJSON(p store.Person, now time.Time) memberJSON {
	f := workflow.FactsOf(p, now)
	m := memberJSON{
		Email: p.Email, Name: f.Name, MemberID: p.MemberID, Team: p.TeamName, TeamID: p.TeamID,
		Status: f.Status, CSVStatus: string(f.CSVStatus), ModelID: p.ModelID, Title: p.ModelTitle,
		HasFavorite: p.HasFavorite, Actioned: p.Actioned, Shoots: p.ShootCount,
		InviteStatus: string(p.InviteStatus), ModelStatus: string(p.ModelStatus),
	}
	if p.Actioned {
		m.ActionedAt = p.ActionedAt.UTC().Format(time.RFC3339)
	}
	if !p.FinishedAt.IsZero() {
		m.FinishedAt = p.FinishedAt.UTC().Format(time.RFC3339)
	}
	return m
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02")
}

// cell keeps a table cell on one line: names from the server may hold tabs
// or newlines.
func cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
