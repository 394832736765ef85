// Package syncertest gives tests a local cache that has been synced from a
// sandbox organization. It is the half of the shared fixtures that needs the
// syncer: internal/sandbox/sandboxtest cannot import the syncer, because the
// syncer's own tests use sandboxtest (an import cycle). Test-only, like
// sandboxtest: no non-test code may import it.
package syncertest

import (
	"context"
	"testing"

	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// NewSynced is sandboxtest.NewCache followed by one sync of the metadata
// (people, shoots, favorites and their signed URLs; no photos downloaded):
// what the window or the CLI has after `shotdesk sync --no-photos`.
func NewSynced(t testing.TB, members int, opts sandboxtest.CacheOptions) *sandboxtest.Cache {
	t.Helper()
	c := sandboxtest.NewCache(t, members, opts)
	Sync(t, c, syncer.Options{})
	return c
}

// Sync runs one sync of c's cache against its sandbox (metadata only) and
// fails the test when it does not succeed.
func Sync(t testing.TB, c *sandboxtest.Cache, opts syncer.Options) syncer.Result {
	t.Helper()
	res, err := syncer.New(c.Client, c.Store, c.Blobs, nil).Sync(context.Background(), nil, opts)
	if err != nil {
		t.Fatalf("syncertest: sync: %v", err)
	}
	return res
}
