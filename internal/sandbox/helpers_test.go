package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// harness is a sandbox behind a real loopback listener plus a real client.
type harness struct {
	t      testing.TB
	srv    *Server
	ts     *httptest.Server
	client *http.Client
}

func newHarness(t testing.TB, opts Options) *harness {
	t.Helper()
	if opts.Members == 0 {
		opts.Members = 80
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &harness{t: t, srv: s, ts: ts, client: &http.Client{Timeout: 30 * time.Second}}
}

// frozenClock is a sandbox base clock that stands still at the moment it
// was made; /_sandbox/clock and Server.Advance still move the sandbox's
// "now" from there.
func frozenClock() func() time.Time {
	at := time.Now()
	return func() time.Time { return at }
}

type result struct {
	status int
	header http.Header
	body   []byte
}

// decode unmarshals the body into a generic map for assertions.
func (r result) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not JSON (%v): %.300s", err, r.body)
	}
	return m
}

// code returns the error code of an error envelope ("" for success bodies).
func (r result) code(t testing.TB) string {
	c, _ := r.json(t)["code"].(string)
	return c
}

// call sends an API request with the sandbox key; path is relative to
// /api/v2 unless it starts with "/_sandbox" or "http".
func (h *harness) call(method, path string, body any) result {
	return h.callKey(method, path, body, h.srv.APIKey())
}

func (h *harness) callKey(method, path string, body any, key string) result {
	h.t.Helper()
	req := h.request(method, path, body, key)
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return result{resp.StatusCode, resp.Header, b}
}

func (h *harness) request(method, path string, body any, key string) *http.Request {
	h.t.Helper()
	url := path
	switch {
	case strings.HasPrefix(path, "http"):
	case strings.HasPrefix(path, "/_sandbox"), strings.HasPrefix(path, "/cdn"):
		url = h.ts.URL + path
	default:
		url = h.ts.URL + "/api/v2" + path
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// expect fails unless the result has the status and (for errors) the code.
func (r result) expect(t testing.TB, status int, code string) result {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %.400s", r.status, status, r.body)
	}
	if code != "" {
		if got := r.code(t); got != code {
			t.Fatalf("code %q, want %q; body %.400s", got, code, r.body)
		}
	}
	return r
}

// scenario returns the first seeded entry of a scenario.
func (h *harness) scenario(name string) ScenarioEntry {
	h.t.Helper()
	for _, e := range h.srv.Scenarios() {
		if e.Scenario == name {
			return e
		}
	}
	h.t.Fatalf("no seeded scenario %q", name)
	return ScenarioEntry{}
}

// status sends a request and reports its status without failing the test,
// for use from goroutines (t.Fatal must stay on the test goroutine). CDN
// URLs are fetched without the API key, as the storage host requires.
func (h *harness) status(method, path string, body any) (int, error) {
	key := h.srv.APIKey()
	if strings.Contains(path, "/cdn/") {
		key = ""
	}
	req := h.request(method, path, body, key)
	resp, err := h.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
