package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
)

func init() {
	register("invite", "invite one email or a roster CSV (queued when offline)", runInvite)
}

func runInvite(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("invite", "(--email E | --csv FILE) [--team T] [--dry-run]", inv.Stderr)
	addEnvFlags(fs, e)
	email := fs.String("email", "", "one email address to invite")
	csvPath := fs.String("csv", "", "a roster CSV (columns: email, first name, last name, team; ',' ';' or tab)")
	team := fs.String("team", "", "team name or id for everyone invited (a roster's team column wins per row)")
	dryRun := fs.Bool("dry-run", false, "show what would be sent and send nothing")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	if (*email == "") == (*csvPath == "") {
		fmt.Fprintln(inv.Stderr, "shotdesk invite: give exactly one of --email or --csv")
		return ExitUsage
	}
	if err := e.resolve(); err != nil {
		return fail(inv, "invite", err)
	}
	st, err := e.openStore()
	if err != nil {
		return fail(inv, "invite", err)
	}
	defer st.Close()

	roster, err := loadRoster(*email, *csvPath)
	if err != nil {
		return fail(inv, "invite", err)
	}
	defaultTeam := ""
	if *team != "" {
		if defaultTeam, err = resolveTeam(ctx, st, *team); err != nil {
			return fail(inv, "invite", err)
		}
	}
	// "Already invited" is judged from the offline copy; the outbox checks
	// the server again before sending, so a stale cache cannot double-invite.
	existing := func(email string) bool {
		p, err := st.Person(ctx, email)
		return err == nil && p.Lifecycle != domain.LifecycleRevoked
	}
	sum := csvio.Summary(roster, existing)

	type planned struct {
		email, teamID string
	}
	var plan []planned
	var teamProblems []csvio.RowProblem
	for _, r := range sum.ToInvite {
		teamID := defaultTeam
		if r.Team != "" {
			id, err := resolveTeam(ctx, st, r.Team)
			if err != nil {
				teamProblems = append(teamProblems, csvio.RowProblem{Line: r.Line, Value: r.Team, Reason: "unknown team"})
				continue
			}
			teamID = id
		}
		plan = append(plan, planned{email: r.Email, teamID: teamID})
	}

	for _, p := range sum.Invalid {
		fmt.Fprintf(inv.Stderr, "line %d: %q: %s\n", p.Line, p.Value, p.Reason)
	}
	for _, p := range sum.Duplicates {
		fmt.Fprintf(inv.Stderr, "line %d: %q: %s\n", p.Line, p.Value, p.Reason)
	}
	for _, p := range teamProblems {
		fmt.Fprintf(inv.Stderr, "line %d: team %q: %s\n", p.Line, p.Value, p.Reason)
	}
	for _, r := range sum.Existing {
		fmt.Fprintf(inv.Stderr, "line %d: %s is already invited or a member; skipped\n", r.Line, r.Email)
	}
	problems := len(sum.Invalid) + len(sum.Duplicates) + len(teamProblems)
	summary := inviteSummary(len(plan), sum, teamProblems)

	if *dryRun {
		fmt.Fprintf(inv.Stdout, "Dry run, nothing sent: %s\n", summary)
		for _, p := range plan {
			fmt.Fprintf(inv.Stdout, "  would invite %s\n", p.email)
		}
		if problems > 0 {
			return ExitSomeFailed
		}
		return ExitOK
	}
	if len(plan) == 0 {
		fmt.Fprintf(inv.Stdout, "Nothing to send: %s\n", summary)
		if problems > 0 {
			return ExitSomeFailed
		}
		return ExitOK
	}

	s, _, closeAll, err := e.syncer(ctx)
	if err != nil {
		return fail(inv, "invite", err)
	}
	defer closeAll()
	ids := map[int64]string{}
	for _, p := range plan {
		id, err := s.QueueInvite(ctx, p.email, p.teamID)
		if err != nil {
			return fail(inv, "invite", err)
		}
		ids[id] = p.email
	}
	res, err := s.Replay(ctx)
	if err != nil {
		return fail(inv, "invite", err)
	}
	already := map[int64]bool{}
	for _, id := range res.AlreadyDone {
		already[id] = true
	}
	sent, existed, queued, attention := 0, 0, 0, 0
	for id, mail := range ids {
		it, err := st.OutboxItemByID(ctx, id)
		if err != nil {
			return fail(inv, "invite", err)
		}
		switch it.State {
		case store.OutboxDone:
			if already[id] {
				existed++
				fmt.Fprintf(inv.Stderr, "%s was already invited; nothing sent\n", mail)
			} else {
				sent++
			}
		case store.OutboxNeedsAttention:
			attention++
			fmt.Fprintf(inv.Stderr, "%s: not invited: %s\n", mail, it.LastError)
		default:
			queued++
		}
	}
	fmt.Fprintf(inv.Stdout, "Invites: %d sent, %d already invited, %d queued, %d need attention (of: %s)\n", sent, existed, queued, attention, summary)
	if res.Offline {
		fmt.Fprintln(inv.Stdout, "HeadshotPro is unreachable: queued invites are sent by the next 'shotdesk sync' or by the app when back online.")
	}
	if problems > 0 || attention > 0 {
		return ExitSomeFailed
	}
	return ExitOK
}

// inviteSummary says what the roster amounts to, with line numbers of the
// rows that will not be sent.
func inviteSummary(toInvite int, sum csvio.InviteSummary, teamProblems []csvio.RowProblem) string {
	parts := []string{fmt.Sprintf("%d to invite", toInvite)}
	if n := len(sum.Existing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d already invited", n))
	}
	add := func(what string, ps []csvio.RowProblem) {
		if len(ps) == 0 {
			return
		}
		lines := make([]string, 0, len(ps))
		for _, p := range ps {
			lines = append(lines, fmt.Sprint(p.Line))
		}
		parts = append(parts, fmt.Sprintf("%d %s (line %s)", len(ps), what, strings.Join(lines, ", ")))
	}
	add("invalid", sum.Invalid)
	add("duplicate", sum.Duplicates)
	add("with an unknown team", teamProblems)
	return strings.Join(parts, ", ")
}

// loadRoster turns --email or --csv into a parsed roster.
func loadRoster(email, path string) (csvio.Roster, error) {
	if email != "" {
		if err := csvio.ValidateEmail(domain.NormalizeEmail(email)); err != nil {
			return csvio.Roster{}, fmt.Errorf("%q is not a valid email address: %w", email, err)
		}
		return csvio.ParseRoster(strings.NewReader("email\n"+strings.TrimSpace(email)+"\n"), csvio.ImportOptions{})
	}
	f, err := os.Open(path)
	if err != nil {
		return csvio.Roster{}, fmt.Errorf("open roster: %w", err)
	}
	defer f.Close()
	r, err := csvio.ParseRoster(f, csvio.ImportOptions{})
	if err != nil {
		if errors.Is(err, csvio.ErrNoEmailColumn) {
			return r, fmt.Errorf("%s: no email column; name one of the columns \"email\"", path)
		}
		return r, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
