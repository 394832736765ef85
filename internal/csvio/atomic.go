package csvio

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// ExportStatusFile writes the status CSV to path atomically and returns the
// number of rows written. The data goes to a temp file beside path (same
// filesystem, so the rename is atomic), is fsynced, then renamed over path.
// An existing file is replaced: the save dialog already confirmed the
// overwrite, and the old content stays intact until the rename. On any error,
// including one yielded by rows, the temp file is removed and path is left
// as it was. New files are created 0600: they hold staff emails.
func ExportStatusFile(path string, rows iter.Seq2[StatusRow, error], opts ExportOptions) (int, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", path, err)
	}
	tmp := f.Name()
	committed := false
	defer func() {
		if !committed {
			f.Close() // may already be closed; the error is irrelevant then
			os.Remove(tmp)
		}
	}()

	n, err := WriteStatus(f, rows, opts)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", path, err)
	}
	// Sync before rename: otherwise a crash can leave a renamed, empty file.
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("export %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("export %s: close: %w", path, err)
	}
	if err := renameRetry(tmp, path); err != nil {
		return 0, fmt.Errorf("export %s: %w", path, err)
	}
	committed = true
	syncDir(filepath.Dir(path))
	return n, nil
}

// renameRetry renames, retrying for about two seconds on Windows, where the
// target may be briefly open without delete sharing (Explorer preview,
// antivirus scanning the previous export).
func renameRetry(from, to string) error {
	err := os.Rename(from, to)
	if err == nil || runtime.GOOS != "windows" {
		return err
	}
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if err = os.Rename(from, to); err == nil {
			return nil
		}
	}
	return err
}

// syncDir persists the rename itself on Unix. Best effort: the file content
// is already durable, and Windows cannot open a directory for syncing.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
