package blobs

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// IndexFlushInterval bounds how often mutations rewrite index.json; a
// crash loses at most this much key/access bookkeeping (never content).
const IndexFlushInterval = 5 * time.Second

const indexName = "index.json"

type indexFile struct {
	Version int               `json:"version"`
	Keys    map[string]string `json:"keys"`   // key → hash
	Access  map[string]int64  `json:"access"` // hash → Unix ms of last access
}

// loadIndex reads index.json best-effort: a missing or damaged index only
// costs key mappings (misses) and falls back to file mtimes for access.
func (c *Cache) loadIndex() {
	idx, ok := c.readIndex()
	if !ok {
		return
	}
	for k, h := range idx.Keys {
		if _, ok := c.entries[h]; ok {
			c.keys[k] = h
		}
	}
	for h, ms := range idx.Access {
		if e, ok := c.entries[h]; ok && ms > 0 {
			e.access = time.UnixMilli(ms)
		}
	}
}

// readIndex reads index.json; ok is false when it is missing or damaged.
func (c *Cache) readIndex() (idx indexFile, ok bool) {
	data, err := c.root.ReadFile(indexName)
	if err != nil || json.Unmarshal(data, &idx) != nil || idx.Version != 1 {
		return indexFile{}, false
	}
	return idx, true
}

// Flush writes index.json now if anything changed.
func (c *Cache) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushLocked()
}

func (c *Cache) maybeFlushLocked() {
	if c.dirty && c.now().Sub(c.lastFlush) >= IndexFlushInterval {
		_ = c.flushLocked() // retried on the next mutation or Close
	}
}

func (c *Cache) flushLocked() error {
	if !c.dirty {
		return nil
	}
	// Another process (the window while a script runs) may have written
	// keys since this one read the index: keep them rather than write over
	// them, so their photos are not downloaded again.
	c.mergeDiskIndexLocked()
	idx := indexFile{Version: 1, Keys: c.keys, Access: make(map[string]int64, len(c.entries))}
	for h, e := range c.entries {
		idx.Access[h] = e.access.UnixMilli()
	}
	data, err := json.Marshal(idx)
	if err != nil {
		return fmt.Errorf("blobs: encode index: %w", err)
	}
	// A temp file beside the index, fsynced and renamed over it, so a
	// crash leaves the old index or the new one.
	err = userfiles.WriteExact(filepath.Join(c.dir, indexName), func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, userfiles.Replace, userfiles.Private)
	if err != nil {
		return fmt.Errorf("blobs: write index: %w", err)
	}
	c.dirty = false
	c.lastFlush = c.now()
	clear(c.forgotten)
	return nil
}

// mergeDiskIndexLocked adds the keys of index.json this process does not
// know (and did not Forget) whose blob file exists.
func (c *Cache) mergeDiskIndexLocked() {
	idx, ok := c.readIndex()
	if !ok {
		return
	}
	for k, h := range idx.Keys {
		if _, mine := c.keys[k]; mine || c.forgotten[k] || !validHash(h) {
			continue
		}
		if _, ok := c.entries[h]; !ok {
			fi, err := c.root.Stat(blobPath(h))
			if err != nil || !fi.Mode().IsRegular() {
				continue // evicted since, or never finished
			}
			c.entries[h] = &entry{size: fi.Size(), access: time.UnixMilli(idx.Access[h])}
			c.usage += fi.Size()
		}
		c.keys[k] = h
	}
}
