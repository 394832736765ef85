package cli

import (
	"context"
	"fmt"
)

var actionCommand = command{"action", "mark or unmark a member's shoot as actioned (local only)", runAction}

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
		return e.usage("--member is required")
	}
	d, done, err := e.desk(ctx, false)
	defer done()
	if err != nil {
		return e.fail(err)
	}
	p, err := d.SetActioned(ctx, *member, !*undo)
	if err != nil {
		return e.fail(err)
	}
	if *undo {
		fmt.Fprintf(inv.Stdout, "%s is no longer marked as actioned\n", p.Email)
	} else {
		fmt.Fprintf(inv.Stdout, "%s marked as actioned\n", p.Email)
	}
	return ExitOK
}
