package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var exportCSVCommand = command{"export-csv", "write the team status CSV (refreshed first when online; --offline for the cache as it is)", runExportCSV}

func runExportCSV(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("export-csv", "[--team T] [--status S] [--search Q] [--out FILE.csv|DIR] [--offline] [--data-dir DIR]", inv.Stderr)
	addEnvFlags(fs, e)
	team := fs.String("team", "", "only this team (name or id)")
	status := fs.String("status", "", "only people in this state: finished, no-favorite, generating, joined, invited, deleted, revoked, actioned or unknown (default: everyone)")
	search := fs.String("search", "", "only people whose name, email or shoot title contains this")
	out := fs.String("out", "", "file to write (an existing file is replaced, and said so), or an existing folder for team-status-YYYY-MM-DD.csv (default: the current folder; numbered when taken)")
	offline := fs.Bool("offline", false, "use the offline copy as it is, without refreshing it first")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	if _, err := workflow.StatusFilter(*status); err != nil {
		return e.usage("unknown --status %q (use finished, no-favorite, generating, joined, invited, deleted, revoked, actioned or unknown)", *status)
	}
	// Naming a file (or a folder for the dated name) on the command line is
	// the request to write it: an earlier regular file there is replaced,
	// and said so; a link, device or pipe there is refused.
	req := workflow.StatusCSVRequest{Team: *team, Offline: *offline, Replace: true, View: workflow.View{Status: *status, Search: *search}}
	name := csvio.DefaultStatusFileName(time.Now())
	switch info, err := os.Stat(*out); {
	case *out == "":
		req.Path, _ = filepath.Abs(name)
	case err == nil && info.IsDir():
		req.Path, _ = filepath.Abs(filepath.Join(*out, name))
	case strings.HasSuffix(*out, "/") || strings.HasSuffix(*out, string(filepath.Separator)):
		return e.usage("--out %s: no such folder", *out)
	default:
		abs, err := filepath.Abs(*out)
		if err != nil {
			return e.usage("--out %s: %v", *out, err)
		}
		if info, err := os.Stat(filepath.Dir(abs)); err != nil || !info.IsDir() {
			return e.fail(workflow.Invalid("Cannot write %s: the folder %s does not exist.", abs, filepath.Dir(abs)))
		}
		req.Path = abs
	}
	d, done, err := e.desk(ctx, false)
	defer done()
	if err != nil {
		return e.fail(err)
	}
	res, err := d.ExportStatusCSV(ctx, req)
	if err != nil {
		return e.fail(err)
	}
	if res.Replaced {
		fmt.Fprintf(inv.Stderr, "replaced the existing %s\n", res.Path)
	}
	if note := res.Freshness.Note; note != "" {
		fmt.Fprintln(inv.Stderr, "note: "+note)
	} else {
		fmt.Fprintln(inv.Stderr, "offline copy from "+workflow.DescribeAge(res.Freshness.LastSync, time.Now())+", refreshed just now")
	}
	path, _ := filepath.Abs(res.Path)
	rows := "rows"
	if res.Rows == 1 {
		rows = "row"
	}
	fmt.Fprintf(inv.Stdout, "%s: %d %s\n", path, res.Rows, rows)
	return ExitOK
}
