package blobs

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mediaFixture caches a JPEG (photo ph_1 thumb), a PNG (pfp ph_1 600) and
// an HTML file (photo ph_html main); the resolver maps by key.
func mediaFixture(t *testing.T) (*Cache, string, http.Handler, map[string]string) {
	c, dir := openCache(t, 0)
	ctx := context.Background()
	hashes := map[string]string{}
	for key, data := range map[string][]byte{
		"photo:ph_1:thumb":   jpegBytes(t),
		"pfp:ph_1:600":       pngBytes(t),
		"photo:ph_html:main": []byte("<html><script>alert(1)</script></html>"),
	} {
		ref, err := c.PutKeyed(ctx, key, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		hashes[key] = ref.Hash
	}
	h := c.Handler(HandlerConfig{
		Prefix:   "/media/",
		Variants: map[string][]string{"photo": {"thumb", "main"}, "pfp": {"600"}, "evil": {"x"}},
		Resolve: func(kind, id, variant string) (string, bool) {
			switch kind {
			case "evil": // a buggy resolver returning a path must not matter
				return "../../../../etc/passwd", true
			case "link":
				return "", false
			}
			ref, ok := c.Lookup(kind + ":" + id + ":" + variant)
			return ref.Hash, ok
		},
	})
	return c, dir, h, hashes
}

func get(h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "http://wails.localhost/", nil)
	req.URL.Path, req.URL.RawPath = "", ""
	// Set the raw target verbatim so escapes reach the handler unchanged.
	if err := setRawPath(req, target); err != nil {
		panic(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func setRawPath(req *http.Request, target string) error {
	u, err := req.URL.Parse(target)
	if err != nil {
		// Not even parseable (e.g. "%zz"): keep it raw; the handler must 404.
		req.URL.Path, req.URL.RawPath = target, target
		return nil
	}
	req.URL = u
	return nil
}

func TestHandlerServesCachedImages(t *testing.T) {
	_, _, h, hashes := mediaFixture(t)
	rec := get(h, "/media/photo/ph_1/thumb")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	hdr := rec.Header()
	if hdr.Get("Content-Type") != "image/jpeg" || hdr.Get("X-Content-Type-Options") != "nosniff" ||
		hdr.Get("Cache-Control") != "private, max-age=3600" || hdr.Get("ETag") != `"`+hashes["photo:ph_1:thumb"]+`"` {
		t.Errorf("headers = %v", hdr)
	}
	if !bytes.Equal(rec.Body.Bytes(), jpegBytes(t)) {
		t.Error("body is not the cached bytes")
	}
	if rec := get(h, "/media/pfp/ph_1/600"); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
		t.Errorf("png: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	// ETag revalidation.
	if rec := get(h, "/media/photo/ph_1/thumb", "If-None-Match", `"`+hashes["photo:ph_1:thumb"]+`"`); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	// Non-image content is never served, whatever the cache holds.
	if rec := get(h, "/media/photo/ph_html/main"); rec.Code != http.StatusNotFound {
		t.Errorf("html served with %d", rec.Code)
	}
	req := httptest.NewRequest(http.MethodPost, "/media/photo/ph_1/thumb", nil)
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	if rr.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rr.Code)
	}
}

// Path traversal and odd paths on the media route: only what the cache
// holds is served, never a file named by the page.
func TestHandlerRejectsTraversal(t *testing.T) {
	_, _, h, _ := mediaFixture(t)
	for _, p := range []string{
		"/media/../index.json",
		"/media/photo/../thumb",
		"/media/photo/ph_1/../../index.json",
		"/media/photo/%2e%2e/thumb",
		"/media/%2e%2e/%2e%2e/index.json",
		"/media/photo/..%2f..%2findex.json/thumb",
		"/media/photo/ph_1%2fthumb/x",
		"/media/photo/%2Fetc%2Fpasswd/thumb",
		"/media/photo//etc/passwd",
		"/media//photo/ph_1/thumb",
		"/media/photo/ph_1/thumb/",
		"/media/photo/ph_1",
		"/media/photo/ph_1/thumb/extra",
		"/media/photo/ph_1/original", // unknown variant
		"/media/video/ph_1/thumb",    // unknown kind
		"/media/photo/..\\..\\index.json/thumb",
		"/media/photo/ph_1/%74humb", // escapes are never decoded into a match
		"/media/photo/.../thumb",
		"/media/photo/C:/thumb",
		"/media/evil/id/x", // resolver returns a path
		"/media/photo/nope/thumb",
		"/media/photo/" + strings.Repeat("a", 200) + "/thumb",
		"/other/photo/ph_1/thumb",
	} {
		if rec := get(h, p); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, rec.Code)
		}
	}
}

