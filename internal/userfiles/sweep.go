package userfiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/shotdesk/shotdesk/internal/procs"
)

// MaxTempAge is the age after which Sweep removes a temp file or staging
// folder even though a process with its pid is running: pids are reused,
// and no export takes a day.
const MaxTempAge = 24 * time.Hour

// minIdle is how long a temp written on another computer (its name's host
// tag is not ours) must have been left unmodified before Sweep trusts that
// its pid is gone. A pid only means something on the machine that wrote
// it: in a shared network folder another machine's export in progress has
// a pid unknown here, but it keeps writing; a crashed writer's temp stops
// changing at once.
const minIdle = 10 * time.Minute

// Sweep removes the temp files and staging folders (TempName's names)
// directly in dir that a crashed or killed writer left behind: those whose
// process is no longer running (and that nothing has modified for ten
// minutes, in case the pid is another machine's), and those older than
// MaxTempAge whatever the pid. It touches nothing else — not a name that merely looks similar,
// not a symlink with such a name, not a subfolder's content unless the
// subfolder itself is a stale staging folder — and never a temp of a live
// process younger than MaxTempAge (the window and the command line may be
// writing into the same folder). A missing dir is nothing to sweep.
//
// removed counts what was removed; err joins the failures (the rest is
// still swept).
func Sweep(dir string) (removed int, err error) { return sweep(dir, minIdle) }

// SweepPrivate is Sweep for a folder only this computer's processes write
// into (the data dir): a dead pid is proof enough, so a killed writer's
// leftovers go at the next start instead of ten minutes later.
func SweepPrivate(dir string) (removed int, err error) { return sweep(dir, 0) }

func sweep(dir string, minIdle time.Duration) (removed int, err error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sweep %s: %w", dir, err)
	}
	now := time.Now()
	self := os.Getpid()
	var errs []error
	for _, e := range ents {
		pid, ok := parseTempName(e.Name())
		if !ok {
			continue
		}
		fi, err := e.Info() // Lstat: a symlink stays a symlink
		if err != nil {
			continue // gone meanwhile
		}
		if !fi.Mode().IsRegular() && !fi.IsDir() {
			continue // we never create anything else under such a name
		}
		age := now.Sub(fi.ModTime())
		idle := minIdle
		if writtenHere(e.Name()) {
			idle = 0 // this computer's pid: its liveness is the whole answer
		}
		if age <= MaxTempAge && (pid == self || age < idle || procs.Alive(pid)) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if fi.IsDir() {
			err = os.RemoveAll(p) // does not follow symlinks inside
		} else {
			err = os.Remove(p)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("sweep %s: %w", p, err))
			continue
		}
		removed++
	}
	return removed, errors.Join(errs...)
}
