package blobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// ErrNotFound means the hash or key is not in the cache.
var ErrNotFound = errors.New("blobs: not in the image cache")

// DefaultGrace is how long after its last access a blob is safe from
// eviction.
const DefaultGrace = 10 * time.Minute

// Ref names stored content.
type Ref struct {
	Hash string // lower-case hex sha256
	Size int64
}

type entry struct {
	size   int64
	access time.Time
	pins   int
}

// Cache is a content-addressed store of image files. Safe for concurrent
// use.
type Cache struct {
	dir    string
	root   *os.Root
	budget int64
	// Grace protects recently used blobs from eviction; set before use.
	Grace time.Duration
	now   func() time.Time

	mu        sync.Mutex
	entries   map[string]*entry // hash → entry
	keys      map[string]string // key → hash
	forgotten map[string]bool   // keys Forget dropped since the last flush
	usage     int64
	dirty     bool
	lastFlush time.Time
}

// Open opens (creating if needed) the cache in dir with a size budget in
// bytes (<= 0: unlimited). It sweeps temp files a crash left behind (only
// those of processes that are gone: the window and the command line share
// the cache) and rebuilds the list of blobs from the directory, so the
// index file may be missing or stale.
func Open(dir string, budgetBytes int64) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blobs: create cache dir: %w", err)
	}
	// Best effort: a leftover that cannot be removed now only costs space.
	_, _ = userfiles.Sweep(dir)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blobs: open cache dir: %w", err)
	}
	c := &Cache{
		dir: dir, root: root, budget: budgetBytes, Grace: DefaultGrace, now: time.Now,
		entries: map[string]*entry{}, keys: map[string]string{}, forgotten: map[string]bool{},
	}
	if err := c.scan(); err != nil {
		root.Close()
		return nil, err
	}
	c.loadIndex()
	c.lastFlush = c.now()
	return c, nil
}

// scan lists blob files and deletes leftover temp files of the names used
// before userfiles' (".tmp-<hex>", ".index.json.tmp-<n>"), which carry no
// pid; today's temp names are userfiles.Sweep's.
func (c *Cache) scan() error {
	return fs.WalkDir(c.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("blobs: scan %s: %w", p, err)
		}
		name := d.Name()
		switch {
		case d.IsDir():
			if p != "." && (strings.Count(p, "/") > 0 || len(name) != 2) {
				return fs.SkipDir
			}
		case path.Dir(p) == "." && (strings.HasPrefix(name, legacyTmpPrefix) || strings.HasPrefix(name, "."+indexName+".tmp-")):
			c.root.Remove(p) // a Put or index write of an older version that never finished
		case d.Type().IsRegular() && validHash(name) && path.Dir(p) == name[:2]:
			info, err := d.Info()
			if err != nil {
				return nil // vanished meanwhile
			}
			c.entries[name] = &entry{size: info.Size(), access: info.ModTime()}
			c.usage += info.Size()
		}
		return nil
	})
}

// legacyTmpPrefix named Put's temp files before they were userfiles temp
// names.
const legacyTmpPrefix = ".tmp-"

// tmpTarget is the target part of a Put's temp name,
// ".blob.shotdesk-tmp-<pid>-<random>": the file becomes a blob.
const tmpTarget = "blob"

// validHash reports whether h is 64 lower-case hex characters: the only
// names the cache ever opens, so a hash can never be a path.
func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		b := h[i]
		if !(b >= '0' && b <= '9' || b >= 'a' && b <= 'f') {
			return false
		}
	}
	return true
}

func blobPath(hash string) string { return hash[:2] + "/" + hash }

// Put stores the content of r and returns its hash and size. The bytes are
// written to a temp file, hashed on the way, fsynced and renamed into
// place; on any error (including ctx cancel) nothing becomes visible.
func (c *Cache) Put(ctx context.Context, r io.Reader) (Ref, error) {
	tmp, f, err := c.createTemp()
	if err != nil {
		return Ref{}, err
	}
	committed := false
	defer func() {
		if !committed {
			f.Close()
			c.root.Remove(tmp)
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), ctxReader{ctx, r})
	if err != nil {
		return Ref{}, fmt.Errorf("blobs: write: %w", err)
	}
	if err := f.Sync(); err != nil {
		return Ref{}, fmt.Errorf("blobs: sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return Ref{}, fmt.Errorf("blobs: close: %w", err)
	}
	ref := Ref{Hash: hex.EncodeToString(h.Sum(nil)), Size: n}

	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.place(tmp, ref.Hash); err != nil {
		return Ref{}, err
	}
	committed = true
	if e, ok := c.entries[ref.Hash]; ok {
		e.access = c.now()
	} else {
		c.entries[ref.Hash] = &entry{size: n, access: c.now()}
		c.usage += n
	}
	c.dirty = true
	c.evictLocked()
	c.maybeFlushLocked()
	return ref, nil
}

// place moves a complete temp file to its hash name (under c.mu, so an
// eviction cannot interleave). If the content is already stored the temp
// file is dropped instead.
func (c *Cache) place(tmp, hash string) error {
	final := blobPath(hash)
	if _, err := c.root.Lstat(final); err == nil {
		if err := c.root.Remove(tmp); err != nil {
			return fmt.Errorf("blobs: drop duplicate temp: %w", err)
		}
		return nil
	}
	if err := c.root.MkdirAll(hash[:2], 0o700); err != nil {
		return fmt.Errorf("blobs: create fan-out dir: %w", err)
	}
	if err := c.root.Rename(tmp, final); err != nil {
		return fmt.Errorf("blobs: rename into place: %w", err)
	}
	// Persist the rename itself (the directory entry) before reporting success.
	if d, err := c.root.Open(hash[:2]); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func (c *Cache) createTemp() (string, *os.File, error) {
	for range 10 {
		name := userfiles.TempName(tmpTarget)
		f, err := c.root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			return name, f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", nil, fmt.Errorf("blobs: create temp file: %w", err)
		}
	}
	return "", nil, errors.New("blobs: create temp file: too many collisions")
}

// ctxReader stops a copy when the context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (cr ctxReader) Read(p []byte) (int, error) {
	if err := cr.ctx.Err(); err != nil {
		return 0, err
	}
	return cr.r.Read(p)
}