func TestHandlerSymlinkCannotEscape(t *testing.T) {
	c, dir, _, _ := mediaFixture(t)
	outside := filepath.Join(t.TempDir(), "secret.jpg")
	if err := os.WriteFile(outside, jpegBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	// A symlink planted under a valid hash name, absolute and relative.
	for i := range 2 {
		hash := strings.Repeat(string(rune('a'+i)), 64)
		target := outside
		if i == 1 {
			rel, err := filepath.Rel(filepath.Join(dir, hash[:2]), outside)
			if err != nil {
				t.Fatal(err)
			}
			target = rel // relative, climbing out with ../
		}
		if err := os.MkdirAll(filepath.Join(dir, hash[:2]), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, hash[:2], hash)); err != nil {
			t.Skip("symlinks unavailable:", err)
		}
		// Sanity: a naive os.Open through the link does reach the secret.
		if _, err := os.ReadFile(filepath.Join(dir, hash[:2], hash)); err != nil {
			t.Fatalf("link %s does not reach the outside file: %v", target, err)
		}
		// Make the cache believe it owns the hash, as a rescan would.
		c.mu.Lock()
		c.entries[hash] = &entry{size: 1}
		c.mu.Unlock()
		h := c.Handler(HandlerConfig{Prefix: "/media/", Variants: map[string][]string{"photo": {"thumb"}},
			Resolve: func(string, string, string) (string, bool) { return hash, true }})
		if rec := get(h, "/media/photo/x/thumb"); rec.Code != http.StatusNotFound {
			t.Errorf("symlink to %s served with %d", target, rec.Code)
		}
		if _, err := c.Open(hash); err == nil {
			t.Errorf("Open followed a symlink out of the cache (%s)", target)
		}
	}
}

func TestMiddlewareRoutesOnlyPrefix(t *testing.T) {
	c, _, _, _ := mediaFixture(t)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	mw := c.Middleware(HandlerConfig{Prefix: "/media/", Variants: map[string][]string{"photo": {"thumb"}},
		Resolve: func(kind, id, variant string) (string, bool) {
			ref, ok := c.Lookup(kind + ":" + id + ":" + variant)
			return ref.Hash, ok
		}})(next)
	if rec := get(mw, "/index.html"); rec.Code != http.StatusTeapot {
		t.Errorf("non-media request: %d", rec.Code)
	}
	if rec := get(mw, "/media/photo/ph_1/thumb"); rec.Code != http.StatusOK {
		t.Errorf("media request: %d", rec.Code)
	}
	if rec := get(mw, "/media/photo/%2e%2e/thumb"); rec.Code != http.StatusNotFound {
		t.Errorf("escaped traversal through middleware: %d", rec.Code)
	}
}

func TestHandlerWildcardVariant(t *testing.T) {
	c, _, _, _ := mediaFixture(t)
	h := c.Handler(HandlerConfig{Prefix: "/media/", Variants: map[string][]string{"pfp": {"*"}},
		Resolve: func(kind, id, variant string) (string, bool) {
			ref, ok := c.Lookup(kind + ":" + id + ":" + variant)
			return ref.Hash, ok
		}})
	if rec := get(h, "/media/pfp/ph_1/600"); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" {
		t.Errorf("wildcard variant: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, target := range []string{"/media/pfp/ph_1/601", "/media/pfp/ph_1/..", "/media/pfp/ph_1/%2e%2e", "/media/photo/ph_1/thumb"} {
		if rec := get(h, target); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", target, rec.Code)
		}
	}
}
