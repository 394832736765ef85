package bamboohr_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/dirfake/bamboofake"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/store"
)

// bench is a full publishing setup: the fake company, the target, a real
// SQLite store, kept photos in a temp dir, and a renderer that makes a
// distinct 600×600 JPEG per photo key.
type bench struct {
	srv      *bamboofake.Server
	tg       publish.Target
	st       *store.Store
	runner   *publish.Runner
	mu       sync.Mutex
	rendered map[string][]byte // photo key → bytes sent
}

func newBench(t testing.TB, srv *bamboofake.Server) *bench {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sl := &sleeper{}
	b := &bench{srv: srv, tg: connect(t, srv, "", sl.sleep), st: st, rendered: map[string][]byte{}}
	b.runner = &publish.Runner{Target: b.tg, Store: st, Kept: publish.Kept{Dir: filepath.Join(dir, "kept")}, Render: b.render}
	return b
}

// render gives every photo key its own bytes cheaply: one 600×600 JPEG
// drawn once, with the key in a JPEG comment segment after the start
// marker (still a valid JPEG of the same picture).
func (b *bench) render(_ context.Context, row publish.Row) (publish.Photo, error) {
	side := b.tg.Info().Limits.Side
	baseOnce.Do(func() { baseJPEG = bamboofake.MustImage("jpeg", side, side, 7) })
	comment := []byte("shotdesk " + row.PhotoKey)
	data := make([]byte, 0, len(baseJPEG)+4+len(comment))
	data = append(data, baseJPEG[:2]...) // SOI
	data = append(data, 0xFF, 0xFE, byte((len(comment)+2)>>8), byte(len(comment)+2))
	data = append(data, comment...)
	data = append(data, baseJPEG[2:]...)
	b.mu.Lock()
	b.rendered[row.PhotoKey] = data
	b.mu.Unlock()
	return publish.Photo{Data: data, ContentType: "image/jpeg"}, nil
}

var (
	baseOnce sync.Once
	baseJPEG []byte
)

func (b *bench) match(t testing.TB, subjects []publish.Subject) publish.Report {
	t.Helper()
	ctx := context.Background()
	accounts, err := b.tg.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	standing, err := b.st.StandingPublishes(ctx, b.tg.Info().Name)
	if err != nil {
		t.Fatal(err)
	}
	return publish.Match(b.tg.Info(), subjects, accounts, standing, "")
}

// inJob runs fn as a job and returns its report (failures with reasons).
func inJob(t *testing.T, fn jobs.Func) jobs.Report {
	t.Helper()
	m := jobs.NewManager(nil)
	rep, err := m.Wait(context.Background(), m.Start(context.Background(), "publish", fn))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func subject(email string, favorite bool) publish.Subject {
	s := publish.Subject{MemberID: "m-" + email, Email: email}
	if favorite {
		s.PhotoID = "photo-" + email
		s.PhotoKey = s.PhotoID + "/rounded/600"
	}
	return s
}

func counts(rep publish.Report) string {
	var parts []string
	for _, s := range publish.Statuses {
		if n := rep.Counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", s, n))
		}
	}
	return strings.Join(parts, " ")
}

