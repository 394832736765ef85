package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/syncer"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var syncCommand = command{"sync", "send queued actions, pull the organization into the offline cache, download photos for offline use", runSync}

func runSync(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("sync", "[--allow-mass-deletion] [--no-photos] [--data-dir DIR] [--api-url URL]", inv.Stderr)
	addEnvFlags(fs, e)
	allowMass := fs.Bool("allow-mass-deletion", false, "apply the sync even if it removes most people from the offline copy")
	noPhotos := fs.Bool("no-photos", false, "do not download favorites and thumbnails for offline use")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	d, done, err := e.desk(ctx, true)
	defer done()
	if err != nil {
		return e.fail(err)
	}

	// Queued actions first: an invite sent now shows up in this pull.
	replay, err := d.Sender.SendQueued(ctx)
	if err != nil {
		return e.fail(err)
	}
	if replay.Sent+replay.NeedsAttention+replay.Retrying > 0 {
		already := len(replay.AlreadyDone)
		fmt.Fprintf(inv.Stdout, "Queued actions: %d sent, %d already done on HeadshotPro, %d need attention, %d will be retried\n",
			replay.Sent-already, already, replay.NeedsAttention, replay.Retrying)
	}

	var res syncer.Result
	var syncErr error
	rep := runJob(ctx, inv.Stderr, "sync", func(ctx context.Context, t *jobs.Tracker) error {
		res, syncErr = d.Syncer.Sync(ctx, t, syncer.Options{AllowMassDeletion: *allowMass})
		return syncErr
	})
	if rep.State != jobs.StateSucceeded {
		if rep.State == jobs.StateCancelled {
			fmt.Fprintln(inv.Stderr, "shotdesk sync: cancelled; the offline copy is unchanged")
			return ExitError
		}
		code := e.fail(syncErr)
		if errors.Is(syncErr, syncer.ErrMassDeletion) {
			fmt.Fprintln(inv.Stderr, "If the organization really shrank, run again with --allow-mass-deletion.")
		}
		return code
	}
	fmt.Fprintf(inv.Stdout, "Synced: %s\n", res)

	if *noPhotos {
		return ExitOK
	}
	var pre syncer.PrefetchResult
	var preErr error
	rep = runJob(ctx, inv.Stderr, "prefetch", func(ctx context.Context, t *jobs.Tracker) error {
		pre, preErr = d.Syncer.Prefetch(ctx, t)
		return preErr
	})
	fmt.Fprintf(inv.Stdout, "Photos for offline use: %d downloaded (%s), %d already cached, %d failed\n", pre.Fetched, formatBytes(pre.Bytes), pre.AlreadyCached, pre.Failed)
	for _, f := range rep.Failures {
		fmt.Fprintf(inv.Stderr, "  %s: %s\n", f.Item, f.Reason)
	}
	switch {
	case rep.State == jobs.StateCancelled || ctx.Err() != nil:
		// Interrupted (Ctrl-C, SIGTERM): the people are synced, the photos
		// are not all there, and a script must not take that for success.
		missing := rep.Total - rep.Done
		fmt.Fprintf(inv.Stderr, "shotdesk sync: interrupted; %d of %d photos for offline use are not downloaded yet: run 'shotdesk sync' again\n", max(missing, 0), rep.Total)
		return ExitError
	case rep.State == jobs.StateFailed:
		fmt.Fprintf(inv.Stderr, "shotdesk sync: %s\n", workflow.Explain(preErr, "Downloading photos for offline use failed").Message)
		return ExitSomeFailed
	case rep.Failed > 0:
		return ExitSomeFailed
	}
	return ExitOK
}
