package syncertest

import (
	"context"
	"testing"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func TestNewSyncedHoldsTheOrg(t *testing.T) {
	c := NewSynced(t, 40, sandboxtest.CacheOptions{Sandbox: sandbox.Options{Seed: 3}})
	page, err := c.Store.People(context.Background(), store.PeopleQuery{})
	if err != nil || page.Total < 30 {
		t.Fatalf("synced cache holds %d people (%v)", page.Total, err)
	}
	if rows := c.Favorites(t, ""); len(rows) == 0 {
		t.Fatal("no favorites")
	}
	if ref, ok := c.Blobs.Lookup(blobs.PhotoKey(c.Favorites(t, "")[0].PhotoID, blobs.VariantMain)); ok {
		t.Fatalf("metadata-only sync downloaded a photo: %+v", ref)
	}
	if again := Sync(t, c, syncer.Options{}); again.People < page.Total || again.Changed > again.Favorites || again.Deleted != 0 {
		t.Fatalf("re-sync %+v, cache listed %d", again, page.Total)
	}
}
