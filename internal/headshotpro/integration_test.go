package headshotpro_test

// Integration tests: the real client against internal/sandbox over
// loopback (httptest), including its fault injection.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

// newSandboxClient serves a sandbox and returns a client whose waits are
// recorded, not spent, so fault tests run fast.
func newSandboxClient(t testing.TB, opts sandbox.Options) (*headshotpro.Client, *sandbox.Server, *sandboxtest.Waits) {
	t.Helper()
	base, srv := sandboxtest.NewTest(t, opts)
	w := &sandboxtest.Waits{}
	return sandboxtest.FastClient(t, base, srv.APIKey(), sandboxtest.WithSleep(w.Sleep)), srv, w
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func scenario(t *testing.T, srv *sandbox.Server, name string) sandbox.ScenarioEntry {
	t.Helper()
	for _, e := range srv.Scenarios() {
		if e.Scenario == name {
			return e
		}
	}
	t.Fatalf("no %q scenario in the sandbox", name)
	return sandbox.ScenarioEntry{}
}

func TestSandboxEveryEndpoint(t *testing.T) {
	c, srv, _ := newSandboxClient(t, sandbox.Options{Members: 120, Seed: 3})
	ctx := ctxFor(t)

	// 1, 2: organization + credits.
	org, err := c.Organization(ctx)
	if err != nil || org.UID == "" || org.Name == "" || len(org.Teams) == 0 || org.Credits <= 0 {
		t.Fatalf("Organization = %+v, %v", org, err)
	}
	// 12: teams.
	teams, err := c.Teams(ctx)
	if err != nil || len(teams) != len(org.Teams) {
		t.Fatalf("Teams = %v, %v", teams, err)
	}
	// 13, 14, 11, 15: create, rename, add members, delete.
	team, org2, err := c.CreateTeam(ctx, "Integration Squad")
	if err != nil || team.ID == "" || len(org2.Teams) != len(teams)+1 {
		t.Fatalf("CreateTeam = %+v, %v", team, err)
	}
	if _, _, err := c.CreateTeam(ctx, "integration squad"); !errors.Is(err, headshotpro.ErrInvalidRequest) || errors.Is(err, headshotpro.ErrOutcomeUnknown) {
		t.Errorf("duplicate team: %v", err)
	}
	org3, err := c.RenameTeam(ctx, team.ID, "Integration Crew")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := headshotpro.FindTeam(org3.Teams, "Integration Crew"); !ok || got.ID != team.ID {
		t.Errorf("rename not visible: %+v", org3.Teams)
	}
	fin := scenario(t, srv, "finished-favorite")
	if err := c.AddMembersToTeam(ctx, team.ID, []string{fin.Email}); err != nil {
		t.Fatal(err)
	}
	inv, err := c.Invite(ctx, fin.Email)
	if err != nil || inv.TeamID != team.ID || inv.TeamName != "Integration Crew" {
		t.Errorf("Invite after move = %+v, %v", inv, err)
	}
	if _, err := c.DeleteTeam(ctx, team.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RenameTeam(ctx, team.ID, "x"); !errors.Is(err, headshotpro.ErrNotFound) || !headshotpro.IsPermanent(err) {
		t.Errorf("rename deleted team: %v", err)
	}

	// 3, 4, 5, 6: invites.
	invites, err := c.Invites(ctx)
	if err != nil || len(invites) != 120 {
		t.Fatalf("Invites = %d, %v", len(invites), err)
	}
	res, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: "New.Person+tag@example.com", TeamID: teams[0].ID})
	if err != nil || res.ID == "" || res.Link == "" || res.TeamID != teams[0].ID {
		t.Fatalf("CreateInvite = %+v, %v", res, err)
	}
	got, err := c.Invite(ctx, "New.Person+tag@example.com")
	if err != nil || got.Status != domain.InvitePending || got.TeamID != teams[0].ID || got.CreatedAt.IsZero() {
		t.Errorf("Invite = %+v, %v", got, err)
	}
	if _, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: "new.person+tag@example.com"}); !errors.Is(err, headshotpro.ErrAlreadyExists) {
		t.Errorf("duplicate invite: %v", err)
	}
	if _, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: "not an email"}); !errors.Is(err, headshotpro.ErrInvalidEmail) {
		t.Errorf("bad email: %v", err)
	}
	if err := c.RevokeInvite(ctx, "New.Person+tag@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeInvite(ctx, "New.Person+tag@example.com"); !errors.Is(err, headshotpro.ErrAlreadyDeleted) {
		t.Errorf("second revoke: %v", err)
	}
	if _, err := c.Invite(ctx, "nobody@example.com"); !errors.Is(err, headshotpro.ErrNotFound) {
		t.Errorf("unknown invite: %v", err)
	}

	// 7-10: members.
	members, err := headshotpro.Collect(c.Members(ctx, headshotpro.MemberFilter{}))
	if err != nil || len(members) == 0 {
		t.Fatalf("Members = %d, %v", len(members), err)
	}
	buckets := 0
	for _, f := range []func(context.Context) (headshotpro.MemberList, error){c.AcceptedMembers, c.PendingMembers, c.FinishedMembers} {
		ml, err := f(ctx)
		if err != nil || ml.Count != len(ml.Members) {
			t.Fatalf("bucket: %+v, %v", ml.Count, err)
		}
		buckets += ml.Count
	}
	if buckets != len(members) {
		t.Errorf("accepted+pending+finished = %d, members = %d", buckets, len(members))
	}
	finished, err := headshotpro.Collect(c.Members(ctx, headshotpro.MemberFilter{Status: domain.MemberFinished}))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range finished {
		if m.Status != domain.MemberFinished || m.ModelStatus != domain.ModelActive {
			t.Errorf("finished filter gave %+v", m)
		}
	}

	// 16-19: models.
	models, err := headshotpro.Collect(c.Models(ctx, headshotpro.ModelFilter{}))
	if err != nil || len(models) == 0 {
		t.Fatalf("Models = %d, %v", len(models), err)
	}
	modelID := fin.ModelIDs[len(fin.ModelIDs)-1]
	m, err := c.Model(ctx, modelID)
	if err != nil || m.Status != domain.ModelActive || m.FinishedAt.IsZero() || m.Email != fin.Email {
		t.Fatalf("Model = %+v, %v", m, err)
	}
	wl, err := c.CreateModel(ctx, headshotpro.CreateModelRequest{Email: "wl@example.com", IsDevelopment: true})
	if err != nil || wl.ModelID == "" || wl.Status != domain.ModelOnboarding || wl.SignedURL == "" {
		t.Fatalf("CreateModel = %+v, %v", wl, err)
	}
	if err := c.DeleteModel(ctx, wl.ModelID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteModel(ctx, wl.ModelID); !errors.Is(err, headshotpro.ErrAlreadyDeleted) {
		t.Errorf("second delete: %v", err)
	}
	if _, err := c.Model(ctx, "000000000000000000000000"); !errors.Is(err, headshotpro.ErrNotFound) {
		t.Errorf("unknown model: %v", err)
	}

	// 20-24: photos.
	photos, err := headshotpro.Collect(c.Photos(ctx, modelID, headshotpro.PhotoFilter{Include: headshotpro.IncludeAll}))
	if err != nil || len(photos) == 0 {
		t.Fatalf("Photos = %d, %v", len(photos), err)
	}
	p0 := photos[0]
	if p0.ModelID != modelID || p0.URLs.Main == "" || p0.URLs.Thumbnail == "" || p0.URLs.Original == "" || p0.ExpiresAt.IsZero() {
		t.Errorf("photo = %+v", p0)
	}
	one, err := c.Photo(ctx, modelID, p0.ID, headshotpro.IncludeMain)
	if err != nil || one.ID != p0.ID || one.URLs.Main == "" {
		t.Errorf("Photo = %+v, %v", one, err)
	}
	fav, ok, err := c.FavoritePhoto(ctx, modelID, headshotpro.IncludeMain)
	if err != nil || !ok || fav.LikedStatus != domain.LikedLoved {
		t.Errorf("FavoritePhoto = %+v %v %v", fav, ok, err)
	}
	nofav := scenario(t, srv, "finished-no-favorite")
	if _, ok, err := c.FavoritePhoto(ctx, nofav.ModelIDs[0], ""); err != nil || ok {
		t.Errorf("no favorite: ok=%v err=%v", ok, err)
	}
	dl, err := c.DownloadURLs(ctx, modelID, headshotpro.DownloadRequest{PhotoIDs: []string{p0.ID}})
	if err != nil || len(dl.Items) != 1 || dl.Items[0].PhotoID != p0.ID || dl.Items[0].URLs.Main == "" {
		t.Errorf("DownloadURLs = %+v, %v", dl, err)
	}
	favs, err := headshotpro.Collect(c.Favorites(ctx, headshotpro.FavoritesFilter{}))
	if err != nil || len(favs) == 0 {
		t.Fatalf("Favorites = %d, %v", len(favs), err)
	}
	found := false
	for _, f := range favs {
		if f.ID == fav.ID {
			found = true
			if f.Email == "" || f.ModelID != modelID {
				t.Errorf("favorite context = %+v", f)
			}
		}
	}
	if !found {
		t.Error("model's favorite missing from org favorites")
	}

	// Photo bytes through the downloader: a real JPEG, no key at the CDN.
	var buf bytes.Buffer
	n, err := c.FetchPhoto(ctx, headshotpro.PhotoRef{ModelID: modelID, PhotoID: p0.ID, Variant: headshotpro.VariantThumbnail, URL: p0.URLs.Thumbnail}, &buf, 0)
	if err != nil || n == 0 {
		t.Fatalf("FetchPhoto: n=%d err=%v", n, err)
	}
	if _, err := jpeg.DecodeConfig(bytes.NewReader(buf.Bytes())); err != nil {
		t.Errorf("not a JPEG: %v", err)
	}
	if st := srv.Stats(); st.CDNWithAuthorization != 0 || st.CDNRequests == 0 {
		t.Errorf("stats = %+v", st)
	}

	// A wrong key is permanent and says so.
	bad, _ := headshotpro.New(c.BaseURL(), "sk_wrong")
	if _, err := bad.Teams(ctx); !errors.Is(err, headshotpro.ErrUnauthorized) || !headshotpro.IsPermanent(err) {
		t.Errorf("wrong key: %v", err)
	}
}

