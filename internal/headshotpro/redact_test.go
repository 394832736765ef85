package headshotpro

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://cdn.headshotpro.com/photos/abc.jpg?signature=xyz&exp=1": "https://cdn.headshotpro.com/photos/abc.jpg",
		"https://cdn/p.jpg#frag":                  "https://cdn/p.jpg",
		"https://user:pass@cdn/p.jpg?x=1":         "https://cdn/p.jpg",
		"https://server/api/v2/organization/team": "https://server/api/v2/organization/team",
		"http://[bad/p.jpg?signature=1":           "http://[bad/p.jpg",
		"https://u:p@%zz/x?signature=1":           "https://%zz/x",
		"":                                        "",
		"https://cdn/p.jpg?":                      "https://cdn/p.jpg",
		"/relative/path?signature=abc":            "/relative/path",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSecretsNeverInErrorsOrLogs forces a 500 on an authenticated call and
// failures on signed URLs, and checks that neither the key nor a signature
// reaches error text or log output.
func TestSecretsNeverInErrorsOrLogs(t *testing.T) {
	var cdnURL string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/cdn/"):
			writeJSON(w, 500, "<Error><Code>InternalError</Code></Error>")
		case strings.Contains(r.URL.Path, "/photos/"):
			writeJSON(w, 200, `{"success":true,"photo":{"id":"p1","status":"active","urls":{"main":"`+cdnURL+`"}}}`)
		default:
			writeJSON(w, 500, `{"success":false,"error":"boom","code":"INTERNAL_ERROR"}`)
		}
	})
	cdnURL = e.srv.URL + "/cdn/p1.jpg?signature=SECRETSIG&exp=1"
	ctx := ctxT(t)

	var errs []error
	_, err := e.c.ListMembers(ctx, MemberFilter{}, PageRequest{})
	errs = append(errs, err)
	_, err = e.c.FetchPhoto(ctx, PhotoRef{ModelID: "m1", PhotoID: "p1", URL: cdnURL}, io.Discard, 0)
	errs = append(errs, err)
	_, err = e.c.Downloader().Fetch(ctx, "http://127.0.0.1:1/cdn/p.jpg?signature=SECRETSIG", io.Discard, 0)
	errs = append(errs, err)
	_, err = e.c.Downloader().Fetch(ctx, "http://example.com/cdn/p.jpg?signature=SECRETSIG", io.Discard, 0)
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d unexpectedly succeeded", i)
		}
		for _, secret := range []string{testKey, "signature=", "SECRETSIG"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %d leaks %q: %v", i, secret, err)
			}
		}
	}
	if !errors.Is(errs[2], ErrOffline) {
		t.Errorf("refused CDN dial: %v", errs[2])
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "/cdn/p1.jpg") {
		t.Fatalf("expected download lines in the logs, got:\n%s", logs)
	}
	for _, secret := range []string{testKey, "signature=", "SECRETSIG", "Bearer"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs leak %q:\n%s", secret, logs)
		}
	}
}
