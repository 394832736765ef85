package store

import (
	"context"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// lifecycleSnapshot has one person per lifecycle (and a few edge cases).
func lifecycleSnapshot() *snapBuilder {
	b := newSnap()
	// Invited: pending invite, nobody joined.
	b.invite("Invited@Example.com", domain.InvitePending, "team_a", day(1))
	// Revoked invite.
	b.invite("revoked@example.com", domain.InviteRevoked, "team_a", day(1))
	// Joined: member without a model (and an accepted invite with odd case).
	b.invite("JOINED@example.com", domain.InviteAccepted, "team_b", day(1))
	b.member("m_joined", "joined@example.com", "Jo Ined", domain.MemberAccepted, "team_b", day(2))
	// Joined: onboarding model.
	b.member("m_onb", "onb@example.com", "On Boarding", domain.MemberPending, "team_a", day(2))
	b.model("mod_onb", "onb@example.com", "Onb", domain.ModelOnboarding, day(3))
	// Generating.
	b.member("m_gen", "gen@example.com", "Gene Rating", domain.MemberPending, "team_a", day(2))
	b.model("mod_gen", "gen@example.com", "Gen", domain.ModelGeneratingHeadshots, day(3))
	// No favorite.
	b.member("m_nofav", "nofav@example.com", "No Fav", domain.MemberFinished, "team_a", day(2))
	b.model("mod_nofav", "nofav@example.com", "NoFav", domain.ModelActive, day(3))
	// Finished: active with favorite; has an older deleted shoot too.
	b.member("m_fin", "fin@example.com", "Fin Ished", domain.MemberFinished, "team_b", day(2))
	b.model("mod_fin_old", "fin@example.com", "Old shoot", domain.ModelDeleted, day(2))
	b.model("mod_fin", "fin@example.com", "Final", domain.ModelActive, day(4))
	b.photo("ph_fin", "mod_fin", day(5)).fav("mod_fin", "ph_fin")
	// Deleted: latest shoot deleted, even with a favorite.
	b.member("m_del", "del@example.com", "Del Eted", domain.MemberFinished, "team_a", day(2))
	b.model("mod_del", "del@example.com", "Del", domain.ModelDeleted, day(3))
	b.fav("mod_del", "ph_gone")
	// Unknown model status kept.
	b.member("m_unk", "unk@example.com", "Un Known", "vip", "team_a", day(2))
	b.model("mod_unk", "unk@example.com", "Unk", "archived", day(3))
	// Unknown invite status of a member: Joined + Unknown.
	b.invite("exp@example.com", "expired", "team_a", day(1))
	b.member("m_exp", "exp@example.com", "Ex Pired", domain.MemberAccepted, "team_a", day(2))
	// Member whose model is not in the models list: member's modelStatus.
	b.Members = append(b.Members, domain.Member{ID: "m_ref", Email: "ref@example.com", Name: "Ref", Status: domain.MemberPending,
		TeamID: "team_a", ModelID: "mod_missing", ModelStatus: domain.ModelWaiting, JoinedAt: day(2)})
	return b
}

func TestPeopleDerivationPerLifecycle(t *testing.T) {
	s := openTemp(t)
	st := mustApply(t, s, lifecycleSnapshot().Snapshot)
	if st.People != 11 {
		t.Errorf("people = %d, want 11", st.People)
	}
	tests := []struct {
		key       string
		lifecycle domain.Lifecycle
		unknown   string
		memberID  string
		model     string
		shoots    int
	}{
		{"invited@example.com", domain.LifecycleInvited, "", "", "", 0},
		{"revoked@example.com", domain.LifecycleRevoked, "", "", "", 0},
		{"joined@example.com", domain.LifecycleJoined, "", "m_joined", "", 0},
		{"onb@example.com", domain.LifecycleJoined, "", "m_onb", "mod_onb", 1},
		{"gen@example.com", domain.LifecycleGenerating, "", "m_gen", "mod_gen", 1},
		{"nofav@example.com", domain.LifecycleNoFavorite, "", "m_nofav", "mod_nofav", 1},
		{"fin@example.com", domain.LifecycleFinished, "", "m_fin", "mod_fin", 2},
		{"del@example.com", domain.LifecycleDeleted, "", "m_del", "mod_del", 1},
		{"unk@example.com", "", "archived", "m_unk", "mod_unk", 1},
		{"exp@example.com", domain.LifecycleJoined, "expired", "m_exp", "", 0},
		{"ref@example.com", domain.LifecycleGenerating, "", "m_ref", "mod_missing", 0},
	}
	for _, tt := range tests {
		p := mustPerson(t, s, tt.key)
		if p.Lifecycle != tt.lifecycle || p.UnknownStatus != tt.unknown || p.MemberID != tt.memberID ||
			p.ModelID != tt.model || p.ShootCount != tt.shoots {
			t.Errorf("%s: got lifecycle=%q unknown=%q member=%q model=%q shoots=%d; want %q %q %q %q %d",
				tt.key, p.Lifecycle, p.UnknownStatus, p.MemberID, p.ModelID, p.ShootCount,
				tt.lifecycle, tt.unknown, tt.memberID, tt.model, tt.shoots)
		}
	}

	fin := mustPerson(t, s, "FIN@example.com")
	if !fin.HasFavorite || fin.FavoritePhotoID != "ph_fin" || fin.ModelTitle != "Final" ||
		fin.TeamName != "Beta" || !fin.FinishedAt.Equal(day(4).Add(3*time.Hour)) || fin.Name != "Fin Ished" {
		t.Errorf("finished person = %+v", fin)
	}
	// Lookup by member id, and unknown raw statuses kept verbatim.
	unk := mustPerson(t, s, "m_unk")
	if unk.ModelStatus != "archived" || unk.MemberStatus != "vip" || unk.State().Label() != "archived" {
		t.Errorf("unknown statuses not kept: %+v", unk)
	}
	joined := mustPerson(t, s, "joined@example.com")
	if joined.InviteStatus != domain.InviteAccepted || !joined.InvitedAt.Equal(day(1)) || !joined.JoinedAt.Equal(day(2)) {
		t.Errorf("invite not merged into member row: %+v", joined)
	}
	models, err := s.ModelsOf(context.Background(), "Fin@Example.com")
	if err != nil || len(models) != 2 || models[0].ID != "mod_fin" || models[1].Status != domain.ModelDeleted {
		t.Errorf("ModelsOf = %+v, %v", models, err)
	}
}

func TestApplyReapplyAndRemovals(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	b := lifecycleSnapshot()
	first := mustApply(t, s, b.Snapshot)
	if first.Changed == 0 || first.Deleted != 0 {
		t.Fatalf("first apply stats %+v", first)
	}
	again := mustApply(t, s, b.Snapshot)
	// Unchanged rows are skipped entirely, the organization row included.
	if again.Changed != 0 || again.Deleted != 0 {
		t.Fatalf("re-apply of an unchanged snapshot changed %d rows, deleted %d", again.Changed, again.Deleted)
	}

	// The generating shoot finishes and gets a favorite; "gen" moves tabs.
	b2 := lifecycleSnapshot()
	for i := range b2.Models {
		if b2.Models[i].ID == "mod_gen" {
			b2.Models[i].Status = domain.ModelActive
		}
	}
	b2.photo("ph_gen", "mod_gen", day(6)).fav("mod_gen", "ph_gen")
	// nofav leaves the organization entirely.
	var members []domain.Member
	for _, m := range b2.Members {
		if m.ID != "m_nofav" {
			members = append(members, m)
		}
	}
	b2.Members = members
	var models []domain.Model
	for _, m := range b2.Models {
		if m.ID != "mod_nofav" {
			models = append(models, m)
		}
	}
	b2.Models = models

	removed, total, err := s.DiffCounts(ctx, b2.Snapshot)
	if err != nil || removed != 1 || total != 11 {
		t.Fatalf("DiffCounts = %d/%d, %v; want 1/11", removed, total, err)
	}
	st := mustApply(t, s, b2.Snapshot)
	if st.Deleted < 3 { // member, model, person
		t.Errorf("deleted = %d, want >= 3", st.Deleted)
	}
	if p := mustPerson(t, s, "gen@example.com"); p.Lifecycle != domain.LifecycleFinished || p.FavoritePhotoID != "ph_gen" {
		t.Errorf("gen after update: %+v", p)
	}
	if _, err := s.Person(ctx, "nofav@example.com"); !errorsIs(err, ErrNotFound) {
		t.Errorf("removed person still there: %v", err)
	}
	var n int
	s.r.QueryRow("SELECT count(*) FROM photos WHERE model_id = 'mod_nofav'").Scan(&n)
	if n != 0 {
		t.Error("photos of a removed model were kept")
	}

	// sync_state advanced with the commit.
	status, err := s.SyncStatus(ctx)
	if err != nil || !status.LastFullSync.Equal(t0) || status.LastSuccess.IsZero() || status.Counts.People != 10 {
		t.Errorf("sync status = %+v, %v", status, err)
	}
	if err := s.RecordSyncError(ctx, day(9), "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	status, _ = s.SyncStatus(ctx)
	if status.LastError != "HTTP 500" || !status.LastErrorAt.Equal(day(9)) || !status.LastFullSync.Equal(t0) {
		t.Errorf("after error: %+v", status)
	}
	if last, _ := s.LastSync(ctx); !last.Equal(t0) {
		t.Errorf("LastSync = %v", last)
	}
	org, err := s.Organization(ctx)
	if err != nil || org.Name != "Acme" || org.Credits != 12.25 || len(org.Teams) != 2 {
		t.Errorf("Organization = %+v, %v", org, err)
	}
}

func TestReapplyUnchangedWritesNothing(t *testing.T) {
	s := openTemp(t)
	snap := bigSnapshot(300)
	mustApply(t, s, snap)
	st := mustApply(t, s, snap)
	if st.Changed != 0 || st.Deleted != 0 {
		t.Fatalf("unchanged re-apply: changed=%d deleted=%d", st.Changed, st.Deleted)
	}
	snap.Members[7].Name = "Renamed"
	st = mustApply(t, s, snap)
	// The member row and the person row.
	if st.Changed != 2 {
		t.Fatalf("one rename changed %d rows, want 2", st.Changed)
	}
	if p := mustPerson(t, s, snap.Members[7].Email); p.Name != "Renamed" {
		t.Errorf("name = %q", p.Name)
	}
}

func TestSnapshotCleaning(t *testing.T) {
	s := openTemp(t)
	b := newSnap()
	b.member("m1", "a@example.com", "First", domain.MemberAccepted, "team_a", day(1))
	b.member("m1", "a@example.com", "Second page wins", domain.MemberAccepted, "team_a", day(1))
	b.member("", "noid@example.com", "", domain.MemberAccepted, "", day(1))
	b.model("mod1", "a@example.com", "T", domain.ModelActive, day(1))
	b.photo("orphan", "mod_unknown", day(2))
	b.fav("mod_unknown", "orphan")
	st := mustApply(t, s, b.Snapshot)
	if st.Skipped != 4 || st.Members != 1 || st.Photos != 0 || st.Favorites != 0 {
		t.Fatalf("stats %+v", st)
	}
	if p := mustPerson(t, s, "a@example.com"); p.Name != "Second page wins" {
		t.Errorf("dedupe kept %q", p.Name)
	}
}

func TestMarkersSurviveResync(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	b := lifecycleSnapshot()
	mustApply(t, s, b.Snapshot)
	if err := s.SetActioned(ctx, "mod_fin", true, day(7)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetActioned(ctx, "mod_gen", true, day(8)); err != nil {
		t.Fatal(err)
	}
	p := mustPerson(t, s, "fin@example.com")
	if !p.Actioned || !p.ActionedAt.Equal(day(7)) {
		t.Fatalf("marker not visible: %+v", p)
	}
	mustApply(t, s, b.Snapshot)
	if p := mustPerson(t, s, "fin@example.com"); !p.Actioned {
		t.Fatal("re-sync dropped the marker")
	}

	// The generating shoot vanishes, and the same email gets a new shoot:
	// the marker stays on the old model id and is not moved (markers are
	// never matched by email).
	b2 := lifecycleSnapshot()
	for i := range b2.Models {
		if b2.Models[i].ID == "mod_gen" {
			b2.Models[i].ID = "mod_gen_new"
		}
	}
	mustApply(t, s, b2.Snapshot)
	if p := mustPerson(t, s, "gen@example.com"); p.Actioned || p.ModelID != "mod_gen_new" {
		t.Errorf("marker transferred to a new shoot: %+v", p)
	}
	markers, err := s.Markers(ctx)
	if err != nil || len(markers) != 2 || markers[1].ModelID != "mod_gen" {
		t.Errorf("orphan marker lost: %+v, %v", markers, err)
	}

	if err := s.SetActioned(ctx, "mod_fin", false, day(9)); err != nil {
		t.Fatal(err)
	}
	if p := mustPerson(t, s, "fin@example.com"); p.Actioned {
		t.Error("undo did not clear the marker")
	}
	if err := s.SetActioned(ctx, "", true, day(1)); err == nil {
		t.Error("empty model id accepted")
	}
}

func TestPhotosURLsAndFavorites(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	b := lifecycleSnapshot()
	b.member("m_fin2", "aaa@example.com", "Aaa", domain.MemberFinished, "team_a", day(2))
	b.model("mod_fin2", "aaa@example.com", "", domain.ModelActive, day(3))
	b.fav("mod_fin2", "ph_not_cached")
	mustApply(t, s, b.Snapshot)

	favs, err := s.Favorites(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// del@ has a favorite on a deleted shoot: left out.
	if len(favs) != 2 || favs[0].Email != "aaa@example.com" || favs[1].ModelID != "mod_fin" {
		t.Fatalf("favorites = %+v", favs)
	}
	if favs[0].URLMain != "" || favs[1].URLMain != "https://cdn.test/ph_fin?sig=m" || !favs[1].URLExpiresAt.Equal(day(5)) ||
		favs[1].TeamName != "Beta" || favs[1].MemberID != "m_fin" || favs[1].PhotoID != "ph_fin" {
		t.Errorf("favorite rows = %+v", favs)
	}
	if favs, _ := s.Favorites(ctx, "team_a"); len(favs) != 1 || favs[0].ModelID != "mod_fin2" {
		t.Errorf("team-scoped favorites = %+v", favs)
	}

	if err := s.UpdatePhotoURLs(ctx, "ph_fin", PhotoURLs{Main: "https://cdn.test/new"}, day(10)); err != nil {
		t.Fatal(err)
	}
	ph, err := s.Photo(ctx, "ph_fin")
	if err != nil || ph.URLMain != "https://cdn.test/new" || ph.URLThumb != "" || !ph.URLExpiresAt.Equal(day(10)) {
		t.Errorf("photo after URL update = %+v, %v", ph, err)
	}
	if err := s.UpdatePhotoURLs(ctx, "nope", PhotoURLs{}, day(1)); !errorsIs(err, ErrNotFound) {
		t.Errorf("unknown photo: %v", err)
	}
	// A later snapshot with metadata only keeps the refreshed URLs.
	b.Photos[0].URLMain, b.Photos[0].URLThumb, b.Photos[0].URLOriginal, b.Photos[0].URLExpiresAt = "", "", "", time.Time{}
	mustApply(t, s, b.Snapshot)
	if ph, _ := s.Photo(ctx, "ph_fin"); ph.URLMain != "https://cdn.test/new" {
		t.Errorf("metadata-only sync clobbered URLs: %+v", ph)
	}

	// ReplacePhotos sets the complete list for one shoot.
	err = s.ReplacePhotos(ctx, "mod_fin", []PhotoRecord{
		{Photo: domain.Photo{ID: "ph_a", Status: domain.PhotoActive, CreatedAt: day(1)}, URLMain: "u", URLExpiresAt: day(2)},
		{Photo: domain.Photo{ID: "ph_b", Status: domain.PhotoActive, CreatedAt: day(2)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	photos, err := s.PhotosOf(ctx, "mod_fin")
	if err != nil || len(photos) != 2 || photos[0].ID != "ph_a" || photos[0].URLMain != "u" {
		t.Errorf("PhotosOf = %+v, %v", photos, err)
	}
	if err := s.ReplacePhotos(ctx, "mod_nope", nil); !errorsIs(err, ErrNotFound) {
		t.Errorf("ReplacePhotos unknown model: %v", err)
	}
	// Photos fetched on demand survive a sync that does not list them...
	mustApply(t, s, b.Snapshot)
	if photos, _ := s.PhotosOf(ctx, "mod_fin"); len(photos) != 3 { // ph_a, ph_b + ph_fin from the snapshot
		t.Errorf("on-demand photos after sync = %d, want 3", len(photos))
	}
	// ...but not one that declares its photo list complete.
	b.PhotosComplete = true
	mustApply(t, s, b.Snapshot)
	if photos, _ := s.PhotosOf(ctx, "mod_fin"); len(photos) != 1 || photos[0].ID != "ph_fin" {
		t.Errorf("complete photo list not enforced: %+v", photos)
	}
}
