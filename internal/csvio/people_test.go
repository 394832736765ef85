package csvio

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/store"
)

// fakePeople is an in-memory PeopleSource: n people, then err (if any),
// counting the readers still inside ExportPeople.
type fakePeople struct {
	n         int
	err       error
	reading   chan struct{} // one token per reader inside the loop
	ignoreCtx bool          // like a cursor that notices nothing
}

func (f *fakePeople) ExportPeople(ctx context.Context, _ store.PeopleQuery) iter.Seq2[*store.Person, error] {
	return func(yield func(*store.Person, error) bool) {
		f.reading <- struct{}{}
		defer func() { <-f.reading }()
		var p store.Person
		for i := range f.n {
			if ctx.Err() != nil && !f.ignoreCtx {
				yield(nil, ctx.Err())
				return
			}
			p.Email = fmt.Sprintf("p%06d@x.test", i)
			if !yield(&p, nil) {
				return
			}
		}
		if f.err != nil {
			yield(nil, f.err)
		}
	}
}

func newFake(n int, err error) *fakePeople {
	return &fakePeople{n: n, err: err, reading: make(chan struct{}, 1)}
}

// Rows come out in the source's order across many batches, each once,
// although the source reuses one Person for every row.
func TestQueryRowsKeepsOrderAcrossBatches(t *testing.T) {
	const n = rowBatch*(readAhead+3) + 17
	i := 0
	for row, err := range QueryRows(context.Background(), newFake(n, nil), store.PeopleQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("p%06d@x.test", i); row.Email != want {
			t.Fatalf("row %d is %s, want %s", i, row.Email, want)
		}
		i++
	}
	if i != n {
		t.Fatalf("%d rows, want %d", i, n)
	}
}

// A read error after some rows reaches the writer after those rows, so
// WriteStatus stops and the atomic file write discards the file.
func TestQueryRowsReadErrorComesLast(t *testing.T) {
	boom := errors.New("disk I/O error")
	rows, err := WriteStatus(discard{}, QueryRows(context.Background(), newFake(rowBatch+5, boom), store.PeopleQuery{}), ExportOptions{})
	if !errors.Is(err, boom) || rows != rowBatch+5 {
		t.Fatalf("WriteStatus = %d rows, %v; want %d rows then the read error", rows, err, rowBatch+5)
	}
}

// A writer that stops early (a failed disk write) or a cancelled export
// leaves no reader behind: the read transaction is over when QueryRows
// returns.
func TestQueryRowsStopsItsReader(t *testing.T) {
	src := newFake(100*rowBatch, nil)
	before := runtime.NumGoroutine()
	n := 0
	for _, err := range QueryRows(context.Background(), src, store.PeopleQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if len(src.reading) != 0 {
		t.Fatal("the reader is still inside ExportPeople after the loop ended")
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, gotErr := readUntilError(ctx, src, func(n int) {
		if n == 10 {
			cancel()
		}
	})
	if !errors.Is(gotErr, context.Canceled) {
		t.Fatalf("a cancelled export ended with %v after %d rows, want context.Canceled", gotErr, n)
	}
	if len(src.reading) != 0 {
		t.Fatal("the reader is still inside ExportPeople after a cancel")
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Fatalf("%d goroutines after, %d before", g, before)
	}
}

// A cancel that reaches the reader while it waits for the writer ends the
// export with the cancel, never as if every row had been read.
func TestQueryRowsCancelWhileWaiting(t *testing.T) {
	for range 20 {
		src := newFake(100*rowBatch, nil)
		src.ignoreCtx = true
		ctx, cancel := context.WithCancel(context.Background())
		n, gotErr := readUntilError(ctx, src, func(n int) {
			if n == 1 {
				cancel()
				time.Sleep(time.Millisecond) // the reader is blocked on a full hand-over
			}
		})
		cancel()
		if !errors.Is(gotErr, context.Canceled) || n >= 100*rowBatch {
			t.Fatalf("after a cancel: %d rows, %v; want fewer than all, then context.Canceled", n, gotErr)
		}
	}
}

// readUntilError reads QueryRows of src until it ends or yields an
// error, calling afterRow with the count after each row; it returns the
// rows read and the error (nil when all were read).
func readUntilError(ctx context.Context, src *fakePeople, afterRow func(n int)) (int, error) {
	n := 0
	for _, err := range QueryRows(ctx, src, store.PeopleQuery{}) {
		if err != nil {
			return n, err
		}
		n++
		afterRow(n)
	}
	return n, nil
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }
