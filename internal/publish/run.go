package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
)

// RenderFunc makes the photo a target receives for one person (the
// favorite in the saved PFP template at Limits.Side). Its errors should
// carry words (Fail).
type RenderFunc func(ctx context.Context, row Row) (Photo, error)

// Runner publishes to one target and reverts what it published.
type Runner struct {
	Target Target
	Store  *store.Store
	Kept   Kept
	Render RenderFunc
	Logger *slog.Logger
	Now    func() time.Time // default time.Now
	// Actor names who runs it in the log ("ana@laptop").
	Actor string
}

// Result is what a run did.
type Result struct {
	RunID  string
	Sent   int // photos now in the directory
	Failed int // people not sent (reasons in the job's failures and the log)
	// Stopped says in words why the run ended early (credentials or a
	// permission); "" when it ran to the end or was cancelled.
	Stopped string
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Publish sends the new photo of every WillChange row (others are left
// alone), as many at once as the target tolerates. For each person it
// reads the current photo first and keeps it, then uploads, then logs both;
// a person whose previous photo cannot be kept is not changed. Per-person
// failures go to t and the log; a StopError (credentials, permission) ends
// the run and is returned; cancelling ctx returns ctx.Err() with what was
// done so far logged.
func (r *Runner) Publish(ctx context.Context, runID string, rows []Row, t *jobs.Tracker) (Result, error) {
	res := Result{RunID: runID}
	var todo []Row
	for _, row := range rows {
		if row.Status == WillChange && row.PhotoID != "" && row.AccountID != "" {
			todo = append(todo, row)
		}
	}
	if t != nil {
		t.Phase("publishing", len(todo))
	}
	var mu sync.Mutex
	err := r.forEach(ctx, len(todo), func(ctx context.Context, i int) error {
		row := todo[i]
		sent, err := r.publishOne(ctx, runID, row)
		if ctx.Err() != nil && err != nil {
			return ctx.Err() // cancelled mid-person: not a failure of that person
		}
		mu.Lock()
		defer mu.Unlock()
		var stop *StopError
		switch {
		case errors.As(err, &stop):
			return err
		case err != nil:
			res.Failed++
			if t != nil {
				t.Fail(row.Email, Words(err))
			}
			r.logger().Warn("publish failed", "target", r.Target.Info().Name, "member", row.MemberID, "err", err)
		default:
			res.Sent++
		}
		if t != nil {
			t.Add(1, int64(sent))
		}
		return nil
	})
	var stop *StopError
	if errors.As(err, &stop) {
		res.Stopped = stop.Words
	}
	return res, err
}

// uploadGrace is how long an upload under way may go on after its run was
// stopped or cancelled (see publishOne).
const uploadGrace = 2 * time.Minute

// publishOne keeps the current photo, uploads the new one and logs it. It
// returns the bytes sent.
func (r *Runner) publishOne(ctx context.Context, runID string, row Row) (int, error) {
	info := r.Target.Info()
	entry := store.PublishEntry{RunID: runID, Target: info.Name, AccountID: row.AccountID, Email: row.Email,
		MemberID: row.MemberID, Actor: r.Actor, Action: store.PublishActionPublish, PhotoKey: row.PhotoKey, Status: store.PublishFailed}
	fail := func(err error) (int, error) {
		var stop *StopError
		if ctx.Err() == nil && !errors.As(err, &stop) {
			entry.Error, entry.At = Words(err), r.now()
			if _, lerr := r.Store.RecordPublish(context.WithoutCancel(ctx), entry); lerr != nil {
				r.logger().Warn("could not log a failed publish", "err", lerr)
			}
		}
		return 0, err
	}
	photo, err := r.Render(ctx, row)
	if err != nil {
		return fail(err)
	}
	if err := info.Limits.Check(photo); err != nil {
		return fail(err)
	}
	entry.PhotoHash = Hash(photo.Data)
	acct := Account{ID: row.AccountID, Email: row.Email, Name: row.Name}
	cur, err := r.Target.Current(ctx, acct)
	switch {
	case errors.Is(err, ErrNoPhoto):
	case err != nil:
		return fail(err)
	default:
		if entry.PreviousHash, err = r.Kept.Keep(cur.Data); err != nil {
			return fail(Fail("The current photo could not be kept on this computer, so it was not replaced. Check the disk.", err))
		}
		entry.PreviousType = cur.ContentType
	}
	// Once started, the upload is finished even if the run is stopped (a
	// StopError elsewhere cancels ctx) or cancelled meanwhile: cut off in
	// flight it may still reach the directory, unlogged, and a later run
	// would then keep Shotdesk's own photo as the person's previous one.
	// uploadGrace bounds how long a cancel waits for it.
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), uploadGrace)
	err = r.Target.Upload(uctx, acct, photo)
	cancel()
	if err != nil {
		return fail(err)
	}
	entry.Status, entry.At = store.PublishDone, r.now()
	// Logged even when the run is being cancelled: the photo was sent.
	if _, err := r.Store.RecordPublish(context.WithoutCancel(ctx), entry); err != nil {
		return len(photo.Data), fmt.Errorf("the photo was sent but could not be logged: %w", err)
	}
	return len(photo.Data), nil
}

