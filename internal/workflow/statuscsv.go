package workflow

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// StatusCSVRequest is one status CSV export.
type StatusCSVRequest struct {
	Team string // id or name; "" = everyone
	// View narrows the file to what a list shows (its status tab, search,
	// hidden actioned shoots and order); its TeamID is ignored (Team says
	// the team). The zero View is everybody, as the dashboard's export
	// ("all members regardless of status").
	View View
	// Path is the exact file to write. An existing regular file is replaced
	// only with Replace (the save dialog asked; the command line says so);
	// a link, device, pipe or folder there is always refused.
	Path    string
	Replace bool
	// Dir receives team-status-YYYY-MM-DD.csv, numbered " (2)" when taken,
	// when Path is "" ("" = the user's Downloads folder).
	Dir string
	// Offline uses the offline copy as it is.
	Offline bool
}

// StatusCSVResult says what was written.
type StatusCSVResult struct {
	Path      string
	Rows      int
	Replaced  bool // an earlier file at Path was replaced
	Freshness Freshness
}

// ExportStatusCSV refreshes the offline copy (unless Offline) and writes
// the status CSV: Team Name, Email, Title, Status, Finished Date, then
// Shotdesk's extra columns; UTF-8 with BOM, CRLF, formula-safe. The file
// appears complete or not at all.
func (d *Desk) ExportStatusCSV(ctx context.Context, req StatusCSVRequest) (StatusCSVResult, error) {
	var res StatusCSVResult
	if _, err := ViewQuery(req.View); err != nil {
		return res, err
	}
	if req.Path != "" {
		// Refuse a bad target before the refresh costs anything.
		if err := userfiles.CheckTarget(req.Path); err != nil {
			return res, fileError(err, req.Path)
		}
		if !req.Replace {
			if _, err := os.Lstat(req.Path); err == nil {
				return res, newError(KindInvalidInput, nil, "%s already exists. Choose another name (files are never overwritten without asking).", req.Path)
			}
		}
	}
	fresh, err := d.Freshen(ctx, req.Offline, nil)
	res.Freshness = fresh
	if err != nil {
		return res, err
	}
	teamID, err := d.ResolveTeam(ctx, req.Team)
	if err != nil {
		return res, err
	}
	view := req.View
	view.TeamID = teamID
	q, err := ViewQuery(view)
	if err != nil {
		return res, err
	}
	now := d.now()
	opts := csvio.ExportOptions{Now: now}
	if req.Path != "" {
		d.sweepOutput(filepath.Dir(req.Path))
	} else if req.Dir != "" {
		d.sweepOutput(req.Dir)
	}
	write := func(w io.Writer) error {
		n, err := csvio.WriteStatus(w, csvio.QueryRows(ctx, d.Store, q), opts)
		res.Rows = n
		return err
	}
	if req.Path != "" {
		_, statErr := os.Lstat(req.Path)
		var opt []userfiles.Option
		if req.Replace {
			opt = append(opt, userfiles.Replace)
		}
		err = userfiles.WriteExact(req.Path, write, opt...)
		res.Path, res.Replaced = req.Path, err == nil && statErr == nil
	} else {
		dir := req.Dir
		if dir == "" {
			dir = DefaultExportDir()
		}
		res.Path, err = userfiles.WriteNew(dir, csvio.DefaultStatusFileName(now), write)
	}
	if err != nil {
		res.Rows = 0
		return res, fileError(err, req.Path)
	}
	return res, nil
}

// fileError puts a problem writing a file the user receives into words.
func fileError(err error, path string) error {
	switch {
	case errors.Is(err, context.Canceled):
		return Explain(err, "")
	case errors.Is(err, userfiles.ErrNotRegular):
		return newError(KindInvalidInput, err, "%s.", sentence(err.Error()))
	case errors.Is(err, userfiles.ErrExists):
		return newError(KindInvalidInput, err, "%s.", sentence(err.Error()))
	case errors.Is(err, os.ErrPermission):
		return newError(KindInvalidInput, err, "Shotdesk may not write there. Choose another folder.")
	case errors.Is(err, os.ErrNotExist):
		return newError(KindInvalidInput, err, "The folder to write into does not exist. Choose another one.")
	}
	var we *Error
	if errors.As(err, &we) {
		return we
	}
	what := "Writing the file failed"
	if path != "" {
		what = "Writing " + path + " failed"
	}
	return Explain(err, what)
}
