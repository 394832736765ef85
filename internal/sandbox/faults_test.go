package sandbox

import (
	"bytes"
	"errors"
	"image/jpeg"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultRateLimitBurst(t *testing.T) {
	// The sandbox's clock stands still, so the reset is measured against
	// the time the sandbox stamped it with, not the wall clock (which a
	// loaded -race run moves on by whole seconds between the requests).
	h := newHarness(t, Options{Members: 30, Clock: frozenClock()})
	h.call("POST", "/_sandbox/faults", map[string]any{"rateLimitBurst": 3, "burstReset": "2s"}).expect(t, 200, "")
	for i := 0; i < 3; i++ {
		r := h.call("GET", "/organization/credits", nil).expect(t, 429, codeRateLimited)
		reset, err := time.Parse(time.RFC3339Nano, r.header.Get("X-RateLimit-Reset"))
		if err != nil || r.header.Get("X-RateLimit-Remaining") != "0" {
			t.Fatalf("burst headers: %v", r.header)
		}
		if d := reset.Sub(h.srv.Now()); d > 2*time.Second || d < time.Second {
			t.Fatalf("burst reset in %v, want ~2s", d)
		}
	}
	h.call("GET", "/organization/credits", nil).expect(t, 200, "")
}

func TestFaultErrorRateIsExact(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	if err := h.srv.SetFaults(Faults{ErrorRate: 0.5}); err != nil {
		t.Fatal(err)
	}
	var statuses []int
	for i := 0; i < 8; i++ {
		statuses = append(statuses, h.call("GET", "/organization", nil).status)
	}
	want := []int{200, 500, 200, 503, 200, 500, 200, 503}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses %v, want %v", statuses, want)
		}
	}
	// Injected 5xx answers keep the error envelope.
	h.call("GET", "/organization", nil).expect(t, 200, "")
	h.call("GET", "/organization", nil).expect(t, 500, codeInternal)
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	h.srv.SetFaults(Faults{Latency: 150 * time.Millisecond})
	start := time.Now()
	h.call("GET", "/organization", nil).expect(t, 200, "")
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("request took %v despite 150ms latency", d)
	}
	// A client that gives up is not kept waiting by the server.
	h.srv.SetFaults(Faults{Latency: 30 * time.Second})
	c := &http.Client{Timeout: 100 * time.Millisecond}
	req := h.request("GET", "/organization", nil, h.srv.APIKey())
	if _, err := c.Do(req); err == nil {
		t.Fatal("expected a client timeout")
	}
}

func TestFaultTruncatedBodies(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	h.srv.SetFaults(Faults{Truncate: 1, CDNTruncate: 1})
	resp, err := h.client.Do(h.request("GET", "/organization/invites", nil, h.srv.APIKey()))
	if err != nil {
		t.Fatal(err)
	}
	declared := resp.ContentLength
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) || int64(len(b)) >= declared {
		t.Fatalf("truncated API body: read %d of %d, err %v", len(b), declared, err)
	}
	h.call("GET", "/organization/invites", nil).expect(t, 200, "")

	_, urls, _ := h.favoriteURLs(t, scFavorite)
	resp, err = h.client.Get(urls["thumbnail"])
	if err != nil {
		t.Fatal(err)
	}
	b, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(b) == 0 {
		t.Fatalf("truncated photo: read %d bytes, err %v", len(b), err)
	}
	h.fetch(t, urls["thumbnail"]).expect(t, 200, "")
}

func TestFaultPerPhoto(t *testing.T) {
	h := newHarness(t, Options{Members: 40})
	failID, failURLs, _ := h.favoriteURLs(t, scFavorite)
	corruptID, corruptURLs, _ := h.favoriteURLs(t, scRetryWindow)
	hugeID, hugeURLs, _ := h.favoriteURLs(t, scTwoShoots)
	h.call("POST", "/_sandbox/faults", map[string]any{
		"failPhotos": []string{failID}, "corruptPhotos": []string{corruptID}, "hugePhotos": []string{hugeID},
	}).expect(t, 200, "")

	for i := 0; i < 2; i++ {
		if r := h.fetch(t, failURLs["main"]); r.status != 500 {
			t.Fatalf("failing photo answered %d", r.status)
		}
	}
	r := h.fetch(t, corruptURLs["main"]).expect(t, 200, "")
	if _, err := jpeg.DecodeConfig(bytes.NewReader(r.body)); err != nil {
		t.Fatalf("corrupt photo should keep a readable header: %v", err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(r.body)); err == nil {
		t.Fatal("corrupt photo decoded cleanly")
	}
	r = h.fetch(t, hugeURLs["main"]).expect(t, 200, "")
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.body))
	if err != nil || cfg.Width != 40000 || cfg.Height != 40000 || len(r.body) > 2000 {
		t.Fatalf("huge header photo: %v %+v, %d bytes", err, cfg, len(r.body))
	}

	h.call("POST", "/_sandbox/reset", nil).expect(t, 200, "")
	h.fetch(t, failURLs["main"]).expect(t, 200, "")
	if _, err := jpeg.DecodeConfig(bytes.NewReader(h.fetch(t, hugeURLs["thumbnail"]).body)); err != nil {
		t.Fatal(err)
	}
}

