package bundle

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// folderSink writes the same layout as the ZIP into a hidden staging folder
// beside the target; commit has it fsynced and renamed to the target in one
// step, so the target folder appears complete or not at all, and never
// merges into an existing folder (a taken name gets " (2)"). Folders are
// created 0777 and files 0666, so the user's umask decides, as for the ZIP.
type folderSink struct {
	tg      target
	staging string
	dirs    map[string]bool // subfolders created (slash paths)
	buf     []byte
	done    bool
	removed bool
}

func newFolderSink(tg target) (*folderSink, error) {
	dir, err := userfiles.StagingDir(tg.dir, tg.name)
	if err != nil {
		return nil, fmt.Errorf("create temp folder: %w", err)
	}
	return &folderSink{tg: tg, staging: dir, dirs: map[string]bool{}, buf: make([]byte, copyBufSize)}, nil
}

func (s *folderSink) add(name string, r io.Reader, size int64, modified time.Time) (int64, error) {
	if dir, _ := filepath.Split(filepath.FromSlash(name)); dir != "" && !s.dirs[dir] {
		if err := os.Mkdir(filepath.Join(s.staging, dir), 0o777); err != nil {
			return 0, err
		}
		s.dirs[dir] = true
	}
	path := filepath.Join(s.staging, filepath.FromSlash(name))
	// O_EXCL: the namer already made names unique; this is the last guard
	// against overwriting one file with another.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return 0, err
	}
	n, err := io.CopyBuffer(f, readerOnly{r}, s.buf)
	if err == nil {
		err = f.Sync() // durable before the folder is published
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if !modified.IsZero() {
		_ = os.Chtimes(path, modified, modified) // cosmetic: match the ZIP's entry times
	}
	return n, nil
}

// commit publishes the staging folder; userfiles syncs its folders first
// (every file was synced as it was written).
func (s *folderSink) commit(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	path, err := s.tg.publish(s.staging)
	if err != nil {
		return "", err
	}
	s.done = true
	return path, nil
}

// abort removes the staging folder. It was created by StagingDir for this
// export and holds only what the export wrote, so removing it whole is safe.
func (s *folderSink) abort() {
	if s.done || s.removed {
		return
	}
	s.removed = true
	_ = os.RemoveAll(s.staging)
}
