package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// A row whose digest is unknown (NULL: written before row digests existed,
// or by anything but ApplySnapshot) is compared as changed: the next apply
// rewrites it from the snapshot, the one after skips it.
func TestRowWithoutDigestIsRewritten(t *testing.T) {
	s := openTemp(t)
	snap := bigSnapshot(50)
	mustApply(t, s, snap)
	if _, err := s.w.Exec("UPDATE members SET name = 'edited elsewhere', row_digest = NULL WHERE id = ?", snap.Members[3].ID); err != nil {
		t.Fatal(err)
	}
	if st := mustApply(t, s, snap); st.Changed != 1 {
		t.Fatalf("apply after an outside edit changed %d rows, want 1", st.Changed)
	}
	var name string
	if err := s.r.QueryRow("SELECT name FROM members WHERE id = ?", snap.Members[3].ID).Scan(&name); err != nil || name != snap.Members[3].Name {
		t.Fatalf("name = %q (%v), want the snapshot's %q", name, err, snap.Members[3].Name)
	}
	if st := mustApply(t, s, snap); st.Changed != 0 {
		t.Fatalf("the apply after that changed %d rows", st.Changed)
	}
}

// Rows the snapshot no longer has are deleted, in every table, also when
// nothing else changed.
func TestRowsMissingFromSnapshotAreDeleted(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	snap := bigSnapshot(30)
	mustApply(t, s, snap)
	gone := snap.Members[0]
	snap.Members = snap.Members[1:]
	snap.Invites = snap.Invites[1:] // person000's invite
	snap.Teams = snap.Teams[:1]
	st := mustApply(t, s, snap)
	if st.Deleted < 4 { // member, invite, person, team
		t.Fatalf("deleted %d rows, want at least 4", st.Deleted)
	}
	if _, err := s.Person(ctx, gone.Email); !errorsIs(err, ErrNotFound) {
		t.Errorf("removed person still there: %v", err)
	}
	if org, _ := s.Organization(ctx); len(org.Teams) != 1 {
		t.Errorf("teams = %+v, want one", org.Teams)
	}
}

