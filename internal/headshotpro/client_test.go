package headshotpro

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestNewValidatesBaseURL(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://server.headshotpro.com/api/v2", true},
		{"https://server.headshotpro.com/api/v2/", true},
		{"http://127.0.0.1:8080/api/v2", true},
		{"http://localhost:8080/api/v2", true},
		{"http://[::1]:8080/api/v2", true},
		{"http://server.headshotpro.com/api/v2", false},
		{"ftp://server.headshotpro.com/api/v2", false},
		{"server.headshotpro.com/api/v2", false},
		{"https://server.headshotpro.com/api/v2?x=1", false},
	} {
		_, err := New(tc.url, "k")
		if (err == nil) != tc.ok {
			t.Errorf("New(%q) err = %v, want ok=%v", tc.url, err, tc.ok)
		}
	}
	if _, err := New("https://x.example/api/v2", ""); err == nil {
		t.Error("empty key accepted")
	}
	c, err := New("https://x.example/api/v2/", "k")
	if err != nil || c.BaseURL() != "https://x.example/api/v2" {
		t.Errorf("BaseURL = %q, %v", c.BaseURL(), err)
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	var path string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		path = r.URL.Path
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "299")
		w.Header().Set("X-RateLimit-Reset", "2024-01-15T10:31:00.000Z")
		writeJSON(w, 200, `{"success":true,"credits":100}`)
	}, WithUserAgent("ShotdeskTest/1"))
	if _, err := e.c.Credits(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got.Get("Authorization") != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got.Get("Authorization"))
	}
	if got.Get("User-Agent") != "ShotdeskTest/1" || got.Get("Accept") != "application/json" {
		t.Errorf("headers = %v", got)
	}
	if path != "/api/v2/organization/credits" {
		t.Errorf("path = %q", path)
	}
	rl := e.c.RateLimit()
	if !rl.Seen || rl.Limit != 300 || rl.Remaining != 299 || rl.Reset.IsZero() {
		t.Errorf("RateLimit = %+v", rl)
	}
}

func TestPathEscaping(t *testing.T) {
	var raw string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.EscapedPath()
		writeJSON(w, 200, `{"success":true,"invite":{"email":"a+b@x.com","status":"pending","teamId":null,"teamName":null,"createdAt":"2024-01-14T09:00:00.000Z"}}`)
	})
	inv, err := e.c.Invite(ctxT(t), "a+b/c@x.com")
	if err != nil {
		t.Fatal(err)
	}
	if raw != "/api/v2/organization/invites/a%2Bb%2Fc%40x.com" {
		t.Errorf("escaped path = %q", raw)
	}
	if inv.Status != "pending" || inv.TeamID != "" {
		t.Errorf("invite = %+v", inv)
	}
}

func TestRedirectLeavingOriginRefused(t *testing.T) {
	other := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("redirect target was contacted with Authorization=%q", r.Header.Get("Authorization"))
	})
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.srv.URL, "127.0.0.1", "localhost", 1)+"/steal?sig=1", http.StatusFound)
	})
	_, err := e.c.Teams(ctxT(t))
	if err == nil || errors.Is(err, ErrOffline) {
		t.Fatalf("err = %v, want a refused redirect that is not 'offline'", err)
	}
	if e.hits.Load() != 1 {
		t.Errorf("hits = %d, want 1 (no retries)", e.hits.Load())
	}
	if strings.Contains(err.Error(), "sig=") {
		t.Errorf("error leaks query: %v", err)
	}
}
