package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustApply(t testing.TB, s *Store, snap Snapshot) ApplyStats {
	t.Helper()
	st, err := s.ApplySnapshot(context.Background(), snap)
	if err != nil {
		t.Fatalf("ApplySnapshot: %v", err)
	}
	return st
}

func mustPerson(t testing.TB, s *Store, key string) Person {
	t.Helper()
	p, err := s.Person(context.Background(), key)
	if err != nil {
		t.Fatalf("Person(%q): %v", key, err)
	}
	return p
}

// snapBuilder assembles hand-made snapshots for one test.
type snapBuilder struct{ Snapshot }

func newSnap() *snapBuilder {
	b := &snapBuilder{}
	b.Org = domain.Organization{UID: "org_1", Name: "Acme", Website: "https://acme.test"}
	b.Credits = 12.25
	b.Teams = []domain.Team{{ID: "team_a", Name: "Alpha"}, {ID: "team_b", Name: "Beta"}}
	b.Favorites = map[string]string{}
	b.TakenAt = t0
	return b
}

func (b *snapBuilder) invite(email string, st domain.InviteStatus, team string, at time.Time) *snapBuilder {
	b.Invites = append(b.Invites, domain.Invite{Email: email, Status: st, TeamID: team, TeamName: teamName(team), CreatedAt: at})
	return b
}

func (b *snapBuilder) member(id, email, name string, st domain.MemberStatus, team string, at time.Time) *snapBuilder {
	b.Members = append(b.Members, domain.Member{ID: id, Email: email, Name: name, Status: st, TeamID: team, TeamName: teamName(team), JoinedAt: at})
	return b
}

func (b *snapBuilder) model(id, email, title string, st domain.ModelStatus, created time.Time) *snapBuilder {
	m := domain.Model{ID: id, UID: "u_" + id, Email: email, Title: title, Status: st, CreatedAt: created}
	if st == domain.ModelActive {
		m.FinishedAt = created.Add(3 * time.Hour)
	}
	b.Models = append(b.Models, m)
	return b
}

func (b *snapBuilder) photo(id, model string, urlExp time.Time) *snapBuilder {
	b.Photos = append(b.Photos, PhotoRecord{
		Photo:   domain.Photo{ID: id, ModelID: model, Status: domain.PhotoActive, LikedStatus: domain.LikedNone, CreatedAt: t0, ExpiresAt: urlExp},
		URLMain: "https://cdn.test/" + id + "?sig=m", URLThumb: "https://cdn.test/" + id + "?sig=t",
		URLOriginal: "https://cdn.test/" + id + "?sig=o", URLExpiresAt: urlExp,
	})
	return b
}

func (b *snapBuilder) fav(model, photo string) *snapBuilder {
	b.Favorites[model] = photo
	return b
}

func teamName(id string) string {
	switch id {
	case "team_a":
		return "Alpha"
	case "team_b":
		return "Beta"
	}
	return ""
}

// bigSnapshot builds an org of n members: each has an invite, one model
// (status cycling through the lifecycle), and every third a favorite with
// its photo; plus n/10 pending invites not joined.
func bigSnapshot(n int) Snapshot {
	b := newSnap()
	statuses := []domain.ModelStatus{domain.ModelActive, domain.ModelOnboarding, domain.ModelGeneratingHeadshots,
		domain.ModelActive, domain.ModelWaiting, domain.ModelDeleted}
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("person%05d@example.com", i)
		id := fmt.Sprintf("mem_%05d", i)
		mid := fmt.Sprintf("mod_%05d", i)
		team := "team_a"
		if i%2 == 1 {
			team = "team_b"
		}
		st := statuses[i%len(statuses)]
		b.invite(email, domain.InviteCompleted, team, t0.Add(time.Duration(i)*time.Minute))
		b.member(id, email, fmt.Sprintf("Person Number %d", i), domain.MemberFinished, team, t0.Add(time.Duration(i)*time.Minute+time.Second))
		b.model(mid, email, fmt.Sprintf("Title %d", i), st, t0.Add(time.Duration(i)*time.Minute+2*time.Second))
		if i%3 == 0 {
			pid := fmt.Sprintf("ph_%05d", i)
			b.photo(pid, mid, day(1))
			b.fav(mid, pid)
		}
	}
	for i := 0; i < n/10; i++ {
		b.invite(fmt.Sprintf("pending%05d@example.com", i), domain.InvitePending, "team_a", day(2))
	}
	return b.Snapshot
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
