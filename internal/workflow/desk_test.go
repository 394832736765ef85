package workflow

import (
	"archive/zip"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

// noSleep keeps the client's retries from waiting for real.
var noSleep = []headshotpro.Option{headshotpro.WithClock(nil, func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
	headshotpro.WithRetryPolicy(headshotpro.RetryPolicy{MaxAttempts: 2})}

func openDesk(t *testing.T, dataDir, url, key string) *Desk {
	t.Helper()
	d, err := Open(Config{DataDir: dataDir, APIURL: url, APIKey: key, UserAgent: "test", Logger: slog.New(slog.DiscardHandler), ClientOptions: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// deadURL is an API address nothing answers on.
const deadURL = "http://127.0.0.1:1/api/v2"

// A fresh data dir with a working key just works: the export syncs first.
func TestDownloadFavoritesOnAFreshDataDir(t *testing.T) {
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 50, Seed: 3, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	out := t.TempDir()
	res, err := d.DownloadFavorites(context.Background(), FavoritesRequest{OutDir: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Freshness.Synced || res.Freshness.Note != "" || res.Items == 0 || res.Failed != 0 {
		t.Fatalf("result %+v", res)
	}
	zr, err := zip.OpenReader(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 2*res.Items {
		t.Fatalf("%d entries for %d shoots", len(zr.File), res.Items)
	}
}

// Offline on purpose, or with HeadshotPro gone: the cache is used and its
// age is said; with nothing cached, the error says what to do.
func TestFreshenFallsBackAndExplains(t *testing.T) {
	ctx := context.Background()
	empty := openDesk(t, t.TempDir(), deadURL, "k")
	_, err := empty.Freshen(ctx, true, nil)
	var we *Error
	if !errors.As(err, &we) || we.Kind != KindInvalidInput || !strings.Contains(we.Message, "never been synced") || !strings.Contains(we.Message, "--offline") {
		t.Fatalf("--offline on an empty cache: %v", err)
	}
	if _, err := empty.Freshen(ctx, false, nil); !errors.As(err, &we) || we.Kind != KindOffline || !strings.Contains(we.Message, "cannot be reached") {
		t.Fatalf("unreachable and empty: %v", err)
	}
	noKey := openDesk(t, t.TempDir(), deadURL, "")
	if _, err := noKey.Freshen(ctx, false, nil); !errors.As(err, &we) || we.Kind != KindNoAPIKey {
		t.Fatalf("no key and empty: %v", err)
	}

	// Synced once, then HeadshotPro goes away: the export still works and
	// says how old its data is.
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 40, Seed: 3, ImageScale: 0.1})
	dir := t.TempDir()
	online := openDesk(t, dir, base, srv.APIKey())
	if f, err := online.Freshen(ctx, false, nil); err != nil || !f.Synced {
		t.Fatalf("first sync: %+v %v", f, err)
	}
	online.Close()
	offline := openDesk(t, dir, deadURL, srv.APIKey())
	res, err := offline.ExportStatusCSV(ctx, StatusCSVRequest{Dir: t.TempDir()})
	if err != nil || res.Rows == 0 || res.Freshness.Synced || !strings.Contains(res.Freshness.Note, "cannot be reached") || !strings.Contains(res.Freshness.Note, "ago") {
		t.Fatalf("offline CSV: %+v %v", res, err)
	}

	// A refused key is an error, not a silent stale export.
	wrong := openDesk(t, dir, base, "sk_wrong")
	if _, err := wrong.ExportStatusCSV(ctx, StatusCSVRequest{Dir: t.TempDir()}); !errors.As(err, &we) || we.Kind != KindBadAPIKey {
		t.Fatalf("wrong key: %v", err)
	}
}