func TestFaultEarlyExpiringURLs(t *testing.T) {
	// A clock that stands still: the expiry is compared with the time the
	// URL was signed at, whatever the machine's speed (see above).
	h := newHarness(t, Options{Members: 30, Clock: frozenClock()})
	h.call("POST", "/_sandbox/faults", map[string]any{"urlTTL": "2s"}).expect(t, 200, "")
	_, urls, exp := h.favoriteURLs(t, scFavorite)
	if d := exp.Sub(h.srv.Now()); d > 3*time.Second || d <= time.Second {
		t.Fatalf("expiresAt %v ahead, want ~2s", d)
	}
	h.fetch(t, urls["thumbnail"]).expect(t, 200, "")
	h.call("POST", "/_sandbox/clock", map[string]any{"advance": "3s"}).expect(t, 200, "")
	if r := h.fetch(t, urls["thumbnail"]); r.status != 403 || !strings.Contains(string(r.body), "expired") {
		t.Fatalf("after 3s: %d %s", r.status, r.body)
	}
}

func TestFaultControlValidation(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	bad := []map[string]any{
		{"errorRate": 1.5}, {"errorStatus": 404}, {"latency": "soon"}, {"truncate": -1}, {"latency": "2m"}, {"unknown": 1},
	}
	for _, b := range bad {
		h.call("POST", "/_sandbox/faults", b).expect(t, 400, codeInvalidRequest)
	}
	body := h.call("POST", "/_sandbox/faults", map[string]any{"latency": 250, "cdnLatency": "1.5s", "errorRate": 0.1}).expect(t, 200, "").json(t)
	f := body["faults"].(map[string]any)
	if f["latency"] != "250ms" || f["cdnLatency"] != "1.5s" || f["errorRate"] != 0.1 {
		t.Fatalf("faults echo: %v", f)
	}
	h.call("DELETE", "/_sandbox/faults", nil).expect(t, 200, "")
	if got := h.srv.CurrentFaults(); got.Latency != 0 || got.ErrorRate != 0 {
		t.Fatalf("faults not cleared: %+v", got)
	}
	h.callKey("POST", "/_sandbox/faults", map[string]any{}, "").expect(t, 401, codeUnauthorized)
	// The spec is public.
	r := h.callKey("GET", "/_sandbox/openapi.yaml", nil, "")
	if r.status != 200 || !bytes.HasPrefix(r.body, []byte("openapi: 3.1")) {
		t.Fatalf("openapi.yaml: %d %.40s", r.status, r.body)
	}
}

func TestClockControl(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	h.call("POST", "/_sandbox/clock", map[string]any{"now": "2030-01-02T03:04:05Z"}).expect(t, 200, "")
	now := h.srv.Now()
	if now.Year() != 2030 || now.Sub(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) > time.Second {
		t.Fatalf("clock set to %v", now)
	}
	h.call("POST", "/organization/invites", map[string]any{"email": "future@northwind.example"}).expect(t, 200, "")
	inv := h.call("GET", "/organization/invites/future@northwind.example", nil).json(t)["invite"].(map[string]any)
	if !strings.HasPrefix(inv["createdAt"].(string), "2030-01-02T03:04:0") {
		t.Fatalf("new invite createdAt %v does not follow the sandbox clock", inv["createdAt"])
	}
	// Newest first holds with the moved clock.
	first := h.call("GET", "/organization/invites", nil).json(t)["invites"].([]any)[0].(map[string]any)
	if first["email"] != "future@northwind.example" {
		t.Fatalf("newest invite not first: %v", first)
	}
	h.call("POST", "/_sandbox/clock", map[string]any{}).expect(t, 400, codeInvalidRequest)
	h.call("POST", "/_sandbox/clock", map[string]any{"reset": true}).expect(t, 200, "")
	if d := time.Since(h.srv.Now()); d > time.Second || d < -time.Second {
		t.Fatalf("clock reset left offset %v", d)
	}
}

func TestResetOrgRestoresSeed(t *testing.T) {
	h := newHarness(t, Options{Members: 30, Seed: 12})
	before := h.call("GET", "/organization/team?limit=200", nil).json(t)["pagination"].(map[string]any)["total"]
	h.call("POST", "/organization/teams", map[string]any{"name": "Temporary"}).expect(t, 200, "")
	h.call("POST", "/_sandbox/invites/accept", map[string]any{"email": h.scenario(scPendingInvite).Email}).expect(t, 200, "")
	h.call("POST", "/_sandbox/reset", map[string]any{"org": true}).expect(t, 200, "")
	after := h.call("GET", "/organization/team?limit=200", nil).json(t)["pagination"].(map[string]any)["total"]
	if before != after {
		t.Fatalf("members %v → %v after reset", before, after)
	}
	for _, tm := range h.call("GET", "/organization/teams", nil).json(t)["teams"].([]any) {
		if tm.(map[string]any)["name"] == "Temporary" {
			t.Fatal("reset kept a created team")
		}
	}
}
