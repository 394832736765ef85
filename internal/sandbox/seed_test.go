package sandbox

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

var anchor = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

func TestSeedIsDeterministic(t *testing.T) {
	a, b, c := seedOrg(150, 42, anchor), seedOrg(150, 42, anchor), seedOrg(150, 43, anchor)
	if len(a.invites) != len(b.invites) || len(a.models) != len(b.models) || len(a.photoByID) != len(b.photoByID) {
		t.Fatal("same seed, different sizes")
	}
	for i := range a.invites {
		x, y := a.invites[i], b.invites[i]
		if x.id != y.id || x.email != y.email || !x.createdAt.Equal(y.createdAt) || x.status() != y.status() {
			t.Fatalf("invite %d differs: %+v vs %+v", i, x, y)
		}
	}
	for i := range a.models {
		x, y := a.models[i], b.models[i]
		if x.id != y.id || x.status != y.status || len(x.photos) != len(y.photos) || (x.favorite == nil) != (y.favorite == nil) {
			t.Fatalf("model %d differs", i)
		}
	}
	if a.uid == c.uid && a.invites[0].email == c.invites[0].email && a.models[0].id == c.models[0].id {
		t.Fatal("a different seed produced the same org")
	}
}

func TestSeedCoversEveryState(t *testing.T) {
	o := seedOrg(60, 1, anchor)
	if len(o.invites) != 60 {
		t.Fatalf("%d invites, want one per person (60)", len(o.invites))
	}
	if n := len(o.teams); n < 5 || n > 8 {
		t.Fatalf("%d teams", n)
	}
	invites, models, members := map[string]int{}, map[string]int{}, map[string]int{}
	for _, inv := range o.invites {
		invites[inv.status()]++
	}
	for _, m := range o.models {
		models[m.status]++
	}
	for _, u := range o.users {
		members[u.memberStatus()]++
	}
	for _, s := range []string{"pending", "accepted", "revoked", "uploading", "generating", "completed", "deleted"} {
		if invites[s] == 0 {
			t.Errorf("no invite with status %s: %v", s, invites)
		}
	}
	for _, s := range modelStatuses {
		if models[s] == 0 {
			t.Errorf("no model with status %s: %v", s, models)
		}
	}
	for _, s := range memberStatuses {
		if members[s] == 0 {
			t.Errorf("no member with status %s", s)
		}
	}

	var nullName, nonASCII, twoShoots int
	hostile := map[string]bool{}
	for _, u := range o.users {
		if u.name == "" {
			nullName++
		}
		if strings.ContainsFunc(u.name, func(r rune) bool { return r > 127 }) {
			nonASCII++
		}
		active := 0
		for _, m := range u.models {
			if m.status == statusActive {
				active++
			}
		}
		if active >= 2 {
			twoShoots++
		}
	}
	for _, m := range o.models {
		if m.title != nil {
			hostile[*m.title] = true
		}
		if m.status != statusActive && m.status != statusDeleted && len(m.photos) > 0 {
			t.Errorf("model %s is %s but has photos", m.id, m.status)
		}
		if m.status == statusActive {
			if n := len(m.photos); n < 8 || n > 20 {
				t.Errorf("active model with %d photos", n)
			}
			loved := 0
			for _, p := range m.photos {
				if p.liked == likedLoved {
					loved++
				}
			}
			if (m.favorite != nil) != (loved == 1) || loved > 1 {
				t.Errorf("model %s: favorite %v but %d loved photos", m.id, m.favorite != nil, loved)
			}
			if m.finishedAt.IsZero() || m.finishedAt.After(anchor) {
				t.Errorf("active model finishedAt %v", m.finishedAt)
			}
		}
		if m.scenario == scRetryWindow {
			age := anchor.Sub(m.finishedAt)
			if age < 55*day || age > 59*day {
				t.Errorf("retry-window model finished %v ago", age)
			}
		}
	}
	if nullName == 0 || nonASCII < 3 || twoShoots == 0 {
		t.Errorf("null names %d, non-ASCII names %d, two-shoot members %d", nullName, nonASCII, twoShoots)
	}
	for _, want := range []string{`Ana "AJ" Jones: CEO/Founder`, "CON", "", hostileTitles[len(hostileTitles)-1]} {
		if !hostile[want] {
			t.Errorf("title %.30q missing from the seed", want)
		}
	}
	if long := hostileTitles[len(hostileTitles)-1]; len(long) <= 255 || !utf8.ValidString(long) {
		t.Error("the long title must exceed 255 bytes")
	}
	for _, inv := range o.invites {
		if !inv.createdAt.Before(anchor) {
			t.Errorf("invite created at %v, not before the anchor", inv.createdAt)
		}
		if inv.user != nil && inv.user.joinedAt.Before(inv.createdAt) {
			t.Errorf("%s joined before being invited", inv.email)
		}
	}
}

// TestConcurrentUse hammers reads, writes, controls and photo downloads at
// once; run with -race it proves the locking.
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, Options{Members: 60, Seed: 3})
	_, urls, _ := h.favoriteURLs(t, scFavorite)
	accepted := h.scenario(scAccepted).Email
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	expect := func(want int, method, path string, body any) {
		got, err := h.status(method, path, body)
		if err == nil && got != want {
			err = fmt.Errorf("%s %s: %d, want %d", method, path, got, want)
		}
		if err != nil {
			errs <- err
		}
	}
	run := func(n int, f func(i int)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				f(i)
			}
		}()
	}
	run(30, func(int) { expect(200, "GET", "/organization/team?limit=200", nil) })
	run(30, func(int) { expect(200, "GET", "/organization/photos/favorites?include=all", nil) })
	run(20, func(i int) {
		expect(200, "POST", "/organization/teams", map[string]any{"name": fmt.Sprintf("Team %d", i)})
	})
	run(20, func(i int) {
		expect(200, "POST", "/organization/invites", map[string]any{"email": fmt.Sprintf("c%d@northwind.example", i)})
	})
	run(5, func(int) { expect(200, "GET", urls["thumbnail"], nil) })
	run(1, func(int) {
		id, err := h.srv.SubmitPhotos(accepted)
		if err == nil {
			err = h.srv.FinishModel(id, 8)
		}
		if err == nil {
			_, err = h.srv.PickFavorite(id, "")
		}
		if err != nil {
			errs <- err
		}
	})
	run(10, func(int) { h.srv.Advance(time.Second); h.srv.SetFaults(Faults{}) })
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := h.srv.Stats().Images; st.Renders != 1 {
		t.Fatalf("5 concurrent downloads of one photo rendered it %d times", st.Renders)
	}
}
