package sandboxtest

import (
	"context"
	"encoding/json"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
)

func TestNewTestServesTheAPI(t *testing.T) {
	base, srv := NewTest(t, sandbox.Options{Members: 30, APIKey: "sk_unit"})
	if !strings.HasSuffix(base, "/api/v2") || srv.APIKey() != "sk_unit" {
		t.Fatalf("base %q key %q", base, srv.APIKey())
	}
	req, _ := http.NewRequest("GET", base+"/organization/team?limit=1", nil)
	req.Header.Set("Authorization", "Bearer sk_unit")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Success    bool                `json:"success"`
		Members    []map[string]any    `json:"members"`
		Pagination struct{ Total int } `json:"pagination"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || !body.Success || len(body.Members) != 1 || body.Pagination.Total < 20 {
		t.Fatalf("status %d, err %v, body %+v", resp.StatusCode, err, body)
	}
}

// FastClient retries a 429 burst without sleeping; WithSleep(w.Sleep)
// records the waits it skipped.
func TestFastClientSkipsWaits(t *testing.T) {
	base, srv := NewTest(t, sandbox.Options{Members: 30})
	var w Waits
	c := FastClient(t, base, srv.APIKey(), WithSleep(w.Sleep))
	// A reset within the client's longest wait (a longer one is reported
	// at once instead of waited for).
	if err := srv.SetFaults(sandbox.Faults{RateLimitBurst: 2, BurstReset: 50 * time.Second}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.Teams(ctx); err != nil {
		t.Fatal(err)
	}
	if w.Count() != 2 || len(w.Durations()) != 2 {
		t.Fatalf("waits %v, want the two 429 waits recorded", w.Durations())
	}
	for _, d := range w.Durations() {
		if d < 45*time.Second {
			t.Errorf("wait %v: want the server's ~50 s reset, recorded, not spent", d)
		}
	}
}

// NewCache opens an empty cache in a fresh data dir, laid out as the window
// and the CLI lay it out.
func TestNewCache(t *testing.T) {
	c := NewCache(t, 40, CacheOptions{Sandbox: sandbox.Options{Seed: 3}})
	if c.Srv == nil || c.Client == nil || c.Store == nil || c.Blobs == nil || c.Key() != c.Srv.APIKey() {
		t.Fatalf("incomplete cache %+v", c)
	}
	if _, err := os.Stat(c.StorePath()); err != nil || filepath.Dir(c.StorePath()) != c.DataDir {
		t.Fatalf("store file %q: %v", c.StorePath(), err)
	}
	if fi, err := os.Stat(filepath.Join(c.DataDir, BlobDir)); err != nil || !fi.IsDir() {
		t.Fatalf("blob dir: %v", err)
	}
	page, err := c.Store.People(context.Background(), store.PeopleQuery{})
	if err != nil || page.Total != 0 {
		t.Fatalf("a new cache holds %d people (%v)", page.Total, err)
	}
	if got := InvitesFor(t, c.Client, "nobody@example.com"); len(got) != 0 {
		t.Fatalf("invites for nobody: %+v", got)
	}
}

// DeadURL is offline: a request fails with a network error, not a status.
func TestDeadURLIsOffline(t *testing.T) {
	c := FastClient(t, DeadURL(t), "k", headshotpro.WithRetryPolicy(headshotpro.RetryPolicy{MaxAttempts: 1}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.Teams(ctx); err == nil || headshotpro.IsPermanent(err) {
		t.Fatalf("dead URL answered: %v", err)
	}
}

// Only tests import the fixtures: the package imports "testing", which has
// no place in the app's binary.
func TestOnlyTestsImportThis(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found from %s: %v", root, err)
	}
	fixtures := map[string]bool{
		"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest": true,
		"github.com/shotdesk/shotdesk/internal/syncer/syncertest":   true,
	}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if fixtures[path] && !fixtures[importPathOf(root, p)] {
				rel, _ := filepath.Rel(root, p)
				t.Errorf("%s imports the test fixtures %s", rel, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// importPathOf is the import path of the package holding file p.
func importPathOf(root, p string) string {
	rel, _ := filepath.Rel(root, filepath.Dir(p))
	return "github.com/shotdesk/shotdesk/" + filepath.ToSlash(rel)
}
