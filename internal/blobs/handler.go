package blobs

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Resolver maps a media request to the hash of the cached content, e.g.
// ("photo", "ph_123", "thumb") → hash. ok=false means "not cached" (404);
// the handler never fetches anything itself.
type Resolver func(kind, id, variant string) (hash string, ok bool)

// HandlerConfig configures Handler.
type HandlerConfig struct {
	// Prefix the handler is mounted under, with slashes: "/media/".
	Prefix string
	// Variants lists, per kind, the variants that exist, e.g.
	// {"photo": {"thumb", "main"}, "pfp": {"600"}}. Anything else is 404
	// before the resolver is asked. The entry "*" admits any variant token
	// of that kind and leaves the decision to the resolver (e.g. a PFP
	// template key).
	Variants map[string][]string
	Resolve  Resolver
	// MaxAge for Cache-Control (default 1 h). The URL names a key, not a
	// hash, so content behind it can change (a re-rendered PFP): never
	// "immutable".
	MaxAge time.Duration
}

// allowedTypes are the only content types served; anything else in the
// cache (it should not happen) is treated as absent.
var allowedTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// Handler serves cached images at <Prefix><kind>/<id>/<variant>. The path
// is parsed, never joined onto the filesystem: each segment must be a
// plain token ([A-Za-z0-9_.-], no "..", no escapes), the file is named by
// the resolver's hash and opened through the cache's os.Root.
func (c *Cache) Handler(cfg HandlerConfig) http.Handler {
	maxAge := cfg.MaxAge
	if maxAge <= 0 {
		maxAge = time.Hour
	}
	cacheControl := "private, max-age=" + strconv.Itoa(int(maxAge.Seconds()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		kind, id, variant, ok := parseMediaPath(cfg.Prefix, r.URL)
		if !ok || !(contains(cfg.Variants[kind], variant) || contains(cfg.Variants[kind], "*")) || cfg.Resolve == nil {
			http.NotFound(w, r)
			return
		}
		hash, ok := cfg.Resolve(kind, id, variant)
		if !ok || !validHash(hash) {
			http.NotFound(w, r)
			return
		}
		f, err := c.openFile(hash)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || !info.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
		var head [512]byte
		n, _ := io.ReadFull(f, head[:])
		ctype := http.DetectContentType(head[:n])
		if !allowedTypes[ctype] {
			http.NotFound(w, r)
			return
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			http.Error(w, "read error", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", cacheControl)
		h.Set("ETag", `"`+hash+`"`)
		// ServeContent answers If-None-Match with 304 and handles Range.
		http.ServeContent(w, r, "", time.Time{}, f)
	})
}

// Middleware wraps next so requests under cfg.Prefix go to Handler (the
// shape Wails' AssetServer.Middleware expects).
func (c *Cache) Middleware(cfg HandlerConfig) func(http.Handler) http.Handler {
	h := c.Handler(cfg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, cfg.Prefix) || strings.HasPrefix(r.URL.EscapedPath(), cfg.Prefix) {
				h.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// parseMediaPath splits <prefix><kind>/<id>/<variant>. It works on the raw
// (escaped) path and rejects any percent-escape, so "%2e%2e" or "%2f"
// cannot smuggle a dot-segment or a separator past the check.
func parseMediaPath(prefix string, u interface{ EscapedPath() string }) (kind, id, variant string, ok bool) {
	raw := u.EscapedPath()
	if prefix == "" || !strings.HasPrefix(raw, prefix) {
		return "", "", "", false
	}
	parts := strings.Split(strings.TrimPrefix(raw, prefix), "/")
	if len(parts) != 3 {
		return "", "", "", false
	}
	for _, p := range parts {
		if !validToken(p) {
			return "", "", "", false
		}
	}
	return parts[0], parts[1], parts[2], true
}

// validToken accepts ids like "ph_123", "507f1f77bcf86cd799439011",
// "600.v2": letters, digits, '_', '-', '.', not only dots, ≤ 128 bytes.
func validToken(s string) bool {
	if s == "" || len(s) > 128 || strings.Trim(s, ".") == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
