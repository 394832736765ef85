package blobs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

func openCache(t *testing.T, budget int64) (*Cache, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "images")
	c, err := Open(dir, budget)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, dir
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// tempFiles lists leftover temp files anywhere in dir.
func tempFiles(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && (userfiles.IsTempName(d.Name()) || strings.Contains(d.Name(), ".tmp-")) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestPutOpenRoundTrip(t *testing.T) {
	c, dir := openCache(t, 0)
	data := bytes.Repeat([]byte("headshot"), 1000)
	ref, err := c.Put(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if ref.Hash != sum(data) || ref.Size != int64(len(data)) {
		t.Fatalf("ref = %+v", ref)
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, ref.Hash[:2], ref.Hash))
	if err != nil || !bytes.Equal(onDisk, data) {
		t.Fatalf("file at the hash path: %v", err)
	}
	rc, err := c.Open(ref.Hash)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, data) || !c.Has(ref.Hash) {
		t.Fatal("content differs")
	}
	if n, k := c.Usage(); n != int64(len(data)) || k != 1 {
		t.Errorf("usage = %d bytes, %d blobs", n, k)
	}
	// Same content again: deduplicated.
	if ref2, _ := c.Put(context.Background(), bytes.NewReader(data)); ref2 != ref {
		t.Errorf("second put = %+v", ref2)
	}
	if n, _ := c.Usage(); n != int64(len(data)) {
		t.Errorf("usage after duplicate put = %d", n)
	}
	for _, bad := range []string{"", "../index.json", strings.Repeat("A", 64), sum([]byte("absent"))} {
		if _, err := c.Open(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", bad, err)
		}
	}
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}

type failingReader struct {
	n   int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, f.err
	}
	k := min(len(p), f.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	f.n -= k
	return k, nil
}

func TestFailedPutLeavesNothing(t *testing.T) {
	c, dir := openCache(t, 0)
	_, err := c.Put(context.Background(), &failingReader{n: 100_000, err: io.ErrUnexpectedEOF})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Put(ctx, strings.NewReader("data")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled put = %v", err)
	}
	if n, k := c.Usage(); n != 0 || k != 0 {
		t.Errorf("usage after failed puts = %d, %d", n, k)
	}
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Errorf("partial files visible: %v", left)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("unexpected entry %s after failed puts", e.Name())
	}
}

func TestOpenSweepsTempFilesAndRescans(t *testing.T) {
	c, dir := openCache(t, 0)
	ref, _ := c.PutKeyed(context.Background(), "photo:1:thumb", strings.NewReader("thumb bytes"))
	c.Close()
	// A crash mid-Put and mid-index-write, in an older version's names and
	// in today's, of a process that is gone.
	os.WriteFile(filepath.Join(dir, ".tmp-deadbeef"), []byte("half"), 0o600)
	os.WriteFile(filepath.Join(dir, ".index.json.tmp-123"), []byte("{"), 0o600)
	// (Left an hour ago: a recent temp of an unknown pid may be another
	// machine's write in progress, and is kept a while.)
	dead := deadPid(t)
	hourAgo := time.Now().Add(-time.Hour)
	for _, name := range []string{".blob.shotdesk-tmp-%d-0123456789ab", ".index.json.shotdesk-tmp-%d-0123456789ab"} {
		p := filepath.Join(dir, fmt.Sprintf(name, dead))
		os.WriteFile(p, []byte("half"), 0o600)
		os.Chtimes(p, hourAgo, hourAgo)
	}

	c2, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Errorf("temp files not swept: %v", left)
	}
	if got, ok := c2.Lookup("photo:1:thumb"); !ok || got != ref {
		t.Errorf("key lost across reopen: %+v %v", got, ok)
	}
	c2.Close()

	// A damaged index costs the keys, never the blobs.
	os.WriteFile(filepath.Join(dir, indexName), []byte("not json"), 0o600)
	c3, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c3.Close()
	if _, ok := c3.Lookup("photo:1:thumb"); ok {
		t.Error("key survived a damaged index?")
	}
	if !c3.Has(ref.Hash) {
		t.Error("blob lost with the index")
	}
}

// deadPid returns the pid of a child process that has exited and been
// reaped.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$") // this test binary, running no test
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestOpenKeepsALiveProcessTemp: the window and the command line share the
// cache; opening it must not delete the other's Put in progress (here: one
// of this process, the same test for any live pid).
func TestOpenKeepsALiveProcessTemp(t *testing.T) {
	c, dir := openCache(t, 0)
	c.Close()
	live := filepath.Join(dir, userfiles.TempName(tmpTarget))
	os.WriteFile(live, []byte("being written"), 0o600)
	c2, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := os.Stat(live); err != nil {
		t.Fatalf("a live Put's temp was swept: %v", err)
	}
	if _, n := c2.Usage(); n != 0 {
		t.Errorf("a temp counted as a blob")
	}
}

