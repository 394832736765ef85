package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shotdesk/shotdesk/internal/store"
)

func init() {
	register("action", "mark or unmark a member's shoot as actioned (local only)", runAction)
}

func runAction(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("action", "--member EMAIL|ID [--undo]", inv.Stderr)
	addEnvFlags(fs, e)
	member := fs.String("member", "", "the member's email or member id")
	undo := fs.Bool("undo", false, "remove the actioned mark")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	if *member == "" {
		fmt.Fprintln(inv.Stderr, "shotdesk action: --member is required")
		return ExitUsage
	}
	if err := e.resolve(); err != nil {
		return fail(inv, "action", err)
	}
	st, err := e.openStore()
	if err != nil {
		return fail(inv, "action", err)
	}
	defer st.Close()
	p, err := st.Person(ctx, *member)
	if errors.Is(err, store.ErrNotFound) {
		return fail(inv, "action", fmt.Errorf("no member %q in the offline copy (run 'shotdesk sync' if they joined recently)", *member))
	}
	if err != nil {
		return fail(inv, "action", err)
	}
	if p.ModelID == "" {
		return fail(inv, "action", fmt.Errorf("%s has no photo shoot yet, so there is nothing to mark as actioned", p.Email))
	}
	if err := st.SetActioned(ctx, p.ModelID, !*undo, time.Now()); err != nil {
		return fail(inv, "action", err)
	}
	if *undo {
		fmt.Fprintf(inv.Stdout, "%s is no longer marked as actioned\n", p.Email)
	} else {
		fmt.Fprintf(inv.Stdout, "%s marked as actioned\n", p.Email)
	}
	return ExitOK
}
