package headshotpro

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cdnEnv serves an API photo endpoint that hands out signed CDN URLs with a
// generation number, and a CDN that accepts only the current generation.
type cdnEnv struct {
	*testEnv
	gen       atomic.Int64 // current valid signature generation
	refreshes atomic.Int64
	cdnHits   atomic.Int64
	authSeen  atomic.Int64
	body      []byte
}

func newCDNEnv(t *testing.T, body []byte, cdn func(w http.ResponseWriter, r *http.Request, valid bool) bool) *cdnEnv {
	ce := &cdnEnv{body: body}
	ce.gen.Store(1)
	ce.testEnv = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/cdn/") {
			ce.cdnHits.Add(1)
			if r.Header.Get("Authorization") != "" {
				ce.authSeen.Add(1)
			}
			valid := r.URL.Query().Get("signature") == "gen"+strconv.FormatInt(ce.gen.Load(), 10)
			if cdn != nil && cdn(w, r, valid) {
				return
			}
			if !valid {
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(403)
				_, _ = io.WriteString(w, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>")
				return
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(ce.body)))
			_, _ = w.Write(ce.body)
			return
		}
		if r.URL.Query().Get("include") != "all" {
			t.Errorf("refresh without include=all: %s", r.URL.RawQuery)
		}
		ce.refreshes.Add(1)
		base := ce.srv.URL + "/cdn/p1"
		sig := "?signature=gen" + strconv.FormatInt(ce.gen.Load(), 10)
		writeJSON(w, 200, fmt.Sprintf(`{"success":true,"photo":{"id":"p1","status":"active","urls":{"main":"%s.jpg%s","thumbnail":"%s_thumb.jpg%s","original":"%s_orig.jpg%s"}}}`,
			base, sig, base, sig, base, sig))
	})
	return ce
}

func (ce *cdnEnv) url(gen int) string {
	return fmt.Sprintf("%s/cdn/p1.jpg?signature=gen%d", ce.srv.URL, gen)
}