// Signed links: a listing signs every photo again (new signature and
// expiry, same file). The stored link is kept while it stays valid at
// least half as long as the new one and at least keptLinkMinLife, so an
// unchanged organization writes no photo rows; links nearing their end,
// short-lived links and links to another file are replaced.
func TestSignedLinksRewrittenOnlyWhenNeeded(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "cache.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	snapWith := func(url string, exp time.Time, liked domain.LikedStatus) Snapshot {
		b := newSnap()
		b.model("mod_1", "a@example.com", "A", domain.ModelActive, day(1))
		p := PhotoRecord{
			Photo:   domain.Photo{ID: "ph_1", ModelID: "mod_1", Status: domain.PhotoActive, LikedStatus: liked, CreatedAt: day(1), ExpiresAt: exp},
			URLMain: url, URLExpiresAt: exp,
		}
		if url != "" {
			p.URLThumb, p.URLOriginal = url+"&t", url+"&o"
		}
		b.Photos = append(b.Photos, p)
		b.fav("mod_1", "ph_1")
		return b.Snapshot
	}
	stored := func() PhotoRecord {
		t.Helper()
		p, err := s.Photo(ctx, "ph_1")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	const file = "https://cdn.test/photos/ph_1/main.jpg"
	mustApply(t, s, snapWith(file+"?sig=a", now.Add(24*time.Hour), domain.LikedNone))

	// Re-signed a minute later: the stored link has ~24 h left; kept.
	now = now.Add(time.Minute)
	if st := mustApply(t, s, snapWith(file+"?sig=b", now.Add(24*time.Hour), domain.LikedNone)); st.Changed != 0 {
		t.Errorf("a new signature alone changed %d rows", st.Changed)
	}
	if p := stored(); p.URLMain != file+"?sig=a" || !p.URLExpiresAt.Equal(now.Add(-time.Minute).Add(24*time.Hour)) {
		t.Errorf("kept link = %s until %v", p.URLMain, p.URLExpiresAt)
	}

	// 13 h later the stored link has 11 h left, under half of a new one's 24 h.
	now = now.Add(13 * time.Hour)
	mustApply(t, s, snapWith(file+"?sig=c", now.Add(24*time.Hour), domain.LikedNone))
	if p := stored(); p.URLMain != file+"?sig=c" || p.URLThumb != file+"?sig=c&t" || !p.URLExpiresAt.Equal(now.Add(24*time.Hour)) {
		t.Errorf("link nearing its end not renewed: %s until %v", p.URLMain, p.URLExpiresAt)
	}

	// Another file behind the link: replaced at once.
	mustApply(t, s, snapWith("https://cdn.test/photos/ph_1/v2.jpg?sig=d", now.Add(24*time.Hour), domain.LikedNone))
	if p := stored(); p.URLMain != "https://cdn.test/photos/ph_1/v2.jpg?sig=d" {
		t.Errorf("link to another file not taken: %s", p.URLMain)
	}

	// A metadata change writes the row, links included.
	mustApply(t, s, snapWith(file+"?sig=e", now.Add(24*time.Hour), domain.LikedLoved))
	if p := stored(); p.LikedStatus != domain.LikedLoved || p.URLMain != file+"?sig=e" {
		t.Errorf("after a metadata change: %+v", p)
	}

	// A stored link with minutes left is replaced, even by a short-lived
	// one (15 minutes); and short-lived links, under keptLinkMinLife, are
	// always replaced by fresher ones.
	now = now.Add(24*time.Hour - 6*time.Minute)
	mustApply(t, s, snapWith(file+"?sig=f", now.Add(15*time.Minute), domain.LikedLoved))
	if p := stored(); p.URLMain != file+"?sig=f" {
		t.Errorf("link with 6 minutes left kept: %s", p.URLMain)
	}
	now = now.Add(time.Minute)
	mustApply(t, s, snapWith(file+"?sig=g", now.Add(15*time.Minute), domain.LikedLoved))
	if p := stored(); p.URLMain != file+"?sig=g" {
		t.Errorf("short-lived link kept: %s", p.URLMain)
	}

	// A listing without links keeps the stored ones.
	mustApply(t, s, snapWith("", time.Time{}, domain.LikedLoved))
	if p := stored(); p.URLMain != file+"?sig=g" {
		t.Errorf("metadata-only listing dropped the link: %q", p.URLMain)
	}
}

