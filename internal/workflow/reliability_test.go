package workflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// A cut-off transfer is one bad body, not "offline": the photo is fetched
// again and the rest of the export goes on.
func TestCutOffDownloadsAreNotOffline(t *testing.T) {
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 60, Seed: 3, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	ctx := context.Background()
	if _, err := d.Freshen(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	favs, err := d.Store.Favorites(ctx, "")
	if err != nil || len(favs) < 10 {
		t.Fatalf("favorites: %d %v", len(favs), err)
	}
	// Every other download is cut in half for a while.
	if err := srv.SetFaults(sandbox.Faults{CDNTruncate: 15}); err != nil {
		t.Fatal(err)
	}
	res, err := d.DownloadFavorites(ctx, FavoritesRequest{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 0 || res.Items != len(favs) {
		t.Fatalf("exported %d of %d, %d failed: %+v", res.Items, len(favs), res.Failed, res.Failures)
	}
}

// A damaged photo never becomes the cached favorite, so once HeadshotPro
// serves it whole again the profile picture works.
func TestDamagedDownloadsAreNotKept(t *testing.T) {
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 40, Seed: 3, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	ctx := context.Background()
	if _, err := d.Freshen(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	favs, _ := d.Store.Favorites(ctx, "")
	fav := favs[0]
	if err := srv.SetFaults(sandbox.Faults{CorruptPhotos: []string{fav.PhotoID}}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, err := d.SaveMemberPFP(ctx, fav.Email, pfp.Template{}, FileTarget{Dir: out})
	if KindOf(err) != KindInvalidInput || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged favorite: %v", err)
	}
	srv.ResetFaults()
	if _, err := d.SaveMemberPFP(ctx, fav.Email, pfp.Template{}, FileTarget{Dir: out}); err != nil {
		t.Fatalf("after the fault cleared: %v", err)
	}
}

// A server that keeps answering "there is more" with the same page stops
// the sync at once with a clear error, and the offline copy is unchanged.
func TestLoopingServerStopsTheSync(t *testing.T) {
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 450, Seed: 3, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	ctx := context.Background()
	if err := srv.SetFaults(sandbox.Faults{RepeatPages: true}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := d.Freshen(ctx, false, nil)
	var we *Error
	if !errors.As(err, &we) && err == nil {
		t.Fatal("a looping server was taken for a complete organization")
	}
	// Never synced, so nothing to fall back to: the error says why.
	if time.Since(start) > time.Minute {
		t.Fatalf("took %v to notice the loop", time.Since(start))
	}
	last, _ := d.Store.LastSync(ctx)
	if !last.IsZero() {
		t.Fatal("a looping server's pages were applied")
	}
	srv.ResetFaults()
	_, err = d.Syncer.Sync(ctx, nil, syncer.Options{})
	if err != nil {
		t.Fatalf("after the server recovered: %v", err)
	}
	if err := srv.SetFaults(sandbox.Faults{RepeatPages: true}); err != nil {
		t.Fatal(err)
	}
	_, err = d.Syncer.Sync(ctx, nil, syncer.Options{})
	if !errors.Is(err, headshotpro.ErrPagination) {
		t.Fatalf("sync against a looping server: %v", err)
	}
	if KindOf(err) != KindBusy || !strings.Contains(Explain(err, "Syncing failed").Message, "round in circles") {
		t.Fatalf("words: %v", Explain(err, "Syncing failed"))
	}
}

// Connecting a key of another organization sets the old offline copy (and
// its queued actions) aside instead of mixing the two.
func TestAnotherOrganizationsCopyIsSetAside(t *testing.T) {
	baseA, orgA := sandboxtest.NewTest(t, sandbox.Options{Members: 30, Seed: 3, ImageScale: 0.1})
	dir := t.TempDir()
	d := openDesk(t, dir, baseA, orgA.APIKey())
	ctx := context.Background()
	if _, err := d.Freshen(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.QueueInvite(ctx, d.Store, "for.a@example.com", ""); err != nil {
		t.Fatal(err)
	}
	orgOfA, _ := d.Store.Organization(ctx)
	d.Close()
	if aside, err := SetAsideOtherOrganization(dir, orgOfA.UID); err != nil || aside != "" {
		t.Fatalf("same organization: %q %v", aside, err)
	}
	aside, err := SetAsideOtherOrganization(dir, "org_someone_else")
	if err != nil || aside == "" {
		t.Fatalf("other organization: %q %v", aside, err)
	}
	fresh := openDesk(t, dir, deadURL, "")
	if items, _ := fresh.Store.Outbox(ctx); len(items) != 0 {
		t.Fatalf("the new organization's cache holds A's queue: %+v", items)
	}
	kept, err := store.Open(aside)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	if items, _ := kept.Outbox(ctx); len(items) != 1 {
		t.Fatalf("A's queue was not kept with A's copy: %+v", items)
	}
}
