package sandbox

import (
	"bytes"
	"container/list"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// imageStore generates photo JPEGs lazily and keeps them: an in-memory LRU
// bounded by bytes, optionally backed by a directory so a restarted sandbox
// (same seed) does not re-render. Concurrent requests for the same image
// wait for one render (single flight), and renders are limited to the CPU
// count so a burst of downloads cannot allocate dozens of 36 MB canvases.
type imageStore struct {
	dir    string
	budget int64
	sem    chan struct{}

	mu       sync.Mutex
	lru      *list.List // of *cacheEntry, front = most recent
	items    map[string]*list.Element
	size     int64
	inflight map[string]*flight

	renders, renderNanos, hits, diskHits atomic.Int64
}

// defaultImageBudget holds ~100 large favorites or thousands of thumbnails.
const defaultImageBudget = 256 << 20

type cacheEntry struct {
	key  string
	data []byte
}

type flight struct {
	done chan struct{}
	data []byte
	err  error
}

func newImageStore(dir string, budget int64) (*imageStore, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create image cache dir: %w", err)
		}
	}
	return &imageStore{
		dir:      dir,
		budget:   budget,
		sem:      make(chan struct{}, max(1, runtime.NumCPU())),
		lru:      list.New(),
		items:    map[string]*list.Element{},
		inflight: map[string]*flight{},
	}, nil
}

// get returns the JPEG bytes for spec. The slice is shared: never modify it.
func (st *imageStore) get(spec imageSpec) ([]byte, error) {
	key := spec.key()
	st.mu.Lock()
	if el, ok := st.items[key]; ok {
		st.lru.MoveToFront(el)
		data := el.Value.(*cacheEntry).data
		st.mu.Unlock()
		st.hits.Add(1)
		return data, nil
	}
	if f, ok := st.inflight[key]; ok {
		st.mu.Unlock()
		<-f.done
		return f.data, f.err
	}
	f := &flight{done: make(chan struct{})}
	st.inflight[key] = f
	st.mu.Unlock()

	f.data, f.err = st.load(spec, key)

	st.mu.Lock()
	delete(st.inflight, key)
	if f.err == nil {
		st.add(key, f.data)
	}
	st.mu.Unlock()
	close(f.done)
	return f.data, f.err
}

func (st *imageStore) add(key string, data []byte) {
	n := int64(len(data))
	if n > st.budget {
		return
	}
	st.items[key] = st.lru.PushFront(&cacheEntry{key, data})
	st.size += n
	for st.size > st.budget {
		el := st.lru.Back()
		e := el.Value.(*cacheEntry)
		st.lru.Remove(el)
		delete(st.items, e.key)
		st.size -= int64(len(e.data))
	}
}

func (st *imageStore) load(spec imageSpec, key string) ([]byte, error) {
	var path string
	if st.dir != "" {
		path = filepath.Join(st.dir, key+".jpg")
		// A file cut short by a crash lacks the EOI marker; re-render it.
		if data, err := os.ReadFile(path); err == nil && bytes.HasPrefix(data, []byte{0xFF, 0xD8}) && bytes.HasSuffix(data, []byte{0xFF, 0xD9}) {
			st.diskHits.Add(1)
			return data, nil
		}
	}
	st.sem <- struct{}{}
	start := time.Now()
	data, err := renderJPEG(spec)
	st.renderNanos.Add(int64(time.Since(start)))
	<-st.sem
	if err != nil {
		return nil, fmt.Errorf("render photo %s %s: %w", spec.photoID, spec.variant, err)
	}
	st.renders.Add(1)
	if path != "" {
		// Best effort: a full disk must not fail the download, it only
		// costs a re-render next time.
		writeFileAtomic(path, data)
	}
	return data, nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// ImageStats describes the lazy JPEG generator and its cache.
type ImageStats struct {
	Renders      int64   `json:"renders"`
	RenderMillis float64 `json:"renderMillis"`
	MemoryHits   int64   `json:"memoryHits"`
	DiskHits     int64   `json:"diskHits"`
	CachedBytes  int64   `json:"cachedBytes"`
	CachedImages int     `json:"cachedImages"`
}

func (st *imageStore) stats() ImageStats {
	st.mu.Lock()
	size, n := st.size, len(st.items)
	st.mu.Unlock()
	return ImageStats{
		Renders: st.renders.Load(), RenderMillis: float64(st.renderNanos.Load()) / 1e6,
		MemoryHits: st.hits.Load(), DiskHits: st.diskHits.Load(), CachedBytes: size, CachedImages: n,
	}
}
