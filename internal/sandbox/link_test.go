package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// The link tests measure time only from below: a shaped transfer must take
// at least what the link allows (minus the bucket's slack). How much longer
// a loaded machine makes it is not asserted.

func TestParseBandwidth(t *testing.T) {
	for in, want := range map[string]Bandwidth{
		"200Mbit": 200 * Mbit, "200 Mbit/s": 200 * Mbit, "200mbps": 200 * Mbit, "1.5Gbit": 1500 * Mbit,
		"800kbit": 800 * Kbit, "9600bit": 9600, "0bit": 0,
	} {
		got, err := ParseBandwidth(in)
		if err != nil || got != want {
			t.Errorf("ParseBandwidth(%q) = %v, %v; want %v", in, int64(got), err, int64(want))
		}
		if err == nil && got > 0 {
			if back, err := ParseBandwidth(got.String()); err != nil || back != got {
				t.Errorf("%v does not read back: %v, %v", got, int64(back), err)
			}
		}
	}
	for _, bad := range []string{"", "fast", "200", "200MB", "-5Mbit", "Mbit", "1e400Gbit"} {
		if _, err := ParseBandwidth(bad); err == nil {
			t.Errorf("ParseBandwidth(%q) accepted", bad)
		}
	}
}

func TestLinkFaultsOverControlRoute(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	body := map[string]any{"rtt": "50ms", "bandwidth": "200Mbit", "slowPhotos": 0.02, "slowPhotoRate": 1_000_000}
	got := h.call("POST", "/_sandbox/faults", body).expect(t, 200, "").json(t)["faults"].(map[string]any)
	for k, want := range map[string]any{"rtt": "50ms", "bandwidth": "200Mbit", "slowPhotos": 0.02, "slowPhotoRate": "1Mbit"} {
		if got[k] != want {
			t.Errorf("faults[%q] = %v, want %v", k, got[k], want)
		}
	}
	f := h.srv.CurrentFaults()
	if f.RTT != 50*time.Millisecond || f.Bandwidth != 200*Mbit || f.SlowPhotoRate != Mbit {
		t.Fatalf("faults read back as %+v", f)
	}
	for _, bad := range []map[string]any{
		{"rtt": "-1ms"}, {"rtt": "11s"}, {"bandwidth": "200MB"}, {"bandwidth": "10bit"},
		{"slowPhotos": 1.5}, {"slowPhotoRate": -8},
	} {
		h.call("POST", "/_sandbox/faults", bad).expect(t, 400, "")
	}
	// A rejected body leaves the faults as they were.
	if h.srv.CurrentFaults().Bandwidth != 200*Mbit {
		t.Fatal("a rejected fault body changed the faults")
	}
}

// favoritePhotoURLs lists the main URLs of the first n favorites.
func (h *harness) favoritePhotoURLs(t testing.TB, n int) []string {
	t.Helper()
	var page struct {
		Photos []struct {
			URLs struct{ Main string } `json:"urls"`
		} `json:"photos"`
	}
	r := h.call("GET", fmt.Sprintf("/organization/photos/favorites?limit=%d", n), nil).expect(t, 200, "")
	if err := json.Unmarshal(r.body, &page); err != nil || len(page.Photos) < n {
		t.Fatalf("favorites: %v, %d photos, want %d", err, len(page.Photos), n)
	}
	var urls []string
	for _, p := range page.Photos {
		urls = append(urls, p.URLs.Main)
	}
	return urls
}

// download fetches urls in parallel and returns the elapsed time and bytes.
func download(t *testing.T, c *http.Client, urls []string) (time.Duration, int64) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var total int64
	errs := make(chan error, len(urls))
	start := time.Now()
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Get(u)
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			n, err := io.Copy(io.Discard, resp.Body)
			if err == nil && resp.StatusCode != 200 {
				err = fmt.Errorf("%s: HTTP %d", u, resp.StatusCode)
			}
			if err != nil {
				errs <- err
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return time.Since(start), total
}