// The whole flow against the fake: a dry-run match, a publish, a second
// match that finds everyone up to date, and reverts — one that puts the
// kept photo back and one that cannot remove a photo through the API.
func TestPublishMatchRevert(t *testing.T) {
	var list []string
	for i := range 12 {
		list = append(list, fmt.Sprintf("e%02d@acme.test", i))
	}
	emps := bamboofake.Employees(list...)
	originals := map[string][]byte{}
	for i := range 4 { // e00–e03 have a photo already, in different formats
		emps[i].Photo = bamboofake.MustImage([]string{"jpeg", "png", "gif", "jpeg"}[i], 300, 300, 100+i)
		originals[list[i]] = emps[i].Photo
	}
	emps[10].Hidden = true // hidden from the directory: not found
	srv := company(t, bamboofake.Options{Employees: emps})
	b := newBench(t, srv)
	ctx := context.Background()

	var subjects []publish.Subject
	for i := range 11 { // e11 is only in BambooHR
		subjects = append(subjects, subject(list[i], i != 9)) // e09 has no favorite yet
	}
	subjects = append(subjects, subject("zed@acme.test", true)) // not in BambooHR

	rep := b.match(t, subjects)
	if got := counts(rep); got != "will_change=9 no_favorite=1 not_in_directory=2 not_in_shotdesk=1" {
		t.Fatalf("dry run: %s", got)
	}
	if srv.Requests(bamboofake.KindPhotoUpload) != 0 {
		t.Fatal("the dry run uploaded")
	}

	var res publish.Result
	inJob(t, func(ctx context.Context, tr *jobs.Tracker) (err error) {
		res, err = b.runner.Publish(ctx, "run-1", rep.Rows, tr)
		return err
	})
	if res.Sent != 9 || res.Failed != 0 || res.Stopped != "" {
		t.Fatalf("publish: %+v", res)
	}
	limits := b.tg.Info().Limits
	for _, row := range rep.Rows {
		if row.Status != publish.WillChange {
			continue
		}
		got, _ := srv.Photo(row.AccountID)
		if !bytes.Equal(got, b.rendered[row.PhotoKey]) {
			t.Errorf("%s: BambooHR does not hold the photo sent", row.Email)
		}
		if err := limits.Check(publish.Photo{Data: got, ContentType: "image/jpeg"}); err != nil {
			t.Errorf("%s: the photo in BambooHR breaks the limits: %v", row.Email, err)
		}
	}
	// The photos people had are kept, byte for byte.
	entries, err := b.st.PublishEntries(ctx, store.PublishQuery{Target: "bamboohr", RunID: "run-1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		want, had := originals[e.Email]
		switch {
		case had && e.PreviousHash == "":
			t.Errorf("%s: the previous photo was not kept", e.Email)
		case had:
			kept, err := b.runner.Kept.Read(e.PreviousHash)
			if err != nil || !bytes.Equal(kept, want) {
				t.Errorf("%s: kept photo differs (%v)", e.Email, err)
			}
		case e.PreviousHash != "":
			t.Errorf("%s had no photo, yet something was kept", e.Email)
		}
	}
	if e := entryOf(entries, "e01@acme.test"); e.PreviousType != "image/png" {
		t.Errorf("the PNG labelled image/jpeg by BambooHR was kept as %q", e.PreviousType)
	}

	if got := counts(b.match(t, subjects)); got != "up_to_date=9 no_favorite=1 not_in_directory=2 not_in_shotdesk=1" {
		t.Fatalf("second match: %s", got)
	}

	// Revert e01 (had a PNG) and e05 (had none).
	toRevert := []store.PublishEntry{entryOf(entries, "e01@acme.test"), entryOf(entries, "e05@acme.test")}
	var rres publish.RevertResult
	job := inJob(t, func(ctx context.Context, tr *jobs.Tracker) (err error) {
		rres, err = b.runner.Revert(ctx, "revert-1", toRevert, tr)
		return err
	})
	if rres.Reverted != 1 || rres.Failed != 1 {
		t.Fatalf("revert: %+v", rres)
	}
	if got, _ := srv.Photo(srv.IDOf("e01@acme.test")); !bytes.Equal(got, originals["e01@acme.test"]) {
		t.Error("e01's PNG is not back")
	}
	if len(job.Failures) != 1 || job.Failures[0].Item != "e05@acme.test" ||
		!strings.Contains(job.Failures[0].Reason, "cannot remove a photo") {
		t.Errorf("failures %+v", job.Failures)
	}
	if got, _ := srv.Photo(srv.IDOf("e05@acme.test")); !bytes.Equal(got, b.rendered[subject("e05@acme.test", true).PhotoKey]) {
		t.Error("e05's photo changed although the revert could not remove it")
	}
	if got := counts(b.match(t, subjects)); got != "will_change=1 up_to_date=8 no_favorite=1 not_in_directory=2 not_in_shotdesk=1" {
		t.Errorf("after the revert: %s (e01 will change again, e05 still stands)", got)
	}

	// The admin removes e05's photo by hand; reverting again completes.
	srv.SetPhoto(srv.IDOf("e05@acme.test"), nil)
	inJob(t, func(ctx context.Context, tr *jobs.Tracker) (err error) {
		rres, err = b.runner.Revert(ctx, "revert-2", toRevert[1:], tr)
		return err
	})
	if rres.Reverted != 1 || rres.Failed != 0 {
		t.Errorf("revert after removing by hand: %+v", rres)
	}
}

func entryOf(entries []store.PublishEntry, email string) store.PublishEntry {
	for _, e := range entries {
		if e.Email == email && e.Action == store.PublishActionPublish {
			return e
		}
	}
	return store.PublishEntry{}
}

// A 429 storm and a key revoked in the middle of a run: the storm is
// waited out; the revoked key stops the run with words; once the key works
// again, a second run sends only what is left, and everyone ends with the
// new photo, sent exactly once.
func TestRunSurvivesStormAndRevokedKey(t *testing.T) {
	var list []string
	for i := range 30 {
		list = append(list, fmt.Sprintf("p%02d@acme.test", i))
	}
	emps := bamboofake.Employees(list...)
	for i := 0; i < 30; i += 3 {
		emps[i].Photo = bamboofake.MustImage("jpeg", 200, 200, i)
	}
	srv := company(t, bamboofake.Options{Employees: emps})
	b := newBench(t, srv)
	var subjects []publish.Subject
	for _, e := range list {
		subjects = append(subjects, subject(e, true))
	}
	rep := b.match(t, subjects)
	if rep.Counts[publish.WillChange] != 30 {
		t.Fatalf("match: %s", counts(rep))
	}

	// Each person is a read and an upload: the storm hits early, the key
	// goes about two thirds in.
	srv.At(10, func(s *bamboofake.Server) { s.Storm(6) })
	srv.At(42, func(s *bamboofake.Server) { s.RevokeKeys() })
	var res publish.Result
	var runErr error
	inJob(t, func(ctx context.Context, tr *jobs.Tracker) error {
		res, runErr = b.runner.Publish(ctx, "run-1", rep.Rows, tr)
		return nil
	})
	var stop *publish.StopError
	if !errors.As(runErr, &stop) || !strings.Contains(res.Stopped, "did not accept the API key") {
		t.Fatalf("run 1: %+v, %v; want it stopped by the revoked key", res, runErr)
	}
	if res.Sent == 0 || res.Sent >= 30 || res.Failed != 0 {
		t.Fatalf("run 1: %+v; want some sent, none failed", res)
	}
	throttled := 0
	for _, h := range srv.Hits() {
		if h.Status == 429 {
			throttled++
		}
	}
	if throttled != 6 {
		t.Errorf("%d throttled answers, want the storm's 6", throttled)
	}

	srv.RestoreKeys()
	rep = b.match(t, subjects)
	if rep.Counts[publish.WillChange] != 30-res.Sent || rep.Counts[publish.UpToDate] != res.Sent {
		t.Fatalf("match after the stop: %s, %d sent before", counts(rep), res.Sent)
	}
	first := res.Sent
	inJob(t, func(ctx context.Context, tr *jobs.Tracker) (err error) {
		res, err = b.runner.Publish(ctx, "run-2", rep.Rows, tr)
		return err
	})
	if res.Sent != 30-first || res.Failed != 0 || res.Stopped != "" {
		t.Fatalf("run 2: %+v", res)
	}
	for _, e := range list {
		id := srv.IDOf(e)
		got, _ := srv.Photo(id)
		if !bytes.Equal(got, b.rendered[subject(e, true).PhotoKey]) || srv.PhotoUploads(id) != 1 {
			t.Errorf("%s: %d uploads, photo is the new one = %v", e, srv.PhotoUploads(id), bytes.Equal(got, b.rendered[subject(e, true).PhotoKey]))
		}
	}
	if got := counts(b.match(t, subjects)); got != "up_to_date=30" {
		t.Errorf("final match: %s", got)
	}
}

// Cancelled while BambooHR stores a photo but has not answered yet: the
// upload is finished and logged, so the next run neither sends it again
// nor keeps Shotdesk's own photo as the person's previous one.
func TestCancelledRunLogsTheUploadInFlight(t *testing.T) {
	emps := bamboofake.Employees("ada@acme.test")
	original := bamboofake.MustImage("jpeg", 300, 300, 42)
	emps[0].Photo = original
	srv := company(t, bamboofake.Options{Employees: emps})
	b := newBench(t, srv)
	subjects := []publish.Subject{subject("ada@acme.test", true)}
	rep := b.match(t, subjects)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.SlowAnswers(bamboofake.KindPhotoUpload, 300*time.Millisecond)
	srv.At(2, func(*bamboofake.Server) { cancel() }) // the read, then the upload
	if _, err := b.runner.Publish(ctx, "run-1", rep.Rows, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("publish: %v, want it cancelled", err)
	}
	srv.SlowAnswers(bamboofake.KindPhotoUpload, 0)
	if srv.Accepted() != 1 {
		t.Fatalf("%d photos stored, want the one in flight", srv.Accepted())
	}

	if got := counts(b.match(t, subjects)); got != "up_to_date=1" {
		t.Fatalf("after the cancel: %s, want the upload in flight logged", got)
	}
	entries, err := b.st.PublishEntries(context.Background(), store.PublishQuery{Target: "bamboohr"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("log: %v, %v", entries, err)
	}
	kept, err := b.runner.Kept.Read(entries[0].PreviousHash)
	if err != nil || !bytes.Equal(kept, original) {
		t.Errorf("kept photo is not ada's own (%v)", err)
	}
}

// BenchmarkPublish publishes 100 people (a read and an upload each, a third
// of them with a photo to keep) through the Runner to the fake over
// loopback, with a real store: the target's and the runner's own cost per
// person, BambooHR's latency aside (rendering is a copy here).
func BenchmarkPublish(b *testing.B) {
	var list []string
	for i := range 100 {
		list = append(list, fmt.Sprintf("p%03d@acme.test", i))
	}
	photo := bamboofake.MustImage("jpeg", 300, 300, 1)
	var subjects []publish.Subject
	for _, e := range list {
		subjects = append(subjects, subject(e, true))
	}
	for b.Loop() {
		b.StopTimer()
		emps := bamboofake.Employees(list...)
		for i := 0; i < len(emps); i += 3 {
			emps[i].Photo = photo
		}
		srv := bamboofake.New(bamboofake.Options{Employees: emps})
		if _, err := srv.Start(""); err != nil {
			b.Fatal(err)
		}
		bn := newBench(b, srv)
		rep := bn.match(b, subjects)
		b.StartTimer()
		res, err := bn.runner.Publish(context.Background(), "bench", rep.Rows, nil)
		if err != nil || res.Sent != 100 {
			b.Fatalf("%+v %v", res, err)
		}
		b.StopTimer()
		srv.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*100)/1000, "ms/person")
}