// RevertResult is what a revert did.
type RevertResult struct {
	Reverted int
	Failed   int
	Stopped  string
}

// Revert puts back, for each standing publish in entries, the photo the
// person had before (or removes the photo when they had none), and logs
// it. Entries of other targets, failures and reverted ones are skipped.
func (r *Runner) Revert(ctx context.Context, runID string, entries []store.PublishEntry, t *jobs.Tracker) (RevertResult, error) {
	var res RevertResult
	var todo []store.PublishEntry
	for _, e := range entries {
		if e.Target == r.Target.Info().Name && e.Action == store.PublishActionPublish && e.Status == store.PublishDone && e.RevertedAt.IsZero() {
			todo = append(todo, e)
		}
	}
	if t != nil {
		t.Phase("reverting", len(todo))
	}
	var mu sync.Mutex
	err := r.forEach(ctx, len(todo), func(ctx context.Context, i int) error {
		err := r.revertOne(ctx, runID, todo[i])
		if ctx.Err() != nil && err != nil {
			return ctx.Err()
		}
		mu.Lock()
		defer mu.Unlock()
		var stop *StopError
		switch {
		case errors.As(err, &stop):
			return err
		case err != nil:
			res.Failed++
			if t != nil {
				t.Fail(todo[i].Email, Words(err))
			}
		default:
			res.Reverted++
		}
		if t != nil {
			t.Add(1, 0)
		}
		return nil
	})
	var stop *StopError
	if errors.As(err, &stop) {
		res.Stopped = stop.Words
	}
	return res, err
}

func (r *Runner) revertOne(ctx context.Context, runID string, e store.PublishEntry) error {
	acct := Account{ID: e.AccountID, Email: e.Email}
	if e.PreviousHash == "" {
		if err := r.Target.Remove(ctx, acct); err != nil && !errors.Is(err, ErrNoPhoto) {
			return err
		}
	} else {
		data, err := r.Kept.Read(e.PreviousHash)
		if err != nil {
			return Fail("The photo "+e.Email+" had before is no longer kept on this computer, so it cannot be put back.", err)
		}
		if err := r.Target.Upload(ctx, acct, Photo{Data: data, ContentType: e.PreviousType}); err != nil {
			return err
		}
	}
	now := r.now()
	ctx = context.WithoutCancel(ctx)
	if err := r.Store.MarkReverted(ctx, e.ID, now); err != nil {
		return fmt.Errorf("reverted, but the log could not be updated: %w", err)
	}
	_, err := r.Store.RecordPublish(ctx, store.PublishEntry{RunID: runID, Target: e.Target, AccountID: e.AccountID,
		Email: e.Email, MemberID: e.MemberID, Actor: r.Actor, Action: store.PublishActionRevert, PhotoHash: e.PreviousHash,
		PreviousHash: e.PhotoHash, Status: store.PublishDone, At: now})
	return err
}

// forEach runs fn for 0..n-1 on Info().Concurrency workers. The first
// error that fn returns stops the others (their ctx is cancelled) and is
// returned; ctx's own end returns ctx.Err().
func (r *Runner) forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	workers := r.Target.Info().Concurrency
	if workers <= 0 {
		workers = 4
	}
	workers = min(workers, max(n, 1))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(ctx, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return ctx.Err()
}
