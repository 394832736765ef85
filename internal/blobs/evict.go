package blobs

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// evictLocked deletes least-recently-accessed blobs until usage fits the
// budget, skipping pinned blobs and those inside the grace window.
func (c *Cache) evictLocked() {
	if c.budget <= 0 || c.usage <= c.budget {
		return
	}
	cutoff := c.now().Add(-c.Grace)
	type cand struct {
		hash string
		e    *entry
	}
	var cands []cand
	for h, e := range c.entries {
		if e.pins == 0 && e.access.Before(cutoff) {
			cands = append(cands, cand{h, e})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if !cands[i].e.access.Equal(cands[j].e.access) {
			return cands[i].e.access.Before(cands[j].e.access)
		}
		return cands[i].hash < cands[j].hash
	})
	for _, cd := range cands {
		if c.usage <= c.budget {
			break
		}
		// A failed remove (e.g. open on Windows) keeps the entry; the
		// next eviction tries again.
		_ = c.removeLocked(cd.hash)
	}
}

// removeLocked deletes one blob and every key mapped to it.
func (c *Cache) removeLocked(hash string) error {
	e, ok := c.entries[hash]
	if !ok {
		return nil
	}
	if err := c.root.Remove(blobPath(hash)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blobs: evict %s: %w", hash, err)
	}
	delete(c.entries, hash)
	c.usage -= e.size
	for k, h := range c.keys {
		if h == hash {
			delete(c.keys, k)
		}
	}
	c.dirty = true
	return nil
}