// A cache made before row digests existed (schema 3: with the publish
// log) opens, migrates and is brought in line by the next apply.
func TestMigratesCacheWithoutDigests(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	snap := bigSnapshot(20)
	mustApply(t, s, snap)
	s.Close()
	// Turn the file back into schema 3: drop the digest columns.
	db, err := sql.Open(driverName, dsn(path, "_foreign_keys=off"))
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"teams", "invites", "members", "models", "favorites", "people"} {
		if _, err := db.Exec("ALTER TABLE " + table + " DROP COLUMN row_digest"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("PRAGMA user_version = 3"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("open a schema-3 cache: %v", err)
	}
	defer s.Close()
	if st := mustApply(t, s, snap); st.Changed == 0 {
		t.Error("the first apply after the migration set no digests")
	}
	if st := mustApply(t, s, snap); st.Changed != 0 {
		t.Errorf("second apply changed %d rows", st.Changed)
	}
}

// The guard sees what DiffCounts would report and, when it refuses,
// nothing is written.
func TestGuardRefusalWritesNothing(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	mustApply(t, s, lifecycleSnapshot().Snapshot)
	before, _ := s.SyncStatus(ctx)
	b := lifecycleSnapshot()
	b.Members = b.Members[:len(b.Members)-1] // m_ref, the only trace of ref@example.com
	b.Models[0].Title = "renamed"
	wantRemoved, wantTotal, err := s.DiffCounts(ctx, b.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	refuse := errors.New("refused")
	var gotRemoved, gotTotal int
	_, err = s.ApplySnapshotGuarded(ctx, b.Snapshot, func(removed, total int) error {
		gotRemoved, gotTotal = removed, total
		return refuse
	})
	if !errors.Is(err, refuse) {
		t.Fatalf("err = %v, want the guard's", err)
	}
	if gotRemoved != wantRemoved || gotTotal != wantTotal || gotRemoved != 1 {
		t.Errorf("guard saw %d of %d removed, DiffCounts says %d of %d", gotRemoved, gotTotal, wantRemoved, wantTotal)
	}
	if _, err := s.Person(ctx, "ref@example.com"); err != nil {
		t.Errorf("refused apply removed a person: %v", err)
	}
	if after, _ := s.SyncStatus(ctx); !after.LastSuccess.Equal(before.LastSuccess) {
		t.Error("refused apply recorded a sync")
	}
	if st, err := s.ApplySnapshotGuarded(ctx, b.Snapshot, func(int, int) error { return nil }); err != nil || st.Deleted == 0 {
		t.Errorf("accepted apply: %+v, %v", st, err)
	}
}

// Row digests are stored in every cache: hashing a row must give the value
// earlier versions stored, or the first sync after an update would rewrite
// every row of every table.
func TestRowDigestEncodingIsStable(t *testing.T) {
	var h rowHasher
	for _, s := range []string{"ann@example.com", "Ann@Example.com", "pending", "", "team_a", "Alpha"} {
		h.text(s)
	}
	h.integer(1767225600000)
	h.integer(1)
	h.text("Zoë")
	if h.key != "ann@example.com" {
		t.Errorf("key = %q", h.key)
	}
	if got, want := h.sum(), int64(4341656826611313651); got != want {
		t.Errorf("digest = %d, want %d (the value schema-4 caches hold)", got, want)
	}
}

// The per-table sum decides "unchanged" in one query; it must still see a
// single changed row, a row swapped for another, a row removed, and a row
// whose digest is unknown.
func TestTableSumSeesEveryKindOfChange(t *testing.T) {
	s := openTemp(t)
	snap := bigSnapshot(40)
	mustApply(t, s, snap)
	ctx := context.Background()

	changed := snap
	changed.Members = slices.Clone(snap.Members)
	changed.Members[7].Name = "Renamed Person"
	if st := mustApply(t, s, changed); st.Changed != 2 { // the member and the person
		t.Errorf("one renamed member changed %d rows, want 2", st.Changed)
	}
	if p := mustPerson(t, s, domain.NormalizeEmail(changed.Members[7].Email)); p.Name != "Renamed Person" {
		t.Errorf("name = %q", p.Name)
	}

	// Two invites swap their statuses: same multiset of values, other rows.
	swapped := changed
	swapped.Invites = slices.Clone(changed.Invites)
	i, j := 0, len(swapped.Invites)-1
	if swapped.Invites[i].Status == swapped.Invites[j].Status {
		swapped.Invites[j].Status = domain.InviteRevoked
	}
	swapped.Invites[i].Status, swapped.Invites[j].Status = swapped.Invites[j].Status, swapped.Invites[i].Status
	if st := mustApply(t, s, swapped); st.Changed < 2 {
		t.Errorf("swapped invite statuses changed %d rows", st.Changed)
	}
	var status string
	if err := s.r.QueryRowContext(ctx, "SELECT status FROM invites WHERE email_norm = ?",
		domain.NormalizeEmail(swapped.Invites[i].Email)).Scan(&status); err != nil || status != string(swapped.Invites[i].Status) {
		t.Errorf("invite status = %q (%v), want %q", status, err, swapped.Invites[i].Status)
	}

	if _, err := s.w.Exec("UPDATE models SET row_digest = NULL WHERE id = ?", snap.Models[2].ID); err != nil {
		t.Fatal(err)
	}
	if st := mustApply(t, s, swapped); st.Changed != 1 {
		t.Errorf("a model with an unknown digest: changed %d rows, want 1", st.Changed)
	}
	if st := mustApply(t, s, swapped); st.Changed != 0 || st.Deleted != 0 {
		t.Errorf("unchanged apply: %+v", st)
	}
}
