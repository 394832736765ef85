package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// Run: go test -run '^$' -bench . -benchtime 3x ./internal/sandbox/

// BenchmarkSeed10k: generating the metadata of a 10,000-member org (what
// New does before it can serve; budget: < 1 s). ms/seed is the figure to
// watch; models and photos say how much was generated.
func BenchmarkSeed10k(b *testing.B) {
	var o *org
	for b.Loop() {
		o = seedOrg(10_000, 3, anchor)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/seed")
	b.ReportMetric(float64(len(o.models)), "models")
	b.ReportMetric(float64(len(o.photoByID)), "photos")
}

// BenchmarkStart10k: New with 10,000 members, listen, and the first API
// answer (budget: < 5 s).
func BenchmarkStart10k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		start := time.Now()
		s, err := New(Options{Members: 10_000, Seed: int64(i)})
		if err != nil {
			b.Fatal(err)
		}
		base, err := s.Start("127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		req, _ := http.NewRequest("GET", base+"/organization/team?limit=50", nil)
		req.Header.Set("Authorization", "Bearer "+s.APIKey())
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("first request: %v", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-to-first-answer")
		s.Close()
	}
}

// BenchmarkPageAllMembers10k: one op = every member of a 10,000-person org,
// 200 per page, over loopback (budget: < 1 s).
func BenchmarkPageAllMembers10k(b *testing.B) {
	h := newHarness(b, Options{Members: 10_000, RateLimit: 1_000_000})
	client := &http.Client{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for offset := 0; ; offset += 200 {
			req := h.request("GET", fmt.Sprintf("/organization/team?limit=200&offset=%d", offset), nil, h.srv.APIKey())
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var body struct {
				Members    []json.RawMessage `json:"members"`
				Pagination pagination        `json:"pagination"`
			}
			err = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err != nil {
				b.Fatal(err)
			}
			n += len(body.Members)
			if !body.Pagination.HasMore {
				if n != body.Pagination.Total {
					b.Fatalf("paged %d of %d", n, body.Pagination.Total)
				}
				break
			}
		}
	}
}

// largestPhoto returns a signed URL of a 3000×4000 main photo.
func largestPhoto(b *testing.B, h *harness) (string, string) {
	s := h.srv
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, m := range s.org.models {
		for _, p := range m.photos {
			if p.width == 3000 && m.status == statusActive {
				return p.id, s.signedURL(h.ts.URL, p.id, "main", s.now().Add(time.Hour))
			}
		}
	}
	b.Fatal("no 3000x4000 photo in the seed")
	return "", ""
}

// BenchmarkServePhoto: a generated 3000×4000 JPEG served again and again
// (budget: ≥ 200 MB/s).
func BenchmarkServePhoto(b *testing.B) {
	h := newHarness(b, Options{Members: 60})
	_, u := largestPhoto(b, h)
	first := h.fetch(b, u).expect(b, 200, "")
	b.SetBytes(int64(len(first.body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := h.client.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if n != int64(len(first.body)) {
			b.Fatalf("short read %d", n)
		}
	}
}

// BenchmarkRender3000x4000 draws and encodes one main-variant photo.
func BenchmarkRender3000x4000(b *testing.B) {
	var size int
	for i := 0; i < b.N; i++ {
		data, err := renderJPEG(imageSpec{photoID: "bench", seed: uint64(i + 1), width: 3000, height: 4000, variant: "main"})
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size)/1e6, "MB/photo")
}

func BenchmarkRenderThumbnail(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := renderJPEG(imageSpec{photoID: "bench", seed: uint64(i + 1), width: 3000, height: 4000, variant: "thumbnail"}); err != nil {
			b.Fatal(err)
		}
	}
}
