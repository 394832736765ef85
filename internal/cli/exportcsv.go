package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/csvio"
)

func init() {
	register("export-csv", "write the team status CSV from the offline cache (works offline)", runExportCSV)
}

func runExportCSV(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("export-csv", "[--team T] [--out FILE.csv|DIR] [--data-dir DIR]", inv.Stderr)
	addEnvFlags(fs, e)
	team := fs.String("team", "", "only this team (name or id)")
	out := fs.String("out", "", "file to write, or an existing folder for the default name (default ./team-status-YYYY-MM-DD.csv)")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}
	if err := e.resolve(); err != nil {
		return fail(inv, "export-csv", err)
	}
	now := time.Now()
	path, err := statusCSVPath(*out, now)
	if err != nil {
		return fail(inv, "export-csv", err)
	}

	st, err := e.openStore()
	if err != nil {
		return fail(inv, "export-csv", err)
	}
	defer st.Close()
	// An empty cache would give a header-only file that looks like an
	// organization with nobody in it: refuse instead.
	last, err := st.LastSync(ctx)
	if err != nil {
		return fail(inv, "export-csv", fmt.Errorf("read the offline copy: %w", err))
	}
	if last.IsZero() {
		return fail(inv, "export-csv", errors.New("the offline copy is empty (never synced), so there is nothing to export: run 'shotdesk sync' first"))
	}
	teamID := ""
	if *team != "" {
		if teamID, err = resolveTeam(ctx, st, *team); err != nil {
			return fail(inv, "export-csv", err)
		}
	}

	_, statErr := os.Stat(path)
	n, err := csvio.ExportPeopleFile(ctx, path, st, teamID, csvio.ExportOptions{Now: now})
	if errors.Is(err, csvio.ErrChangedDuringExport) {
		return fail(inv, "export-csv", fmt.Errorf("%w (a sync kept running); try again", err))
	}
	if err != nil {
		return fail(inv, "export-csv", err)
	}
	if statErr == nil {
		fmt.Fprintf(inv.Stderr, "replaced the existing %s\n", path)
	}
	fmt.Fprintf(inv.Stderr, "%s\n", dataAge(ctx, st, time.Now()))
	rows := "rows"
	if n == 1 {
		rows = "row"
	}
	fmt.Fprintf(inv.Stdout, "%s: %d %s\n", path, n, rows)
	return ExitOK
}

// statusCSVPath turns --out into the file to write: empty means the default
// name in the current folder, an existing folder (or a path ending in a
// separator) gets the default name inside it. The result is absolute so the
// printed path can be opened from anywhere.
func statusCSVPath(out string, now time.Time) (string, error) {
	name := csvio.DefaultStatusFileName(now)
	if out == "" {
		out = name
	} else if info, err := os.Stat(out); err == nil && info.IsDir() {
		out = filepath.Join(out, name)
	} else if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) {
		return "", fmt.Errorf("--out %s: no such folder", out)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("--out %s: %w", out, err)
	}
	// Fail before reading the cache, with a message naming the folder,
	// rather than with CreateTemp's error about a hidden temp file.
	dir := filepath.Dir(abs)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", fmt.Errorf("cannot write %s: the folder %s does not exist", abs, dir)
	}
	return abs, nil
}
