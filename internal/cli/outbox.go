package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/shotdesk/shotdesk/internal/store"
)

var outboxCommand = command{"outbox", "list queued invites and team changes; retry or discard one", runOutbox}

func runOutbox(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("outbox", "[list | retry ID | discard ID]", inv.Stderr)
	addEnvFlags(fs, e)
	if err := fs.Parse(inv.Args); err != nil {
		return ExitUsage
	}
	verb, args := "list", fs.Args()
	if len(args) > 0 {
		verb, args = args[0], args[1:]
	}
	var id int64
	switch verb {
	case "list":
		if len(args) != 0 {
			return e.usage("list takes no argument")
		}
	case "retry", "discard":
		if len(args) != 1 {
			return e.usage("%s needs the item's ID (see 'shotdesk outbox list')", verb)
		}
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || n <= 0 {
			return e.usage("%q is not an item ID (a number from 'shotdesk outbox list')", args[0])
		}
		id = n
	default:
		return e.usage("unknown action %q (list, retry ID or discard ID)", verb)
	}
	d, done, err := e.desk(ctx, false)
	defer done()
	if err != nil {
		return e.fail(err)
	}
	switch verb {
	case "retry":
		if err := d.RetryAction(ctx, id); err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(inv.Stdout, "Item %d is queued again; 'shotdesk sync' sends it.\n", id)
		return ExitOK
	case "discard":
		if err := d.DiscardAction(ctx, id); err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(inv.Stdout, "Item %d was discarded.\n", id)
		return ExitOK
	}
	items, err := d.Outbox(ctx)
	if err != nil {
		return e.fail(err)
	}
	if len(items) == 0 {
		fmt.Fprintln(inv.Stdout, "Nothing is queued.")
		return ExitOK
	}
	tw := tabwriter.NewWriter(inv.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tQUEUED\tACTION\tPROBLEM")
	attention := false
	for _, q := range items {
		attention = attention || q.State == store.OutboxNeedsAttention
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", q.ID, q.State, q.CreatedAt.Local().Format("2006-01-02 15:04"), cell(q.Label), cell(q.Problem))
	}
	if err := tw.Flush(); err != nil {
		return e.fail(err)
	}
	return someFailed(attention)
}
