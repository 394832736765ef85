package syncer

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/procs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// moreRetries gives the fixture's clients 6 attempts a request instead of
// the default 4: TestSyncSurvivesFaults fails 30 % of requests, and with
// retries that do not sleep the extra attempts cost nothing.
var moreRetries = headshotpro.WithRetryPolicy(headshotpro.RetryPolicy{MaxAttempts: 6})

// fixture is an empty cache of a sandbox org and a Syncer over it.
type fixture struct {
	*sandboxtest.Cache
	sync *Syncer
}

func newFixture(t testing.TB, members int) *fixture {
	t.Helper()
	c := sandboxtest.NewCache(t, members, sandboxtest.CacheOptions{
		Sandbox: sandbox.Options{Seed: 7, ImageScale: 0.15},
		Client:  []headshotpro.Option{moreRetries},
	})
	return &fixture{Cache: c, sync: New(c.Client, c.Store, c.Blobs, nil)}
}

// TestFullSyncFieldByField syncs a 2,000-person org and checks every member,
// invite and shoot in the cache against what the API itself reports.
func TestFullSyncFieldByField(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000-member sync")
	}
	f := newFixture(t, 2000)
	ctx := context.Background()
	res, err := f.sync.Sync(ctx, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	members, err := headshotpro.Collect(f.Client.Members(ctx, headshotpro.MemberFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	invites, err := f.Client.Invites(ctx)
	if err != nil {
		t.Fatal(err)
	}
	models, err := headshotpro.Collect(f.Client.Models(ctx, headshotpro.ModelFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	favs, err := headshotpro.Collect(f.Client.Favorites(ctx, headshotpro.FavoritesFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Members != len(members) || res.Invites != len(invites) || res.Models != len(models) || res.Favorites != len(favs) {
		t.Fatalf("result %+v, API has %d members, %d invites, %d models, %d favorites", res, len(members), len(invites), len(models), len(favs))
	}
	if len(members) < 1000 {
		t.Fatalf("sandbox org too small for this test: %d members", len(members))
	}

	// latest model per email = the person's current shoot
	latest := map[string]domain.Model{}
	for _, m := range models {
		k := domain.NormalizeEmail(m.Email)
		if cur, ok := latest[k]; !ok || m.CreatedAt.After(cur.CreatedAt) {
			latest[k] = m
		}
	}
	favByModel := map[string]string{}
	for _, fv := range favs {
		favByModel[fv.ModelID] = fv.ID
	}

	for _, m := range members {
		p, err := f.Store.Person(ctx, m.ID)
		if err != nil {
			t.Fatalf("member %s (%s) not in cache: %v", m.ID, m.Email, err)
		}
		if p.MemberID != m.ID || !strings.EqualFold(p.Email, m.Email) || p.Name != m.Name || p.TeamID != m.TeamID || p.TeamName != m.TeamName || p.MemberStatus != m.Status {
			t.Fatalf("member %s: cache %+v, API %+v", m.ID, p, m)
		}
		if !p.JoinedAt.Equal(m.JoinedAt.Truncate(time.Millisecond)) {
			t.Errorf("member %s joinedAt %v, API %v", m.ID, p.JoinedAt, m.JoinedAt)
		}
		if lm, ok := latest[domain.NormalizeEmail(m.Email)]; ok {
			if p.ModelID != lm.ID || p.ModelStatus != lm.Status || p.ModelTitle != lm.Title {
				t.Fatalf("member %s current shoot: cache %s/%s/%q, API %s/%s/%q", m.Email, p.ModelID, p.ModelStatus, p.ModelTitle, lm.ID, lm.Status, lm.Title)
			}
			if !p.FinishedAt.Equal(lm.FinishedAt.Truncate(time.Millisecond)) {
				t.Errorf("member %s finishedAt %v, API %v", m.Email, p.FinishedAt, lm.FinishedAt)
			}
			fav, has := favByModel[lm.ID]
			if p.HasFavorite != has || p.FavoritePhotoID != fav {
				t.Fatalf("member %s favorite: cache %v/%s, API %v/%s", m.Email, p.HasFavorite, p.FavoritePhotoID, has, fav)
			}
		}
		want := domain.Derive(domain.LifecycleInput{InviteStatus: p.InviteStatus, HasMember: true, ModelStatus: p.ModelStatus, HasFavorite: p.HasFavorite})
		if p.State() != want {
			t.Fatalf("member %s lifecycle %+v, want %+v", m.Email, p.State(), want)
		}
	}
	for _, in := range invites {
		p, err := f.Store.Person(ctx, in.Email)
		if err != nil {
			t.Fatalf("invite %s not in cache: %v", in.Email, err)
		}
		if p.InviteStatus != in.Status {
			t.Fatalf("invite %s status %s, API %s", in.Email, p.InviteStatus, in.Status)
		}
	}
	for _, m := range models {
		got, err := f.Store.ModelsOf(ctx, m.Email)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, g := range got {
			if g.ID == m.ID {
				found = true
				if g.Status != m.Status || g.Title != m.Title || g.TeamID != m.TeamID || g.UID != m.UID || !g.CreatedAt.Equal(m.CreatedAt.Truncate(time.Millisecond)) {
					t.Fatalf("model %s: cache %+v, API %+v", m.ID, g, m)
				}
			}
		}
		if !found {
			t.Fatalf("model %s of %s missing from cache", m.ID, m.Email)
		}
	}
	counts, err := f.Store.Counts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	credits, _ := f.Client.Credits(ctx)
	if counts.Credits != credits || counts.Total == 0 || counts.Finished == 0 || counts.PendingInvites == 0 || counts.InProgress == 0 {
		t.Fatalf("counts %+v (API credits %v)", counts, credits)
	}

	// A re-sync with nothing changed rewrites only the favorites' freshly
	// signed URLs.
	again, err := f.sync.Sync(ctx, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed > again.Favorites || again.Deleted != 0 {
		t.Errorf("unchanged re-sync changed %d rows (%d favorites) and deleted %d", again.Changed, again.Favorites, again.Deleted)
	}
}

// Every API fault the sandbox injects ends in complete data.
func TestSyncSurvivesFaults(t *testing.T) {
	f := newFixture(t, 300)
	ctx := context.Background()
	clean, err := f.sync.Sync(ctx, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]sandbox.Faults{
		"429 burst":        {RateLimitBurst: 3, BurstReset: time.Millisecond},
		"5xx rate":         {ErrorRate: 0.3},
		"latency":          {Latency: 20 * time.Millisecond},
		"truncated bodies": {Truncate: 3},
	}
	for name, faults := range cases {
		t.Run(name, func(t *testing.T) {
			if err := f.Srv.SetFaults(faults); err != nil {
				t.Fatal(err)
			}
			defer f.Srv.ResetFaults()
			res, err := f.sync.Sync(ctx, nil, Options{})
			if err != nil {
				t.Fatalf("sync under %s: %v", name, err)
			}
			if res.People != clean.People || res.Models != clean.Models || res.Favorites != clean.Favorites || res.Changed > res.Favorites || res.Deleted != 0 {
				t.Fatalf("sync under %s: %+v, clean run %+v", name, res, clean)
			}
		})
	}
}

// A sync that fails part-way (server keeps failing) changes nothing and
// says why.
func TestFailedSyncChangesNothing(t *testing.T) {
	f := newFixture(t, 120)
	ctx := context.Background()
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	invited, err := f.Store.People(ctx, store.PeopleQuery{Lifecycle: domain.LifecycleInvited, Limit: 1})
	if err != nil || len(invited.Items) == 0 {
		t.Fatalf("no invited person: %v", err)
	}
	email := invited.Items[0].Email
	// A change on the server that a successful sync would bring in…
	if _, err := f.Srv.AcceptInvite(email, "Late Joiner"); err != nil {
		t.Fatal(err)
	}
	// …but the server fails every request after the first few pages.
	if err := f.Srv.SetFaults(sandbox.Faults{ErrorRate: 1, ErrorStatus: 500}); err != nil {
		t.Fatal(err)
	}
	defer f.Srv.ResetFaults()
	_, err = f.sync.Sync(ctx, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "sync") {
		t.Fatalf("sync against a failing server: %v", err)
	}
	p, err := f.Store.Person(ctx, email)
	if err != nil || p.Lifecycle != domain.LifecycleInvited || p.MemberID != "" {
		t.Fatalf("failed sync changed the cache: %+v, %v", p, err)
	}
	st, err := f.Store.SyncStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LastError == "" {
		t.Errorf("failed sync not recorded: %+v", st)
	}
}

// A pull that would remove most of the org stops and asks.
func TestMassDeletionGuard(t *testing.T) {
	f := newFixture(t, 200)
	ctx := context.Background()
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	// The same organization, suddenly much smaller (a key of another
	// organization is stopped earlier: TestOtherOrganizationIsRefused).
	base, small := sandboxtest.NewTest(t, sandbox.Options{Members: 20, Seed: 7})
	other := New(sandboxtest.FastClient(t, base, small.APIKey(), moreRetries), f.Store, nil, nil)
	before, _ := f.Store.People(ctx, store.PeopleQuery{})
	_, err := other.Sync(ctx, nil, Options{})
	var mde *MassDeletionError
	if !errors.As(err, &mde) || !errors.Is(err, ErrMassDeletion) {
		t.Fatalf("want a mass-deletion stop, got %v", err)
	}
	if mde.Removed <= mde.Total/2 || mde.Total < before.Total {
		t.Errorf("guard numbers %+v, cache had %d", mde, before.Total)
	}
	after, _ := f.Store.People(ctx, store.PeopleQuery{})
	if after.Total != before.Total {
		t.Fatalf("guarded sync changed the cache: %d → %d", before.Total, after.Total)
	}
	if _, err := other.Sync(ctx, nil, Options{AllowMassDeletion: true}); err != nil {
		t.Fatalf("confirmed sync: %v", err)
	}
	after, _ = f.Store.People(ctx, store.PeopleQuery{})
	if after.Total >= before.Total {
		t.Errorf("confirmed sync did not apply: %d people", after.Total)
	}
}

// Local markers survive a re-sync.
func TestMarkersSurviveResync(t *testing.T) {
	f := newFixture(t, 120)
	ctx := context.Background()
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := f.Store.People(ctx, store.PeopleQuery{Lifecycle: domain.LifecycleFinished, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no finished person: %v", err)
	}
	p := page.Items[0]
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	if err := f.Store.SetActioned(ctx, p.ModelID, true, at); err != nil {
		t.Fatal(err)
	}
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := f.Store.Person(ctx, p.Key)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Actioned || !got.ActionedAt.Equal(at) {
		t.Fatalf("marker lost by re-sync: %+v", got)
	}
}

// An invite queued while offline is sent exactly once when the API is back,
// including after a crash between sending and recording the send.
func TestOfflineInviteReplayedExactlyOnce(t *testing.T) {
	f := newFixture(t, 60)
	ctx := context.Background()
	const email = "new.hire@example.com"

	// Offline: a client pointed at a port nobody listens on.
	deadURL := sandboxtest.DeadURL(t)
	offline := New(sandboxtest.FastClient(t, deadURL, "k", moreRetries), f.Store, nil, nil)
	id, err := QueueInvite(ctx, f.Store, "  New.Hire@Example.com ", "")
	if err != nil {
		t.Fatal(err)
	}
	// A double click queues it twice; it must still be sent once.
	if _, err := QueueInvite(ctx, f.Store, email, ""); err != nil {
		t.Fatal(err)
	}
	res, err := offline.Replay(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Offline || res.Sent != 0 {
		t.Fatalf("offline replay: %+v", res)
	}
	// Nothing was sent: the organization check before sending found
	// HeadshotPro unreachable, so the item is untouched.
	item, err := f.Store.OutboxItemByID(ctx, id)
	if err != nil || item.State != store.OutboxPending || item.Attempts != 0 {
		t.Fatalf("after offline replay: %+v, %v", item, err)
	}

	// Back online; the item is due once its backoff has passed.
	f.sync.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	res, err = f.sync.Replay(ctx)
	if err != nil || res.Sent != 2 {
		t.Fatalf("online replay: %+v, %v", res, err)
	}
	if n := len(sandboxtest.InvitesFor(t, f.Client, email)); n != 1 {
		t.Fatalf("%d invites for %s after replay, want 1", n, email)
	}
	res, err = f.sync.Replay(ctx)
	if err != nil || res.Sent != 0 {
		t.Fatalf("second replay sent again: %+v, %v", res, err)
	}

	// Crash between the server accepting and the outbox recording it: the
	// item is found in flight at the next start and goes back to pending.
	id2, err := QueueInvite(ctx, f.Store, "second.hire@example.com", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Store.MarkInFlight(ctx, id2); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Client.CreateInvite(ctx, headshotpro.InviteRequest{Email: "second.hire@example.com"}); err != nil {
		t.Fatal(err)
	}
	f.Store.Close()
	claimByDeadProcess(t, f.StorePath(), id2) // the sender crashed
	reopened, err := store.Open(f.StorePath())
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	after := New(f.Client, reopened, nil, nil)
	after.now = f.sync.now
	res, err = after.Replay(ctx)
	if err != nil || res.Sent != 1 {
		t.Fatalf("replay after crash: %+v, %v", res, err)
	}
	if n := len(sandboxtest.InvitesFor(t, f.Client, "second.hire@example.com")); n != 1 {
		t.Fatalf("%d invites after crash replay, want 1", n)
	}
}

// A permanent API refusal puts the item in needs_attention with the reason.
func TestPermanentFailureNeedsAttention(t *testing.T) {
	f := newFixture(t, 40)
	ctx := context.Background()
	id, err := QueueInvite(ctx, f.Store, "not-an-email", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.sync.Replay(ctx)
	if err != nil || res.NeedsAttention != 1 {
		t.Fatalf("replay: %+v, %v", res, err)
	}
	item, _ := f.Store.OutboxItemByID(ctx, id)
	if item.State != store.OutboxNeedsAttention || !strings.Contains(strings.ToLower(item.LastError), "email") {
		t.Fatalf("item %+v", item)
	}
}

// Prefetch stores every favorite and thumbnail; expired URLs are refreshed;
// a photo that always fails is reported and the rest goes on.
func TestPrefetch(t *testing.T) {
	f := newFixture(t, 80)
	ctx := context.Background()
	f.Srv.SetFaults(sandbox.Faults{URLTTL: time.Millisecond}) // every URL the sync gets is already dead
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	favs, err := f.Store.Favorites(ctx, "")
	if err != nil || len(favs) < 3 {
		t.Fatalf("favorites: %d, %v", len(favs), err)
	}
	time.Sleep(5 * time.Millisecond)
	broken := favs[0]
	f.Srv.SetFaults(sandbox.Faults{FailPhotos: []string{broken.PhotoID}})
	res, err := f.sync.Prefetch(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 2 || res.Fetched != 2*len(favs)-2 || res.Bytes == 0 {
		t.Fatalf("prefetch %+v for %d favorites", res, len(favs))
	}
	for _, fv := range favs[1:] {
		for _, v := range []string{blobs.VariantMain, blobs.VariantThumb} {
			if _, ok := f.Blobs.Lookup(blobs.PhotoKey(fv.PhotoID, v)); !ok {
				t.Fatalf("%s of %s not cached", v, fv.Email)
			}
		}
	}
	if _, ok := f.Blobs.Lookup(blobs.PhotoKey(broken.PhotoID, blobs.VariantMain)); ok {
		t.Fatal("a failed download left a blob")
	}
	f.Srv.ResetFaults()
	res, err = f.sync.Prefetch(ctx, nil)
	if err != nil || res.Fetched != 2 || res.AlreadyCached != 2*len(favs)-2 {
		t.Fatalf("second prefetch %+v, %v", res, err)
	}
}

// After the signed URLs' 24 hours, one pass over the favorites list renews
// them all (a few requests), instead of one API call per photo at export.
func TestRefreshFavoriteURLs(t *testing.T) {
	f := newFixture(t, 120)
	ctx := context.Background()
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	// (The seed's url-expiring scenario signs for 15 minutes: 10 is fresh.)
	before := f.Srv.Stats()
	if n, err := f.sync.RefreshFavoriteURLs(ctx, "", 10*time.Minute); err != nil || n != 0 {
		t.Fatalf("fresh links refreshed anyway: %d, %v", n, err)
	}
	if f.Srv.Stats().APIRequests != before.APIRequests {
		t.Error("a refresh with nothing expiring asked the API")
	}
	favs, _ := f.Store.Favorites(ctx, "")
	f.Srv.Advance(25 * time.Hour)
	f.sync.now = func() time.Time { return time.Now().Add(25 * time.Hour) }
	before = f.Srv.Stats()
	n, err := f.sync.RefreshFavoriteURLs(ctx, "", 10*time.Minute)
	if err != nil || n != len(favs) {
		t.Fatalf("refreshed %d of %d: %v", n, len(favs), err)
	}
	if reqs := f.Srv.Stats().APIRequests - before.APIRequests; reqs > int64(len(favs)/200+2) {
		t.Errorf("%d API requests to refresh %d links", reqs, len(favs))
	}
	after, _ := f.Store.Favorites(ctx, "")
	for _, fv := range after {
		if !fv.URLExpiresAt.After(f.sync.now()) || fv.URLMain == "" {
			t.Fatalf("%s still has a dead link (expires %v)", fv.Email, fv.URLExpiresAt)
		}
	}
}

// The offline copy and its queued actions belong to one organization: a
// key of another one sends nothing and changes nothing.
func TestOtherOrganizationIsRefused(t *testing.T) {
	f := newFixture(t, 60)
	ctx := context.Background()
	if _, err := f.sync.Sync(ctx, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := QueueInvite(ctx, f.Store, "queued.for.a@example.com", ""); err != nil {
		t.Fatal(err)
	}
	base, orgB := sandboxtest.NewTest(t, sandbox.Options{Members: 60, Seed: 8})
	other := New(sandboxtest.FastClient(t, base, orgB.APIKey(), moreRetries), f.Store, nil, nil)
	before, _ := f.Store.People(ctx, store.PeopleQuery{})
	if _, err := other.ReplayNow(ctx); !errors.Is(err, ErrOtherOrganization) {
		t.Fatalf("replay with another organization's key: %v", err)
	}
	if _, err := other.Sync(ctx, nil, Options{AllowMassDeletion: true}); !errors.Is(err, ErrOtherOrganization) {
		t.Fatalf("sync with another organization's key: %v", err)
	}
	if _, err := sandboxtest.FastClient(t, base, orgB.APIKey(), moreRetries).Invite(ctx, "queued.for.a@example.com"); !errors.Is(err, headshotpro.ErrNotFound) {
		t.Fatalf("organization B has A's queued invite (or cannot say): %v", err)
	}
	after, _ := f.Store.People(ctx, store.PeopleQuery{})
	items, _ := f.Store.Outbox(ctx)
	if after.Total != before.Total || len(items) != 1 || items[0].State != store.OutboxPending {
		t.Fatalf("the offline copy changed: %d → %d people, outbox %+v", before.Total, after.Total, items)
	}
}

// claimByDeadProcess makes an in-flight item's claim name a process of this
// computer that has ended, as a crash mid-send leaves it.
func claimByDeadProcess(t *testing.T, dbPath string, id int64) {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	p.Wait()
	db, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE outbox SET claimed_by = ? WHERE id = ?", procs.HostTag()+":"+strconv.Itoa(p.Pid), id); err != nil {
		t.Fatal(err)
	}
}
