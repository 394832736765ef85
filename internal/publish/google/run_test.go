package google

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/shotdesk/shotdesk/internal/dirfake/googlefake"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/store"
)

// TestFullRun publishes to the fake with the core's Runner, a real SQLite
// store and kept photos on disk: match, publish (through a 429 storm and an
// expired token), match again, revert.
func TestFullRun(t *testing.T) {
	const n = 40
	users := people(n, 3) // every third person has a photo already
	users[4].SelfSetPhoto, users[4].Photo = true, googlefake.SamplePhoto(96, 44)
	e := start(t, googlefake.Options{Latency: 2e6}, users, nil) // 2 ms a request
	ctx := context.Background()

	st, err := store.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })

	// Shotdesk's side: everyone with a favorite but person 5 (no favorite
	// yet), plus someone not in Workspace.
	var subjects []publish.Subject
	for i := range n {
		s := publish.Subject{MemberID: fmt.Sprint("m", i), Email: users[i].Email, Name: users[i].Name,
			PhotoID: fmt.Sprint("fav", i), PhotoKey: fmt.Sprint("fav", i, "/tpl1/600")}
		if i == 5 {
			s.PhotoID, s.PhotoKey = "", ""
		}
		subjects = append(subjects, s)
	}
	subjects = append(subjects, publish.Subject{MemberID: "mx", Email: "left@example.com", PhotoID: "favx", PhotoKey: "favx/tpl1/600"})

	rendered := map[string][]byte{}
	for i, s := range subjects {
		rendered[s.PhotoID] = jpeg600(byte(100 + i)).Data
	}
	var renders atomic.Int32
	runner := &publish.Runner{
		Target: e.target,
		Store:  st,
		Kept:   publish.Kept{Dir: filepath.Join(t.TempDir(), "kept")},
		Render: func(ctx context.Context, row publish.Row) (publish.Photo, error) {
			// In the middle of the run every token expires and Google
			// throttles the next requests.
			if renders.Add(1) == 15 {
				e.fake.ExpireTokens()
				e.fake.Storm(6)
			}
			return publish.Photo{Data: rendered[row.PhotoID], ContentType: "image/jpeg"}, nil
		},
	}

	match := func() publish.Report {
		t.Helper()
		accts, err := e.target.Accounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		standing, err := st.StandingPublishes(ctx, e.target.Info().Name)
		if err != nil {
			t.Fatal(err)
		}
		return publish.Match(e.target.Info(), subjects, accts, standing, "")
	}

	// Dry run: the report, nothing sent.
	rep := match()
	if rep.Counts[publish.WillChange] != n-1 || rep.Counts[publish.NoFavorite] != 1 ||
		rep.Counts[publish.NotInDirectory] != 1 || rep.Counts[publish.NotInShotdesk] != 1 {
		t.Fatalf("match report: %v", rep.Counts)
	}
	if got := e.fake.Requests(googlefake.KindPhotoUpdate); got != 0 {
		t.Fatalf("the dry run sent %d photos", got)
	}

	res, err := runner.Publish(ctx, "run1", rep.Rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != n-1 || res.Failed != 0 || res.Stopped != "" {
		t.Fatalf("run: %+v", res)
	}
	if e.fake.Requests(googlefake.KindThrottled) != 6 || e.fake.Requests(googlefake.KindUnauthorized) == 0 {
		t.Fatalf("the faults did not happen: %v", e.fake.Counts())
	}
	for i, u := range users {
		got, ct, ok := e.fake.Photo(u.Email)
		if i == 5 {
			if !bytes.Equal(got, u.Photo) {
				t.Errorf("%s has no favorite and must be left alone", u.Email)
			}
			continue
		}
		if !ok || !bytes.Equal(got, rendered[fmt.Sprint("fav", i)]) || ct != "image/jpeg" {
			t.Errorf("%s: the new photo is not in Workspace", u.Email)
			continue
		}
		if err := Limits.Check(publish.Photo{Data: got, ContentType: ct}); err != nil {
			t.Errorf("%s: %v", u.Email, err)
		}
		if cfg, _, _ := image.DecodeConfig(bytes.NewReader(got)); cfg.Width != Limits.Side {
			t.Errorf("%s: %d px wide", u.Email, cfg.Width)
		}
	}

	// A second match: everyone is up to date, nothing to send.
	rep2 := match()
	if rep2.Counts[publish.UpToDate] != n-1 || rep2.Counts[publish.WillChange] != 0 {
		t.Fatalf("second match: %v", rep2.Counts)
	}
	res2, err := runner.Publish(ctx, "run2", rep2.Rows, nil)
	if err != nil || res2.Sent != 0 {
		t.Fatalf("second run sent %d (%v)", res2.Sent, err)
	}

	// Revert person 3 (had a photo: it comes back) and person 1 (had none:
	// the photo is removed).
	entries, err := st.PublishEntries(ctx, store.PublishQuery{Target: "google", RunID: "run1", Standing: true})
	if err != nil {
		t.Fatal(err)
	}
	var pick []store.PublishEntry
	for _, en := range entries {
		if en.Email == users[3].Email || en.Email == users[1].Email {
			pick = append(pick, en)
		}
	}
	if len(pick) != 2 {
		t.Fatalf("%d entries to revert, want 2", len(pick))
	}
	rres, err := runner.Revert(ctx, "revert1", pick, nil)
	if err != nil || rres.Reverted != 2 || rres.Failed != 0 {
		t.Fatalf("revert: %+v %v", rres, err)
	}
	if got, _, ok := e.fake.Photo(users[3].Email); !ok || !bytes.Equal(got, users[3].Photo) {
		t.Error("person 3's previous photo was not put back")
	}
	if _, _, ok := e.fake.Photo(users[1].Email); ok {
		t.Error("person 1 had no photo before; the published one must be removed")
	}
	// And the report knows: both will change again.
	if rep3 := match(); rep3.Counts[publish.WillChange] != 2 {
		t.Fatalf("after the revert: %v", rep3.Counts)
	}
}