func TestFetchPhotoHappyPathNoAuth(t *testing.T) {
	body := bytes.Repeat([]byte("JPEG"), 1000)
	ce := newCDNEnv(t, body, nil)
	var buf bytes.Buffer
	n, err := ce.c.FetchPhoto(ctxT(t), PhotoRef{ModelID: "m1", PhotoID: "p1", URL: ce.url(1)}, &buf, 0)
	if err != nil || n != int64(len(body)) || !bytes.Equal(buf.Bytes(), body) {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if ce.refreshes.Load() != 0 || ce.authSeen.Load() != 0 {
		t.Errorf("refreshes=%d authSeen=%d", ce.refreshes.Load(), ce.authSeen.Load())
	}
}

func TestFetchPhotoRefreshesExpiredURLOnce(t *testing.T) {
	body := []byte("fresh bytes")
	ce := newCDNEnv(t, body, nil)
	ce.gen.Store(2) // the URL we hold (gen1) has expired
	var buf bytes.Buffer
	n, err := ce.c.FetchPhoto(ctxT(t), PhotoRef{ModelID: "m1", PhotoID: "p1", URL: ce.url(1)}, &buf, 0)
	if err != nil || n != int64(len(body)) || buf.String() != "fresh bytes" {
		t.Fatalf("n=%d err=%v buf=%q", n, err, buf.String())
	}
	if ce.refreshes.Load() != 1 || ce.cdnHits.Load() != 2 || ce.authSeen.Load() != 0 {
		t.Errorf("refreshes=%d cdnHits=%d authSeen=%d", ce.refreshes.Load(), ce.cdnHits.Load(), ce.authSeen.Load())
	}
}

func TestFetchPhotoGivesUpAfterOneRefresh(t *testing.T) {
	ce := newCDNEnv(t, []byte("x"), func(w http.ResponseWriter, r *http.Request, valid bool) bool {
		w.WriteHeader(http.StatusGone) // every URL refused, even fresh ones
		return true
	})
	var buf bytes.Buffer
	_, err := ce.c.FetchPhoto(ctxT(t), PhotoRef{ModelID: "m1", PhotoID: "p1", URL: ce.url(1)}, &buf, 0)
	var de *DownloadError
	if !errors.Is(err, ErrURLExpired) || !errors.As(err, &de) || de.Status != 410 {
		t.Fatalf("err = %v", err)
	}
	if ce.refreshes.Load() != 1 || ce.cdnHits.Load() != 2 || buf.Len() != 0 {
		t.Errorf("refreshes=%d cdnHits=%d buf=%d", ce.refreshes.Load(), ce.cdnHits.Load(), buf.Len())
	}
}

func TestFetchPhotoWithoutURLAsksAPI(t *testing.T) {
	ce := newCDNEnv(t, []byte("thumb"), nil)
	var buf bytes.Buffer
	n, err := ce.c.FetchPhoto(ctxT(t), PhotoRef{ModelID: "m1", PhotoID: "p1", Variant: VariantThumbnail}, &buf, 0)
	if err != nil || n != 5 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if ce.refreshes.Load() != 1 {
		t.Errorf("refreshes = %d", ce.refreshes.Load())
	}
}

func TestDownloadCaps(t *testing.T) {
	big := bytes.Repeat([]byte("a"), 5000)
	t.Run("content-length over cap is refused before reading", func(t *testing.T) {
		ce := newCDNEnv(t, big, nil)
		var buf bytes.Buffer
		n, err := ce.c.Downloader().Fetch(ctxT(t), ce.url(1), &buf, 1000)
		if !errors.Is(err, ErrTooLarge) || n != 0 || buf.Len() != 0 {
			t.Fatalf("n=%d err=%v", n, err)
		}
	})
	t.Run("chunked body over cap", func(t *testing.T) {
		ce := newCDNEnv(t, big, func(w http.ResponseWriter, r *http.Request, valid bool) bool {
			w.(http.Flusher).Flush() // no Content-Length: chunked
			_, _ = w.Write(big)
			return true
		})
		var buf bytes.Buffer
		n, err := ce.c.Downloader().Fetch(ctxT(t), ce.url(1), &buf, 1000)
		if !errors.Is(err, ErrTooLarge) || n != 1000 {
			t.Fatalf("n=%d err=%v", n, err)
		}
	})
	t.Run("exactly at cap is fine", func(t *testing.T) {
		ce := newCDNEnv(t, big, nil)
		n, err := ce.c.Downloader().Fetch(ctxT(t), ce.url(1), io.Discard, int64(len(big)))
		if err != nil || n != int64(len(big)) {
			t.Fatalf("n=%d err=%v", n, err)
		}
	})
}

func TestDownloadTruncated(t *testing.T) {
	ce := newCDNEnv(t, nil, func(w http.ResponseWriter, r *http.Request, valid bool) bool {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		_, _ = w.Write(bytes.Repeat([]byte("b"), 400))
		return true // handler returns: connection closes short
	})
	var buf bytes.Buffer
	n, err := ce.c.FetchPhoto(ctxT(t), PhotoRef{ModelID: "m1", PhotoID: "p1", URL: ce.url(1)}, &buf, 0)
	if !errors.Is(err, ErrTruncated) || n != 400 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if ce.cdnHits.Load() != 1 || ce.refreshes.Load() != 0 {
		t.Errorf("bytes were written, so no retry: cdnHits=%d refreshes=%d", ce.cdnHits.Load(), ce.refreshes.Load())
	}
}

func TestDownloadRetriesServerErrorBeforeFirstByte(t *testing.T) {
	var n atomic.Int64
	ce := newCDNEnv(t, []byte("ok"), func(w http.ResponseWriter, r *http.Request, valid bool) bool {
		if n.Add(1) <= 2 {
			w.WriteHeader(503)
			return true
		}
		return false
	})
	var buf bytes.Buffer
	got, err := ce.c.Downloader().Fetch(ctxT(t), ce.url(1), &buf, 0)
	if err != nil || got != 2 || buf.String() != "ok" || ce.cdnHits.Load() != 3 {
		t.Fatalf("got=%d err=%v hits=%d", got, err, ce.cdnHits.Load())
	}
}

func TestDownloadRefusesInsecureAndStripsAuthOnRedirect(t *testing.T) {
	d := NewDownloader()
	for _, u := range []string{"http://cdn.example.com/p.jpg?signature=s", "ftp://cdn/p.jpg", "file:///etc/passwd"} {
		if _, err := d.Fetch(ctxT(t), u, io.Discard, 0); err == nil || strings.Contains(err.Error(), "signature") {
			t.Errorf("%s: err = %v", u, err)
		}
	}
	// A redirect within the CDN is followed, and no Authorization arrives.
	ce := newCDNEnv(t, []byte("moved"), func(w http.ResponseWriter, r *http.Request, valid bool) bool {
		if r.URL.Path == "/cdn/p1.jpg" {
			http.Redirect(w, r, "/cdn/p1-moved.jpg?signature=gen1", http.StatusFound)
			return true
		}
		return false
	})
	var buf bytes.Buffer
	if _, err := ce.c.Downloader().Fetch(ctxT(t), ce.url(1), &buf, 0); err != nil || buf.String() != "moved" {
		t.Fatalf("err=%v buf=%q", err, buf.String())
	}
	if ce.authSeen.Load() != 0 {
		t.Error("CDN saw an Authorization header")
	}
}

func TestDownloadWriterErrorIsNotOffline(t *testing.T) {
	ce := newCDNEnv(t, []byte("payload"), nil)
	_, err := ce.c.Downloader().Fetch(ctxT(t), ce.url(1), failWriter{}, 0)
	if err == nil || errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

func TestDownloadStallTimesOut(t *testing.T) {
	ce := newCDNEnv(t, nil, func(w http.ResponseWriter, r *http.Request, valid bool) bool {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = w.Write([]byte("0123456789"))
		w.(http.Flusher).Flush()
		// Stalls until the client gives up (or a minute, should it never).
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
		return true
	})
	const idle = 100 * time.Millisecond
	d := NewDownloader(WithIdleTimeout(idle))
	start := time.Now()
	n, err := d.Fetch(ctxT(t), ce.url(1), io.Discard, 0)
	elapsed := time.Since(start)
	// "stalled" (not a short body, not ctxT's deadline): the idle timer
	// ended the download, as the server never would. The timer cannot fire
	// before the idle time has passed; ctxT's 30 s deadline is the hang
	// guard, so no upper bound on the wall clock here (-race runs are slow).
	if err == nil || n != 10 || !strings.Contains(err.Error(), "stalled") {
		t.Fatalf("n=%d err=%v after %v", n, err, elapsed)
	}
	if elapsed < idle {
		t.Errorf("stall reported after %v, before the %v idle timeout", elapsed, idle)
	}
}

// TestDownloaderKeepsItsConnections: two rounds of 24 downloads at once (a
// wide export) over a real loopback server; the second round reuses the
// first round's connections instead of opening new ones, each of which
// would cost a TCP and a TLS handshake on a real link.
func TestDownloaderKeepsItsConnections(t *testing.T) {
	const parallel = 24
	if parallel > DownloadIdleConnsPerHost {
		t.Fatalf("the test needs parallel ≤ DownloadIdleConnsPerHost (%d)", DownloadIdleConnsPerHost)
	}
	var opened atomic.Int64
	var arrived sync.WaitGroup
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Answer only when the whole round has arrived, so each round
		// really has `parallel` requests in flight at once.
		arrived.Done()
		arrived.Wait()
		w.Write([]byte("photo"))
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	d := NewDownloader(WithDownloadLogger(slog.New(slog.DiscardHandler)))
	for round := range 2 {
		arrived.Add(parallel)
		errs := make(chan error, parallel)
		for range parallel {
			go func() {
				_, err := d.Fetch(context.Background(), srv.URL+"/p.jpg", io.Discard, 0)
				errs <- err
			}()
		}
		for range parallel {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
	if n := opened.Load(); n != parallel {
		t.Fatalf("two rounds of %d parallel downloads opened %d connections, want %d (the second round reuses them)", parallel, n, parallel)
	}
}

// A photo server that takes the connection but sends no answer in time is
// slow, not offline: the export fails that photo and goes on with the
// others. A server nobody can connect to is offline.
func TestDownloadSlowAnswerIsNotOffline(t *testing.T) {
	ce := newCDNEnv(t, nil, func(w http.ResponseWriter, r *http.Request, valid bool) bool {
		select { // no headers until the client gives up
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
		return true
	})
	tr := newTransport(4)
	tr.ResponseHeaderTimeout = 100 * time.Millisecond
	d := NewDownloader(WithDownloadHTTPClient(&http.Client{Transport: tr}),
		WithDownloadRetry(RetryPolicy{MaxAttempts: 1}))
	_, err := d.Fetch(ctxT(t), ce.url(1), io.Discard, 0)
	if !errors.Is(err, ErrSlow) || IsOffline(err) {
		t.Fatalf("no answer in time: %v; want ErrSlow and not offline", err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/photo.jpg"
	l.Close() // nothing listens there now: the dial is refused
	_, err = d.Fetch(ctxT(t), closed, io.Discard, 0)
	if !IsOffline(err) || errors.Is(err, ErrSlow) {
		t.Fatalf("connection refused: %v; want offline", err)
	}
}
