package store

import (
	"context"
	"slices"
	"testing"

	"github.com/shotdesk/shotdesk/internal/domain"
)

func keys(page PeoplePage) []string {
	out := make([]string, len(page.Items))
	for i, p := range page.Items {
		out[i] = p.Key
	}
	return out
}

func TestPeopleSearchFilterSort(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	mustApply(t, s, lifecycleSnapshot().Snapshot)
	if err := s.SetActioned(ctx, "mod_fin", true, day(8)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetActioned(ctx, "mod_gen", true, day(7)); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		q     PeopleQuery
		want  []string
		total int
	}{
		{"all by email, revoked left out", PeopleQuery{}, []string{
			"del@example.com", "exp@example.com", "fin@example.com", "gen@example.com", "invited@example.com",
			"joined@example.com", "nofav@example.com", "onb@example.com", "ref@example.com", "unk@example.com"}, 10},
		{"page 2", PeopleQuery{Limit: 3, Offset: 3}, []string{"gen@example.com", "invited@example.com", "joined@example.com"}, 10},
		{"revoked tab", PeopleQuery{Lifecycle: domain.LifecycleRevoked}, []string{"revoked@example.com"}, 1},
		{"joined tab", PeopleQuery{Lifecycle: domain.LifecycleJoined}, []string{"exp@example.com", "joined@example.com", "onb@example.com"}, 3},
		{"several lifecycles", PeopleQuery{Lifecycles: []domain.Lifecycle{domain.LifecycleFinished, domain.LifecycleNoFavorite}}, []string{"fin@example.com", "nofav@example.com"}, 2},
		{"unknown", PeopleQuery{Lifecycle: FilterUnknown}, []string{"unk@example.com"}, 1},
		{"actioned tab", PeopleQuery{Lifecycle: FilterActioned}, []string{"fin@example.com", "gen@example.com"}, 2},
		{"generating without actioned", PeopleQuery{Lifecycle: domain.LifecycleGenerating, HideActioned: true}, []string{"ref@example.com"}, 1},
		{"team b", PeopleQuery{TeamID: "team_b"}, []string{"fin@example.com", "joined@example.com"}, 2},
		{"search name, any case", PeopleQuery{Search: "  GENE "}, []string{"gen@example.com"}, 1},
		{"search email part", PeopleQuery{Search: "fav@"}, []string{"nofav@example.com"}, 1},
		{"search title", PeopleQuery{Search: "final"}, []string{"fin@example.com"}, 1},
		{"search wildcard is literal", PeopleQuery{Search: "%"}, []string{}, 0},
		{"search underscore is literal", PeopleQuery{Search: "_"}, []string{}, 0},
		{"search + team + lifecycle", PeopleQuery{Search: "example", TeamID: "team_a", Lifecycle: domain.LifecycleGenerating},
			[]string{"gen@example.com", "ref@example.com"}, 2},
		{"latest first", PeopleQuery{Sort: SortLatest, Limit: 2}, nil, 10},
		{"actioned last", PeopleQuery{Sort: SortActioned, Lifecycle: domain.LifecycleGenerating}, []string{"ref@example.com", "gen@example.com"}, 2},
		{"actioned last, most recent at the end", PeopleQuery{Sort: SortActioned, Lifecycle: FilterActioned}, []string{"gen@example.com", "fin@example.com"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.People(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != tt.total {
				t.Errorf("total = %d, want %d", page.Total, tt.total)
			}
			if tt.want != nil && !slices.Equal(keys(page), tt.want) {
				t.Errorf("got %v, want %v", keys(page), tt.want)
			}
		})
	}

	// Latest: newest joined/invited first; the invite-only rows are older.
	page, _ := s.People(ctx, PeopleQuery{Sort: SortLatest})
	for i := 1; i < len(page.Items); i++ {
		a, b := page.Items[i-1], page.Items[i]
		la, lb := maxTime(a.JoinedAt, a.InvitedAt), maxTime(b.JoinedAt, b.InvitedAt)
		if la.Before(lb) {
			t.Fatalf("latest sort out of order at %d: %s (%v) before %s (%v)", i, a.Key, la, b.Key, lb)
		}
	}
	if page.Items[len(page.Items)-1].Key != "invited@example.com" {
		t.Errorf("oldest = %s", page.Items[len(page.Items)-1].Key)
	}

	if _, err := s.People(ctx, PeopleQuery{Sort: "bogus"}); err == nil {
		t.Error("unknown sort accepted")
	}
	if _, err := s.Person(ctx, "nobody@example.com"); !errorsIs(err, ErrNotFound) {
		t.Errorf("Person(unknown) = %v", err)
	}
}

func TestCounts(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	mustApply(t, s, lifecycleSnapshot().Snapshot)
	if err := s.SetActioned(ctx, "mod_fin", true, day(8)); err != nil {
		t.Fatal(err)
	}
	c, err := s.Counts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[domain.Lifecycle]int{
		domain.LifecycleInvited: 1, domain.LifecycleRevoked: 1, domain.LifecycleJoined: 3,
		domain.LifecycleGenerating: 2, domain.LifecycleNoFavorite: 1, domain.LifecycleFinished: 1,
		domain.LifecycleDeleted: 1,
	}
	for l, n := range want {
		if c.ByLifecycle[l] != n {
			t.Errorf("%s = %d, want %d", l, c.ByLifecycle[l], n)
		}
	}
	if c.Unknown != 1 || c.Total != 10 || c.Finished != 2 || c.InProgress != 5 || c.PendingInvites != 1 ||
		c.Actioned != 1 || c.Credits != 12.25 {
		t.Errorf("counts = %+v", c)
	}
	cb, err := s.Counts(ctx, "team_b")
	if err != nil || cb.Total != 2 || cb.ByLifecycle[domain.LifecycleFinished] != 1 || cb.Actioned != 1 {
		t.Errorf("team_b counts = %+v, %v", cb, err)
	}
	// Counts agree with People totals for every tab.
	for _, l := range append(domain.Lifecycles, domain.LifecycleRevoked) {
		page, err := s.People(ctx, PeopleQuery{Lifecycle: l, Limit: 1})
		if err != nil || page.Total != c.ByLifecycle[l] {
			t.Errorf("tab %s: People total %d vs Counts %d (%v)", l, page.Total, c.ByLifecycle[l], err)
		}
	}
}

// Keyset pages (After) walk the name order without gaps or repeats, each
// with the full Total; After with another order is refused.
func TestPeopleAfterPagesByKey(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	mustApply(t, s, bigSnapshot(95))
	all, err := s.People(ctx, PeopleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	q := PeopleQuery{Limit: 10}
	for {
		page, err := s.People(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != all.Total {
			t.Fatalf("page total %d, want %d", page.Total, all.Total)
		}
		for _, p := range page.Items {
			keys = append(keys, p.Key)
		}
		if len(page.Items) < q.Limit {
			break
		}
		q.After = page.Items[len(page.Items)-1].Key
	}
	if len(keys) != len(all.Items) {
		t.Fatalf("keyset pages gave %d people, want %d", len(keys), len(all.Items))
	}
	for i, p := range all.Items {
		if keys[i] != p.Key {
			t.Fatalf("person %d is %q, want %q", i, keys[i], p.Key)
		}
	}
	if _, err := s.People(ctx, PeopleQuery{Sort: SortLatest, After: keys[0]}); err == nil {
		t.Error("After with the latest sort was accepted")
	}
}

// ExportPeople gives the same people, in the same order, as People,
// with exactly the fields exportFields lists.
func TestExportPeopleMatchesPeople(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	mustApply(t, s, lifecycleSnapshot().Snapshot)
	if err := s.SetActioned(ctx, "mod_fin", true, day(7)); err != nil {
		t.Fatal(err)
	}
	// Both ways of reading the markers: a map beside the query (the
	// default) and the join (a filter or order that reads them).
	for _, q := range []PeopleQuery{{}, {Lifecycle: FilterActioned}, {TeamID: "team_b", Limit: 2},
		{HideActioned: true}, {Sort: SortActioned}, {Sort: SortLatest}, {Search: "fin"}} {
		full, err := s.People(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var cut []Person
		for p, err := range s.ExportPeople(ctx, q) {
			if err != nil {
				t.Fatal(err)
			}
			cut = append(cut, *p)
		}
		if len(cut) != len(full.Items) || len(full.Items) == 0 {
			t.Fatalf("%+v: %d people, want %d", q, len(cut), len(full.Items))
		}
		for i, p := range full.Items {
			want := Person{Email: p.Email, ModelID: p.ModelID, ModelTitle: p.ModelTitle, ModelStatus: p.ModelStatus,
				TeamName: p.TeamName, InviteStatus: p.InviteStatus, HasFavorite: p.HasFavorite, FinishedAt: p.FinishedAt,
				Lifecycle: p.Lifecycle, UnknownStatus: p.UnknownStatus, Actioned: p.Actioned, ActionedAt: p.ActionedAt}
			if cut[i] != want {
				t.Errorf("%+v person %d:\n got %+v\nwant %+v", q, i, cut[i], want)
			}
		}
	}
}