func TestConcurrentPuts(t *testing.T) {
	c, dir := openCache(t, 0)
	same := bytes.Repeat([]byte{1, 2, 3}, 50_000)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := same
			if i%2 == 1 {
				data = []byte(strings.Repeat(string(rune('a'+i%26)), 1000+i))
			}
			ref, err := c.PutKeyed(context.Background(), "k"+string(rune('A'+i)), bytes.NewReader(data))
			if err == nil && ref.Hash != sum(data) {
				err = errors.New("wrong hash")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var want int64 = int64(len(same))
	for i := 1; i < 40; i += 2 {
		want += int64(1000 + i)
	}
	if n, k := c.Usage(); n != want || k != 21 {
		t.Errorf("usage = %d bytes / %d blobs, want %d / 21", n, k, want)
	}
	got, _ := os.ReadFile(filepath.Join(dir, sum(same)[:2], sum(same)))
	if !bytes.Equal(got, same) {
		t.Error("concurrently written file is not the content")
	}
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestEvictionLRUPinAndGrace(t *testing.T) {
	c, _ := openCache(t, 3000)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	c.Grace = time.Minute
	ctx := context.Background()
	put := func(key string, b byte) Ref {
		t.Helper()
		now = now.Add(2 * time.Minute) // older blobs leave the grace window
		ref, err := c.PutKeyed(ctx, key, bytes.NewReader(bytes.Repeat([]byte{b}, 1000)))
		if err != nil {
			t.Fatal(err)
		}
		return ref
	}
	a := put("a", 'a')
	b := put("b", 'b')
	cc := put("c", 'c')
	// Touch a: b is now the least recently used.
	now = now.Add(2 * time.Minute)
	if _, ok := c.Lookup("a"); !ok {
		t.Fatal("a missing")
	}
	d := put("d", 'd')
	if c.Has(b.Hash) || !c.Has(a.Hash) || !c.Has(cc.Hash) || !c.Has(d.Hash) {
		t.Fatalf("LRU evicted the wrong blob: a=%v b=%v c=%v d=%v", c.Has(a.Hash), c.Has(b.Hash), c.Has(cc.Hash), c.Has(d.Hash))
	}
	if _, ok := c.Lookup("b"); ok {
		t.Error("key of an evicted blob still resolves")
	}
	if n, _ := c.Usage(); n > 3000 {
		t.Errorf("usage %d over budget", n)
	}

	// Pin c (the oldest now): eviction takes the next one instead.
	unpin := c.Pin(cc.Hash)
	e := put("e", 'e')
	if !c.Has(cc.Hash) || c.Has(a.Hash) {
		t.Fatalf("pin ignored: c=%v a=%v", c.Has(cc.Hash), c.Has(a.Hash))
	}
	unpin()
	unpin() // idempotent

	// Inside the grace window nothing is evicted, even over budget.
	c.Grace = time.Hour
	f := put("f", 'f')
	if n, k := c.Usage(); n != 4000 || k != 4 || !c.Has(cc.Hash) || !c.Has(d.Hash) || !c.Has(e.Hash) || !c.Has(f.Hash) {
		t.Errorf("grace not honoured: usage %d bytes, %d blobs", n, k)
	}

	if err := c.Clear(); err != nil {
		t.Fatal(err)
	}
	if n, k := c.Usage(); n != 0 || k != 0 {
		t.Errorf("after Clear: %d bytes, %d blobs", n, k)
	}
}

// Two processes share the cache (the window and a script): each one's
// index write keeps the keys the other wrote.
func TestTwoCachesOnOneFolderKeepEachOthersKeys(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if _, err := a.PutKeyed(ctx, fmt.Sprintf("photo:a%d:main", i), strings.NewReader(fmt.Sprintf("a-%d", i))); err != nil {
			t.Fatal(err)
		}
		if _, err := b.PutKeyed(ctx, fmt.Sprintf("photo:b%d:main", i), strings.NewReader(fmt.Sprintf("b-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil { // written last: must not drop a's keys
		t.Fatal(err)
	}
	c, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := 0; i < 50; i++ {
		for _, who := range []string{"a", "b"} {
			if _, ok := c.Lookup(fmt.Sprintf("photo:%s%d:main", who, i)); !ok {
				t.Fatalf("key of %s #%d lost", who, i)
			}
		}
	}
}
