package bundle

import (
	"context"
	"io"
	"time"
)

// sink is where the writer goroutine puts files: a ZIP (zipwriter.go) or a
// folder (folder.go). Both write into a temporary location beside the target
// and publish it in one step at commit, so a cancelled or failed export
// leaves nothing at the target name. Not safe for concurrent use.
type sink interface {
	// add writes one file; name is a slash path (fs.ValidPath). It returns
	// the bytes copied from r.
	add(name string, r io.Reader, size int64, modified time.Time) (int64, error)
	// commit makes the output durable and moves it to the target without
	// replacing anything there, and returns the path it got.
	commit(ctx context.Context) (string, error)
	// abort removes the temporary output; safe after commit (no-op) and
	// more than once.
	abort()
}

// copyBufSize is the chunk size of entry copies: large enough that a 3 MB
// headshot is a few write calls, small enough to stay in cache.
const copyBufSize = 1 << 20

// readerOnly hides WriterTo/ReaderFrom so io.CopyBuffer uses our buffer
// (os.File's WriteTo falls back to a 32 KiB copy for non-socket targets).
type readerOnly struct{ io.Reader }
