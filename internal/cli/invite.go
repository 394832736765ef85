package cli

import (
	"context"
	"fmt"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var inviteCommand = command{"invite", "invite one email or a roster CSV (queued when offline)", runInvite}

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
		return e.usage("give exactly one of --email or --csv")
	}
	if err := e.resolve(); err != nil {
		return e.fail(err)
	}
	defer e.close()
	var roster csvio.Roster
	var source string
	var err error
	if *email != "" {
		if roster, source, err = workflow.OneEmail(*email); err != nil {
			return e.usage("%s", workflow.Explain(err, "").Message) // a bad --email is a usage error
		}
	} else if roster, source, err = workflow.ReadRosterFile(*csvPath); err != nil {
		return e.fail(err)
	}
	d, err := e.open(ctx, false)
	if err != nil {
		return e.fail(err)
	}
	defer d.Close()
	plan, err := d.PlanInvites(ctx, source, roster, *team)
	if err != nil {
		return e.fail(err)
	}
	for _, r := range plan.Rows {
		switch r.Status {
		case workflow.RowInvite:
		case workflow.RowExisting, workflow.RowQueued:
			fmt.Fprintf(inv.Stderr, "line %d: %s: %s; skipped\n", r.Line, r.Email, r.Reason)
		default:
			fmt.Fprintf(inv.Stderr, "line %d: %q: %s\n", r.Line, r.Email, r.Reason)
		}
	}
	list := plan.Invites()
	if *dryRun {
		fmt.Fprintf(inv.Stdout, "Dry run, nothing sent: %s\n", plan.Summary)
		for _, p := range list {
			fmt.Fprintf(inv.Stdout, "  would invite %s\n", p.Email)
		}
		return someFailed(plan.Problems > 0)
	}
	if len(list) == 0 {
		fmt.Fprintf(inv.Stdout, "Nothing to send: %s\n", plan.Summary)
		return someFailed(plan.Problems > 0)
	}
	res, err := d.SendInvites(ctx, list, nil)
	if err != nil {
		return e.fail(err)
	}
	for _, f := range res.Refused {
		fmt.Fprintf(inv.Stderr, "%s: not invited: %s\n", f.Item, f.Reason)
	}
	fmt.Fprintf(inv.Stdout, "Invites: %s (of: %s)\n", res.Summary, plan.Summary)
	switch {
	case !d.Online():
		fmt.Fprintln(inv.Stdout, "No API key: the invites are queued and sent by 'shotdesk sync' (with SHOTDESK_API_KEY set) or by the app.")
	case res.Offline:
		fmt.Fprintln(inv.Stdout, "HeadshotPro is unreachable: queued invites are sent by the next 'shotdesk sync' or by the app when back online.")
	}
	return someFailed(plan.Problems > 0 || len(res.Refused) > 0)
}

// someFailed is ExitSomeFailed when some items failed, else ExitOK.
func someFailed(failed bool) int {
	if failed {
		return ExitSomeFailed
	}
	return ExitOK
}