// PutKeyed stores r and maps key (built by PhotoKey or PFPKey in keys.go)
// to it, replacing any previous mapping.
func (c *Cache) PutKeyed(ctx context.Context, key string, r io.Reader) (Ref, error) {
	if key == "" {
		return Ref{}, errors.New("blobs: empty key")
	}
	ref, err := c.Put(ctx, r)
	if err != nil {
		return Ref{}, err
	}
	return ref, c.SetKey(key, ref)
}

// SetKey maps key to a blob already stored (Put), for content that is
// checked between storing and naming it, replacing any previous mapping.
func (c *Cache) SetKey(key string, ref Ref) error {
	if key == "" {
		return errors.New("blobs: empty key")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[ref.Hash]; !ok {
		// Evicted between Put and here (budget smaller than one image):
		// report it rather than map a key to nothing.
		return fmt.Errorf("blobs: %s evicted immediately (budget %d bytes): %w", key, c.budget, ErrNotFound)
	}
	c.keys[key] = ref.Hash
	c.dirty = true
	c.maybeFlushLocked()
	return nil
}

// Dir is the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// Forget drops key's mapping, for content that proved bad (a photo that
// does not decode): the next Lookup misses and the caller fetches it
// again. The blob file itself ages out with the LRU.
func (c *Cache) Forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.keys[key]; ok {
		delete(c.keys, key)
		c.forgotten[key] = true
		c.dirty = true
		c.maybeFlushLocked()
	}
}

// Lookup returns what key maps to, if its blob is still cached, and counts
// as an access.
func (c *Cache) Lookup(key string) (Ref, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.keys[key]
	if !ok {
		return Ref{}, false
	}
	e, ok := c.entries[h]
	if !ok {
		delete(c.keys, key)
		return Ref{}, false
	}
	e.access = c.now()
	c.dirty = true
	return Ref{Hash: h, Size: e.size}, true
}

// Has reports whether content with this hash is cached (not an access).
func (c *Cache) Has(hash string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.entries[hash]
	return ok
}

// Open opens a blob for reading and counts as an access. The file stays
// readable even if it is evicted while open (on Unix; Windows refuses the
// delete and the blob is evicted later).
func (c *Cache) Open(hash string) (io.ReadSeekCloser, error) {
	f, err := c.openFile(hash)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (c *Cache) openFile(hash string) (*os.File, error) {
	if !validHash(hash) {
		return nil, fmt.Errorf("blobs: %q: %w", hash, ErrNotFound)
	}
	c.mu.Lock()
	e, ok := c.entries[hash]
	if ok {
		e.access = c.now()
		c.dirty = true
	}
	c.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("blobs: %s: %w", hash, ErrNotFound)
	}
	f, err := c.root.Open(blobPath(hash))
	if err != nil {
		return nil, fmt.Errorf("blobs: open %s: %w", hash, errors.Join(ErrNotFound, err))
	}
	return f, nil
}

// Pin protects hash from eviction until the returned func is called (an
// export pins the files it is about to read). Pinning an absent hash is a
// no-op.
func (c *Cache) Pin(hash string) (unpin func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok {
		return func() {}
	}
	e.pins++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			e.pins--
		})
	}
}

// Usage returns the bytes and number of blobs cached.
func (c *Cache) Usage() (bytes int64, blobs int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.usage, len(c.entries)
}

// Clear deletes every blob that is not pinned, and all key mappings to
// them ("clear image cache" in settings).
func (c *Cache) Clear() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for h, e := range c.entries {
		if e.pins > 0 {
			continue
		}
		if err := c.removeLocked(h); err != nil {
			errs = append(errs, err)
		}
	}
	c.dirty = true
	if err := c.flushLocked(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Close writes the index and releases the directory.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.flushLocked()
	return errors.Join(err, c.root.Close())
}
