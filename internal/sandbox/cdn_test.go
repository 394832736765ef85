package sandbox

import (
	"bytes"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// favoriteURLs returns the favorite photo of a seeded scenario with all URLs.
func (h *harness) favoriteURLs(t testing.TB, sc string) (photoID string, urls map[string]string, expiresAt time.Time) {
	t.Helper()
	model := h.scenario(sc).ModelIDs[0]
	p := h.call("GET", "/organization/models/"+model+"/photos/favorite?include=all", nil).expect(t, 200, "").json(t)["photo"].(map[string]any)
	urls = map[string]string{}
	for k, v := range p["urls"].(map[string]any) {
		urls[k] = v.(string)
	}
	exp, err := time.Parse(time.RFC3339Nano, p["expiresAt"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return p["id"].(string), urls, exp
}

// fetch downloads a URL without the API key, as a photo downloader must.
func (h *harness) fetch(t testing.TB, u string, hdr ...string) result {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", u, err)
	}
	return result{resp.StatusCode, resp.Header, b}
}

func TestPhotoVariantsAreRealJPEGs(t *testing.T) {
	h := newHarness(t, Options{Members: 40, Seed: 4})
	id, urls, exp := h.favoriteURLs(t, scFavorite)
	if d := time.Until(exp); d < 23*time.Hour || d > 25*time.Hour {
		t.Fatalf("expiresAt %v is not ~24h ahead", exp)
	}
	s := h.srv
	s.mu.RLock()
	p := s.org.photoByID[id]
	w, hgt := p.width, p.height
	s.mu.RUnlock()
	sizes := map[string][2]int{"main": {w, hgt}, "original": {w, hgt}, "thumbnail": {thumbWidth, (thumbWidth*hgt + w/2) / w}}
	var mainBytes []byte
	for variant, want := range sizes {
		u := urls[variant]
		if !strings.HasPrefix(u, h.ts.URL+"/cdn/photos/"+id+"/"+variant+".jpg?") {
			t.Fatalf("%s URL %q is not an absolute sandbox CDN URL", variant, u)
		}
		r := h.fetch(t, u).expect(t, 200, "")
		if r.header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("content type %q", r.header.Get("Content-Type"))
		}
		img, err := jpeg.Decode(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s does not decode: %v", variant, err)
		}
		if b := img.Bounds(); b.Dx() != want[0] || b.Dy() != want[1] {
			t.Fatalf("%s is %dx%d, want %dx%d", variant, b.Dx(), b.Dy(), want[0], want[1])
		}
		if variant == "main" {
			mainBytes = r.body
			if len(r.body) < 150_000 || len(r.body) > 5_000_000 {
				t.Fatalf("main photo %d bytes, outside a realistic range", len(r.body))
			}
		}
	}
	again := h.fetch(t, urls["main"]).expect(t, 200, "")
	if !bytes.Equal(again.body, mainBytes) {
		t.Fatal("the same photo served different bytes")
	}
	// Range requests work (resumable downloads).
	r := h.fetch(t, urls["main"], "Range", "bytes=0-99")
	if r.status != http.StatusPartialContent || len(r.body) != 100 || !bytes.Equal(r.body, mainBytes[:100]) {
		t.Fatalf("range: status %d, %d bytes", r.status, len(r.body))
	}
	// Same seed, new server: same ids and the same pixels.
	h2 := newHarness(t, Options{Members: 40, Seed: 4})
	id2, urls2, _ := h2.favoriteURLs(t, scFavorite)
	if id2 != id {
		t.Fatalf("same seed gave photo %s, then %s", id, id2)
	}
	if other := h2.fetch(t, urls2["main"]).body; !bytes.Equal(other, mainBytes) {
		t.Fatal("same seed rendered different bytes")
	}
}

func TestSignedURLRejections(t *testing.T) {
	h := newHarness(t, Options{Members: 40})
	_, urls, _ := h.favoriteURLs(t, scFavorite)
	u, _ := url.Parse(urls["main"])
	q := u.Query()

	tamper := func(mut func(url.Values, *url.URL)) string {
		c := *u
		v := url.Values{}
		for k, vals := range q {
			v[k] = append([]string(nil), vals...)
		}
		mut(v, &c)
		c.RawQuery = v.Encode()
		return c.String()
	}
	cases := map[string]struct {
		url  string
		code string
	}{
		"signature changed": {tamper(func(v url.Values, _ *url.URL) { v.Set("signature", strings.Repeat("0", 64)) }), "SignatureDoesNotMatch"},
		"expiry extended":   {tamper(func(v url.Values, _ *url.URL) { v.Set("expires", "9999999999") }), "SignatureDoesNotMatch"},
		"other variant":     {tamper(func(_ url.Values, c *url.URL) { c.Path = strings.Replace(c.Path, "main", "original", 1) }), "SignatureDoesNotMatch"},
		"no signature":      {tamper(func(v url.Values, _ *url.URL) { v.Del("signature") }), "AccessDenied"},
	}
	for name, c := range cases {
		r := h.fetch(t, c.url)
		if r.status != http.StatusForbidden || !strings.Contains(string(r.body), "<Code>"+c.code+"</Code>") {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	// Sending the API key to the storage host is refused, and counted.
	r := h.fetch(t, urls["main"], "Authorization", "Bearer "+h.srv.APIKey())
	if r.status != http.StatusBadRequest || h.srv.Stats().CDNWithAuthorization != 1 {
		t.Fatalf("Authorization to CDN: %d, counted %d", r.status, h.srv.Stats().CDNWithAuthorization)
	}
	// After 24h the URL has expired; a fresh API call signs a working one.
	h.srv.Advance(24*time.Hour + time.Second)
	r = h.fetch(t, urls["main"])
	if r.status != http.StatusForbidden || !strings.Contains(string(r.body), "Request has expired") {
		t.Fatalf("expired URL: %d %s", r.status, r.body)
	}
	_, fresh, _ := h.favoriteURLs(t, scFavorite)
	h.fetch(t, fresh["thumbnail"]).expect(t, 200, "")
}

func TestShortLivedURLScenarioAndDeletedModels(t *testing.T) {
	h := newHarness(t, Options{Members: 40})
	_, _, exp := h.favoriteURLs(t, scShortURL)
	if d := time.Until(exp); d > shortURLTTL+2*time.Second || d < shortURLTTL-time.Minute {
		t.Fatalf("url-expiring scenario expires in %v, want ~%v", d, shortURLTTL)
	}
	_, urls, _ := h.favoriteURLs(t, scFavorite)
	model := h.scenario(scFavorite).ModelIDs[0]
	h.call("DELETE", "/organization/models/"+model, nil).expect(t, 200, "")
	r := h.fetch(t, urls["thumbnail"])
	if r.status != http.StatusNotFound || !strings.Contains(string(r.body), "NoSuchKey") {
		t.Fatalf("photo of a deleted model: %d %s", r.status, r.body)
	}
}

func TestImageCacheDirSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, Options{Members: 30, Seed: 8, ImageCacheDir: dir})
	_, urls, _ := h.favoriteURLs(t, scFavorite)
	first := h.fetch(t, urls["thumbnail"]).expect(t, 200, "").body
	if st := h.srv.Stats().Images; st.Renders != 1 || st.DiskHits != 0 {
		t.Fatalf("first server: %+v", st)
	}
	h2 := newHarness(t, Options{Members: 30, Seed: 8, ImageCacheDir: dir})
	_, urls2, _ := h2.favoriteURLs(t, scFavorite)
	second := h2.fetch(t, urls2["thumbnail"]).expect(t, 200, "").body
	if st := h2.srv.Stats().Images; st.Renders != 0 || st.DiskHits != 1 {
		t.Fatalf("second server should read the disk cache: %+v", st)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("disk cache returned different bytes")
	}
}

func TestImageLRUEvictsByBytes(t *testing.T) {
	st, err := newImageStore("", 100_000)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ { // thumbnails are ~20-40 KB each
		if _, err := st.get(imageSpec{photoID: "p", seed: uint64(i), width: 1024, height: 1536, variant: "thumbnail"}); err != nil {
			t.Fatal(err)
		}
	}
	s := st.stats()
	if s.CachedBytes > 100_000 || s.CachedImages >= 6 || s.CachedImages == 0 {
		t.Fatalf("LRU over budget or empty: %+v", s)
	}
	// The most recent one is still cached.
	if _, err := st.get(imageSpec{photoID: "p", seed: 5, width: 1024, height: 1536, variant: "thumbnail"}); err != nil {
		t.Fatal(err)
	}
	if st.stats().MemoryHits != 1 {
		t.Fatalf("newest image was evicted: %+v", st.stats())
	}
}

func TestImageScaleShrinksPhotos(t *testing.T) {
	h := newHarness(t, Options{Members: 40, Seed: 4, ImageScale: 0.1})
	id, urls, _ := h.favoriteURLs(t, scFavorite)
	h.srv.mu.RLock()
	p := h.srv.org.photoByID[id]
	w, hgt := p.width, p.height
	h.srv.mu.RUnlock()
	for variant, wantW := range map[string]int{"main": max(64, w/10), "thumbnail": max(64, w/10)} {
		r := h.fetch(t, urls[variant]).expect(t, 200, "")
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s: %v", variant, err)
		}
		if cfg.Width != wantW || cfg.Height < max(64, hgt/10)-1 {
			t.Fatalf("%s is %dx%d, want width %d (photo %dx%d scaled 0.1)", variant, cfg.Width, cfg.Height, wantW, w, hgt)
		}
	}
}
