package csvio

import (
	"fmt"
	"io"
	"iter"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// ExportStatusFile writes the status CSV to path atomically and returns the
// number of rows written. An existing file is replaced: the save dialog
// already confirmed the overwrite (the CLI says it replaced one). The data
// goes to a temp file beside path, is fsynced, then renamed over path, so
// the old content stays intact until the rename; a replaced file keeps its
// permission bits, a new one follows the user's umask. A symlink, FIFO,
// device or folder at path is refused (userfiles.ErrNotRegular), never
// written through. On any error, including one yielded by rows, the temp
// file is removed and path is left as it was.
func ExportStatusFile(path string, rows iter.Seq2[StatusRow, error], opts ExportOptions) (int, error) {
	var n int
	err := userfiles.WriteExact(path, func(w io.Writer) (err error) {
		n, err = WriteStatus(w, rows, opts)
		return err
	}, userfiles.Replace)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", path, err)
	}
	return n, nil
}
