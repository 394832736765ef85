package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var publishCommand = command{"publish", "put everyone's new profile picture into a directory (Entra ID, Google Workspace, BambooHR, or the demo directory)", runPublish}

func runPublish(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	names := strings.Join(workflow.TargetNames(), "|")
	fs := newFlagSet("publish", "--to "+names+" [--team T] [--dry-run] [--report FILE.csv] [--offline]\n       shotdesk publish --to TARGET --runs | --revert EMAIL | --revert-run RUN", inv.Stderr)
	addEnvFlags(fs, e)
	to := fs.String("to", "", "the directory: "+strings.Join(workflow.TargetNames(), ", ")+" (credentials from the environment, see the README, else those stored by the window)")
	team := fs.String("team", "", "team name or id (default: everyone)")
	dryRun := fs.Bool("dry-run", false, "only show the match report: nothing is written to the directory")
	report := fs.String("report", "", "also write the match report as CSV to this file (it must not exist), or into this folder")
	offline := fs.Bool("offline", false, "match against the offline copy as it is (no refresh from HeadshotPro first)")
	runs := fs.Bool("runs", false, "list the earlier runs to the directory")
	revert := fs.String("revert", "", "put back the photo this person (email) had before Shotdesk published theirs")
	revertRun := fs.String("revert-run", "", "put back the photos of everyone a run (id from --runs) published")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	if *to == "" {
		return e.usage("say where to publish with --to %s", names)
	}
	if modes := btoi(*runs) + btoi(*revert != "") + btoi(*revertRun != ""); modes > 1 || (modes == 1 && (*dryRun || *report != "")) {
		return e.usage("--runs, --revert and --revert-run each go alone (without --dry-run or --report)")
	}
	d, done, err := e.desk(ctx, false)
	defer done()
	if err != nil {
		return e.fail(err)
	}
	fields := map[string]string{}
	if workflow.NeedsCredentials(*to) {
		creds := workflow.TargetCredentials{Secrets: config.TargetSecrets{Dir: e.dataDir, Keychain: true}}
		if fields, err = creds.Load(ctx, *to); err != nil {
			fmt.Fprintln(inv.Stderr, "note: "+workflow.Explain(err, "").Message)
		}
	}
	target, err := d.OpenTarget(ctx, *to, workflow.TargetSource{Fields: fields, Getenv: e.getenv})
	if err != nil {
		if workflow.KindOf(err) == workflow.KindInvalidInput {
			return e.usage("%s", workflow.Explain(err, "").Message)
		}
		return e.fail(err)
	}
	info := target.Info()
	switch {
	case *runs:
		return printRuns(ctx, e, d, info)
	case *revert != "" || *revertRun != "":
		var res publish.RevertResult
		var rerr error
		rep := runJob(ctx, inv.Stderr, "revert", func(ctx context.Context, t *jobs.Tracker) error {
			res, rerr = d.RevertPublish(ctx, target, workflow.RevertRequest{RunID: *revertRun, Email: *revert}, t)
			return rerr
		})
		for _, f := range rep.Failures {
			fmt.Fprintf(inv.Stderr, "%s: %s\n", f.Item, f.Reason)
		}
		if rerr != nil {
			return e.fail(rerr)
		}
		fmt.Fprintf(inv.Stderr, "Reverted %d in %s (%d failed)\n", res.Reverted, info.Label, res.Failed)
		return someFailed(res.Failed > 0)
	}

	var out workflow.PublishOutcome
	var perr error
	rep := runJob(ctx, inv.Stderr, "publish", func(ctx context.Context, t *jobs.Tracker) error {
		out, perr = d.Publish(ctx, target, workflow.PublishRequest{Team: *team, DryRun: *dryRun, Offline: *offline}, t)
		return perr
	})
	for _, n := range out.Plan.Notes {
		fmt.Fprintln(inv.Stderr, "note: "+n)
	}
	if out.Plan.Rows != nil || out.Plan.Counts != nil {
		printPlan(e, out.Plan, *dryRun)
	}
	if *report != "" && out.Plan.Counts != nil {
		target := workflow.FileTarget{Path: *report}
		if isDir(*report) {
			target = workflow.FileTarget{Dir: *report}
		}
		path, err := workflow.SavePublishReport(out.Plan.Report, target)
		if err != nil {
			return e.fail(err)
		}
		fmt.Fprintln(inv.Stdout, path)
	}
	for _, f := range rep.Failures {
		fmt.Fprintf(inv.Stderr, "%s: %s\n", f.Item, f.Reason)
	}
	if perr != nil {
		return e.fail(perr)
	}
	if !*dryRun {
		fmt.Fprintf(inv.Stderr, "Published %d to %s (%d failed); run id %s\n", out.Sent, info.Label, out.Failed, out.RunID)
	}
	return someFailed(out.Failed > 0)
}

// printPlan writes the match report's counts, and in a dry run who will
// change.
func printPlan(e *env, plan workflow.PublishPlan, list bool) {
	w := e.inv.Stderr
	fmt.Fprintf(w, "%s — %s:\n", plan.Target.Label, plan.Target.Where)
	for _, s := range publish.Statuses {
		fmt.Fprintf(w, "  %-22s %d\n", workflow.StatusWords(s)+":", plan.Counts[s])
	}
	if !list {
		return
	}
	for _, r := range plan.Rows {
		if r.Status == publish.WillChange {
			fmt.Fprintf(e.inv.Stdout, "%s\t%s\n", workflow.StatusWords(r.Status), r.Email)
		}
	}
}

func printRuns(ctx context.Context, e *env, d *workflow.Desk, info publish.Info) int {
	runs, err := d.PublishRuns(ctx, info.Name)
	if err != nil {
		return e.fail(err)
	}
	if len(runs) == 0 {
		fmt.Fprintf(e.inv.Stderr, "Nothing was published to %s from this computer yet.\n", info.Label)
		return ExitOK
	}
	fmt.Fprintln(e.inv.Stdout, "RUN\tSTARTED\tPUBLISHED\tFAILED\tREVERTED")
	for _, r := range runs {
		fmt.Fprintf(e.inv.Stdout, "%s\t%s\t%d\t%d\t%d\n", r.ID, r.Started.Local().Format(time.DateTime), r.Published, r.Failed, r.Reverted)
	}
	return ExitOK
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