func TestLinkBandwidthIsSharedByAllDownloads(t *testing.T) {
	h := newHarness(t, Options{Members: 60, Seed: 3, ImageScale: 0.2})
	urls := h.favoritePhotoURLs(t, 4)
	_, unshaped := download(t, h.client, urls) // make the images (cached) and learn their size
	if got := h.srv.Stats().CDNBytes; got != unshaped {
		t.Fatalf("Stats.CDNBytes = %d after sending %d photo bytes", got, unshaped)
	}

	// The rate is chosen so the four photos take about a second together.
	rate := Bandwidth(unshaped * 8)
	if err := h.srv.SetFaults(Faults{Bandwidth: rate}); err != nil {
		t.Fatal(err)
	}
	took, n := download(t, h.client, urls)
	// Four parallel downloads through one link: the sum of their bytes at
	// the link's rate, not a quarter of it (as a per-connection cap would).
	if floor := rate.TransferTime(n) - pacerSlack; took < floor*9/10 {
		t.Fatalf("4 parallel downloads of %d bytes at %v took %v; the shared link allows no less than %v", n, rate, took, floor)
	}
	// One photo alone gets the whole link: it takes at least its own bytes' time.
	took, n = download(t, h.client, urls[:1])
	if floor := rate.TransferTime(n) - pacerSlack; took < floor*9/10 {
		t.Fatalf("one download of %d bytes at %v took %v, want ≥ %v", n, rate, took, floor)
	}
}

func TestLinkSlowPhotos(t *testing.T) {
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("photo_%06d", i)
	}
	count := func(frac float64) (n int) {
		for _, id := range ids {
			if slowPhoto(id, frac) {
				n++
			}
		}
		return n
	}
	if n := count(0); n != 0 {
		t.Fatalf("fraction 0 slowed %d photos", n)
	}
	if n := count(1); n != len(ids) {
		t.Fatalf("fraction 1 slowed %d of %d photos", n, len(ids))
	}
	if n := count(0.05); n < 50 || n > 150 {
		t.Fatalf("fraction 0.05 slowed %d of %d photos, want about 100", n, len(ids))
	}
	if count(0.05) != count(0.05) || !slowPhoto(ids[0], 1) {
		t.Fatal("the choice of slow photos is not stable")
	}

	// A slow photo is sent at the slow rate even though the link is fast.
	h := newHarness(t, Options{Members: 60, Seed: 3, ImageScale: 0.2})
	urls := h.favoritePhotoURLs(t, 1)
	_, size := download(t, h.client, urls)
	slow := Bandwidth(size * 8 * 2) // half a second for this photo
	if err := h.srv.SetFaults(Faults{Bandwidth: 100 * Gbit, SlowPhotos: 1, SlowPhotoRate: slow}); err != nil {
		t.Fatal(err)
	}
	took, n := download(t, h.client, urls)
	if floor := slow.TransferTime(n) - pacerSlack; took < floor*9/10 {
		t.Fatalf("a slow photo of %d bytes at %v took %v, want ≥ %v", n, slow, took, floor)
	}
}

func TestLinkRoundTripAndHandshakes(t *testing.T) {
	srv, base := startedServer(t, Options{Members: 30, Seed: 2})
	const rtt = 80 * time.Millisecond
	if err := srv.SetFaults(Faults{RTT: rtt}); err != nil {
		t.Fatal(err)
	}
	// One connection at most: the second request waits for the first's
	// connection rather than racing its return to the pool with a new dial.
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}, Timeout: 30 * time.Second}
	get := func(path string) time.Duration {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+srv.APIKey())
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return time.Since(start)
	}
	// A new connection: two handshakes, then the request's round trip.
	if d := get("/organization"); d < (1+handshakeRTTs)*rtt {
		t.Fatalf("first request on a new connection took %v, want ≥ %v", d, (1+handshakeRTTs)*rtt)
	}
	// The same connection again: one round trip.
	if d := get("/organization/credits"); d < rtt {
		t.Fatalf("request took %v, want ≥ %v", d, rtt)
	}
	if c := srv.Stats().Connections; c != 1 {
		t.Fatalf("two requests over a kept-alive connection counted %d connections", c)
	}

	// Control routes are not shaped: with a 10 s RTT a control request
	// still answers well within 5 s.
	if err := srv.SetFaults(Faults{RTT: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	origin := strings.TrimSuffix(base, "/api/v2")
	req, _ := http.NewRequestWithContext(ctx, "GET", origin+"/_sandbox/faults", nil)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("control request with a 10 s RTT: %v", err)
	}
	resp.Body.Close()
}
