package publish

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// instant makes retries and pauses free, recording the waits asked for.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) longest() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	var m time.Duration
	for _, d := range w.d {
		m = max(m, d)
	}
	return m
}

func TestCheckBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://graph.microsoft.com/v1.0": true,
		"http://127.0.0.1:9/x":             true,
		"http://localhost:9":               true,
		"http://[::1]:9":                   true,
		"http://graph.microsoft.com/v1.0":  false,
		"ftp://example.com":                false,
		"graph.microsoft.com":              false,
		"":                                 false,
	} {
		if _, err := CheckBaseURL(raw); (err == nil) != ok {
			t.Errorf("CheckBaseURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

// 429 with Retry-After pauses and retries; 5xx is retried with growing
// waits; bodies are sent again in full; the retries are bounded.
func TestClientRetriesThrottlingAndServerErrors(t *testing.T) {
	var calls atomic.Int32
	var bodies []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		switch n := calls.Add(1); {
		case r.URL.Path == "/always503":
			w.WriteHeader(http.StatusServiceUnavailable)
		case n == 1:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case n == 2:
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	defer srv.Close()
	var ws waits
	c := NewClient(ClientConfig{Sleep: ws.sleep, MaxRetries: 3})
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/photo", bytes.NewReader([]byte("jpeg-bytes")))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || calls.Load() != 3 {
		t.Fatalf("status %d after %d calls", resp.StatusCode, calls.Load())
	}
	for _, b := range bodies {
		if b != "jpeg-bytes" {
			t.Fatalf("a retry sent %q", b)
		}
	}
	if l := ws.longest(); l < 6900*time.Millisecond || l > 7*time.Second {
		t.Fatalf("Retry-After 7 was not honoured: waits %v", ws.d)
	}

	calls.Store(100)
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/always503", nil)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	herr := ReadError(resp)
	if herr.Status != 503 || calls.Load() != 104 || !strings.Contains(herr.Words(), "problem on its side") {
		t.Fatalf("%v after %d calls: %s", herr, calls.Load()-100, herr.Words())
	}
}

// A 401 renews the token once and retries; a second 401 is returned (the
// target turns it into a StopError with words).
func TestClientRenewsTheTokenOnce(t *testing.T) {
	var fetched atomic.Int32
	valid := "token-2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+valid {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	tokens := func(ctx context.Context) (Token, error) {
		n := fetched.Add(1)
		return Token{Value: "token-" + string(rune('0'+n)), Expiry: time.Now().Add(time.Hour)}, nil
	}
	var ws waits
	c := NewClient(ClientConfig{Tokens: tokens, Sleep: ws.sleep})
	get := func() int {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := get(); s != 200 || fetched.Load() != 2 {
		t.Fatalf("status %d with %d token fetches", s, fetched.Load())
	}
	if s := get(); s != 200 || fetched.Load() != 2 {
		t.Fatalf("the renewed token was not reused: %d fetches", fetched.Load())
	}
	valid = "never"
	if s := get(); s != 401 || fetched.Load() != 3 {
		t.Fatalf("status %d with %d token fetches; want 401 after one renewal", s, fetched.Load())
	}
}

// Unreachable is ErrUnreachable after a few tries, with words.
func TestClientUnreachable(t *testing.T) {
	var ws waits
	c := NewClient(ClientConfig{Sleep: ws.sleep})
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/", nil)
	_, err := c.Do(req)
	if err == nil || !strings.Contains(Words(err), "could not be reached") {
		t.Fatalf("%v / %q", err, Words(err))
	}
}

func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"0.5":                           500 * time.Millisecond,
		"Tue, 01 Dec 2026 12:00:10 GMT": 10 * time.Second,
		"soon":                          0,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}