func TestSandboxPaging2000Members(t *testing.T) {
	c, srv, _ := newSandboxClient(t, sandbox.Options{Members: 2000, Seed: 11})
	ctx := ctxFor(t)
	first, err := c.ListMembers(ctx, headshotpro.MemberFilter{}, headshotpro.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.Stats().APIRequests
	all, err := headshotpro.Collect(c.Members(ctx, headshotpro.MemberFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != first.Total || first.Total < 1000 {
		t.Fatalf("got %d members, server total %d", len(all), first.Total)
	}
	ids := map[string]bool{}
	for _, m := range all {
		if ids[m.ID] {
			t.Fatalf("duplicate member %s", m.ID)
		}
		ids[m.ID] = true
	}
	wantPages := int64((first.Total + 199) / 200)
	if got := srv.Stats().APIRequests - before; got != wantPages {
		t.Errorf("requests = %d, want %d pages of 200", got, wantPages)
	}
}

// baseline pages everything once without faults.
func membersAndModels(t *testing.T, c *headshotpro.Client) ([]domain.Member, []domain.Model) {
	t.Helper()
	ctx := ctxFor(t)
	ms, err := headshotpro.Collect(c.Members(ctx, headshotpro.MemberFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	mods, err := headshotpro.Collect(c.Models(ctx, headshotpro.ModelFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	return ms, mods
}

func TestSandboxFaultsEndInCompleteData(t *testing.T) {
	c, srv, sl := newSandboxClient(t, sandbox.Options{Members: 1500, Seed: 5})
	wantMembers, wantModels := membersAndModels(t, c)

	// Every 3rd request a 5xx (alternating 500/503), a burst of 429s and
	// two responses cut in half.
	if err := srv.SetFaults(sandbox.Faults{ErrorRate: 1.0 / 3, RateLimitBurst: 4, BurstReset: 500 * time.Millisecond, Truncate: 2}); err != nil {
		t.Fatal(err)
	}
	gotMembers, gotModels := membersAndModels(t, c)
	if fmt.Sprint(gotMembers) != fmt.Sprint(wantMembers) || fmt.Sprint(gotModels) != fmt.Sprint(wantModels) {
		t.Fatalf("data under faults differs: members %d/%d models %d/%d",
			len(gotMembers), len(wantMembers), len(gotModels), len(wantModels))
	}
	if sl.Count() < 4+2 {
		t.Errorf("only %d waits: were the faults applied?", sl.Count())
	}
	if f := srv.CurrentFaults(); f.RateLimitBurst != 0 || f.Truncate != 0 {
		t.Errorf("faults not consumed: %+v", f)
	}
}

func TestSandboxRateLimitRealWait(t *testing.T) {
	// Real sleeping: the client waits for X-RateLimit-Reset from the server.
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 60, Seed: 2})
	c, err := headshotpro.New(base, srv.APIKey(), headshotpro.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.SetFaults(sandbox.Faults{RateLimitBurst: 2, BurstReset: 300 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	before := srv.Stats().APIRequests
	start := time.Now()
	if _, err := c.Teams(ctxFor(t)); err != nil {
		t.Fatal(err)
	}
	// The waits happened: the last 429's reset lies 300 ms after it was
	// sent, and the client sends again only after that reset (+ its pad),
	// so no machine is fast enough to finish sooner. How much longer it
	// takes says nothing under -race; ctxFor's 60 s deadline is the hang
	// guard. Three requests: two 429s and the answer, no hammering.
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("took %v; want about two short reset waits", d)
	}
	if n := srv.Stats().APIRequests - before; n != 3 {
		t.Errorf("%d API requests, want 3 (two 429s, then the answer)", n)
	}
}

func TestSandboxExpiredURLIsRefreshed(t *testing.T) {
	c, srv, _ := newSandboxClient(t, sandbox.Options{Members: 60, Seed: 9})
	ctx := ctxFor(t)
	fin := scenario(t, srv, "finished-favorite")
	modelID := fin.ModelIDs[len(fin.ModelIDs)-1]
	page, err := c.ListPhotos(ctx, modelID, headshotpro.PhotoFilter{Include: headshotpro.IncludeAll}, headshotpro.PageRequest{Limit: 1})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("photos: %v", err)
	}
	p := page.Items[0]
	srv.Advance(25 * time.Hour) // the 24 h URLs are now expired
	before := srv.Stats()
	var buf bytes.Buffer
	n, err := c.FetchPhoto(ctx, headshotpro.PhotoRef{ModelID: modelID, PhotoID: p.ID, Variant: headshotpro.VariantThumbnail, URL: p.URLs.Thumbnail}, &buf, 0)
	if err != nil || n == 0 || int64(buf.Len()) != n {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if _, err := jpeg.DecodeConfig(&buf); err != nil {
		t.Errorf("bytes are not one clean JPEG: %v", err)
	}
	after := srv.Stats()
	// The refresh asks the documented endpoints: the model's favorite
	// (not this photo) and then the model's photo list.
	if cdn, api := after.CDNRequests-before.CDNRequests, after.APIRequests-before.APIRequests; cdn != 2 || api != 2 {
		t.Errorf("cdn=%d api=%d; want 2 CDN tries and a refresh of 2 requests", cdn, api)
	}
	if after.CDNWithAuthorization != 0 {
		t.Error("CDN saw Authorization")
	}
	// The stale URL alone is reported as expired by the downloader.
	_, err = c.Downloader().Fetch(ctx, p.URLs.Thumbnail, io.Discard, 0)
	if !errors.Is(err, headshotpro.ErrURLExpired) || strings.Contains(err.Error(), "signature=") {
		t.Errorf("stale URL: %v", err)
	}
}

func TestSandboxInviteNotDuplicated(t *testing.T) {
	c, srv, _ := newSandboxClient(t, sandbox.Options{Members: 60, Seed: 4})
	ctx := ctxFor(t)
	count := func(email string) int { return len(sandboxtest.InvitesFor(t, c, email)) }

	// Lost acknowledgement: the server creates the invite, the answer is
	// cut in half. The client must not send it again.
	const lost = "lost-ack@example.com"
	if err := srv.SetFaults(sandbox.Faults{Truncate: 1}); err != nil {
		t.Fatal(err)
	}
	before := srv.Stats().APIRequests
	_, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: lost})
	if !errors.Is(err, headshotpro.ErrOutcomeUnknown) || headshotpro.IsPermanent(err) {
		t.Fatalf("err = %v, want outcome unknown", err)
	}
	if got := srv.Stats().APIRequests - before; got != 1 {
		t.Errorf("POST sent %d times", got)
	}
	// Resolution by reading: the invite exists, exactly once.
	if inv, err := c.Invite(ctx, lost); err != nil || inv.Status != domain.InvitePending {
		t.Errorf("lookup after lost ack: %+v %v", inv, err)
	}
	if n := count(lost); n != 1 {
		t.Errorf("%d invites for %s", n, lost)
	}

	// A 500 before acting: still not repeated by the client.
	const fivexx = "five-hundred@example.com"
	if err := srv.SetFaults(sandbox.Faults{ErrorRate: 1, ErrorStatus: 500}); err != nil {
		t.Fatal(err)
	}
	before = srv.Stats().APIRequests
	if _, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: fivexx}); !errors.Is(err, headshotpro.ErrOutcomeUnknown) || !errors.Is(err, headshotpro.ErrServer) {
		t.Fatalf("err = %v", err)
	}
	if got := srv.Stats().APIRequests - before; got != 1 {
		t.Errorf("POST sent %d times on 500", got)
	}
	srv.ResetFaults()
	if _, err := c.Invite(ctx, fivexx); !errors.Is(err, headshotpro.ErrNotFound) {
		t.Errorf("lookup: %v", err)
	}
	if _, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: fivexx}); err != nil {
		t.Fatal(err)
	}
	if n := count(fivexx); n != 1 {
		t.Errorf("%d invites for %s", n, fivexx)
	}

	// A 429 burst: refused before acting, so waited out and sent again.
	const limited = "rate-limited@example.com"
	if err := srv.SetFaults(sandbox.Faults{RateLimitBurst: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateInvite(ctx, headshotpro.InviteRequest{Email: limited}); err != nil {
		t.Fatal(err)
	}
	if n := count(limited); n != 1 {
		t.Errorf("%d invites for %s", n, limited)
	}
}
