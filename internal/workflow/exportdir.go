package workflow

import (
	"path/filepath"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// DefaultExportDir is where exports go when nobody chose a folder: the
// user's Downloads folder (the XDG one on Linux), else the home folder,
// else the current folder. Resolved on every call, so a Downloads folder
// created while the app runs is used.
func DefaultExportDir() string {
	if dir := userfiles.DefaultExportDir(); dir != "" {
		return dir
	}
	return "."
}

// sweepLeftovers removes the temp files and folders a crashed or killed
// writer (an export, a settings save) left in the data dir and the default
// export folder. A file of a process still running is never touched, so
// the window and the command line may start while the other works. The
// export folder may be shared with other computers, whose writers' pids
// mean nothing here: there a leftover must also have been idle a while.
func (d *Desk) sweepLeftovers() {
	for _, dir := range []string{d.DataDir, filepath.Join(d.DataDir, "logs")} {
		if n, err := userfiles.SweepPrivate(dir); n > 0 || err != nil {
			d.Logger.Info("removed leftovers of an interrupted write", "dir", dir, "removed", n, "err", err)
		}
	}
	d.sweepOutput(DefaultExportDir())
}

// sweepOutput sweeps the folder an export is about to write into, for
// leftovers of an earlier interrupted export there.
func (d *Desk) sweepOutput(dir string) {
	if n, err := userfiles.Sweep(dir); n > 0 || err != nil {
		d.Logger.Info("removed leftovers of an interrupted export", "dir", dir, "removed", n, "err", err)
	}
}
