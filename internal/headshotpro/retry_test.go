package headshotpro

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGETRetriesServerErrorsWithJitteredBackoff(t *testing.T) {
	var n atomic.Int64
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 3 {
			writeJSON(w, 503, `{"success":false,"error":"busy","code":"INTERNAL_ERROR"}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"teams":[{"id":"team_1","name":"A"}]}`)
	})
	teams, err := e.c.Teams(ctxT(t))
	if err != nil || len(teams) != 1 {
		t.Fatalf("teams=%v err=%v", teams, err)
	}
	// jitter fixed at 0.5: 0.5·500ms, 0.5·1s, 0.5·2s.
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second}
	if got := e.clock.Sleeps(); !slices.Equal(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

func TestGETGivesUpAfterMaxAttempts(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"success":false,"error":"boom","code":"INTERNAL_ERROR"}`)
	})
	_, err := e.c.Teams(ctxT(t))
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 500 || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Error("GET failure must not be 'outcome unknown'")
	}
	if e.hits.Load() != 4 {
		t.Errorf("hits = %d, want 4", e.hits.Load())
	}
}

func TestBackoffBoundsFullJitter(t *testing.T) {
	p := DefaultRetryPolicy
	for n := 1; n <= 12; n++ {
		ceil := min(p.BaseBackoff<<(n-1), p.MaxBackoff)
		if got := p.backoff(n, func() float64 { return 0.999999 }); got > ceil || got < ceil*99/100 {
			t.Errorf("backoff(%d) = %v, want just under %v", n, got, ceil)
		}
		if got := p.backoff(n, func() float64 { return 0 }); got != 0 {
			t.Errorf("backoff(%d) with rnd 0 = %v", n, got)
		}
	}
}

func TestCreateInviteNotRetriedOn500(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"success":false,"error":"oops","code":"INTERNAL_ERROR"}`)
	})
	_, err := e.c.CreateInvite(ctxT(t), InviteRequest{Email: "a@x.com"})
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want outcome unknown + server error", err)
	}
	if IsPermanent(err) {
		t.Error("a 500 must not be permanent")
	}
	if e.hits.Load() != 1 {
		t.Errorf("POST invite sent %d times, want 1", e.hits.Load())
	}
}

func TestCreateInviteNotRetriedAfterConnectionDropped(t *testing.T) {
	// The server reads the request (it may have acted) and drops the
	// connection without answering: the lost acknowledgement.
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Fatal("no hijacker")
		}
		conn, _, _ := hj.Hijack()
		conn.Close()
	})
	_, err := e.c.CreateInvite(ctxT(t), InviteRequest{Email: "a@x.com"})
	if !errors.Is(err, ErrOffline) || !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	if e.hits.Load() != 1 {
		t.Errorf("POST invite reached the server %d times, want 1", e.hits.Load())
	}
}

// dialFailTransport fails the first n round trips with a dial error, as
// net/http reports "connection refused", then forwards.
type dialFailTransport struct {
	fail  atomic.Int64
	calls atomic.Int64
	next  http.RoundTripper
}

func (d *dialFailTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	d.calls.Add(1)
	if d.fail.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	}
	return d.next.RoundTrip(r)
}

func TestCreateInviteRetriedWhenNeverSent(t *testing.T) {
	tr := &dialFailTransport{next: http.DefaultTransport}
	tr.fail.Store(2)
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"input":{"email":"a@x.com"},"message":"Invite sent","link":"https://h/auth/signup?invite=abc","id":"abc","teamId":null}`)
	}, WithHTTPClient(&http.Client{Transport: tr}))
	res, err := e.c.CreateInvite(ctxT(t), InviteRequest{Email: "a@x.com"})
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "abc" || res.Email != "a@x.com" || res.TeamID != "" {
		t.Errorf("result = %+v", res)
	}
	if tr.calls.Load() != 3 || e.hits.Load() != 1 {
		t.Errorf("transport calls = %d, server hits = %d; want 3 and 1", tr.calls.Load(), e.hits.Load())
	}
}

func TestOfflineAfterDialFailures(t *testing.T) {
	tr := &dialFailTransport{next: http.DefaultTransport}
	tr.fail.Store(100)
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {}, WithHTTPClient(&http.Client{Transport: tr}))
	_, err := e.c.Teams(ctxT(t))
	if !errors.Is(err, ErrOffline) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	var op *net.OpError
	if !errors.As(err, &op) {
		t.Error("cause not reachable through the error chain")
	}
	if tr.calls.Load() != 4 {
		t.Errorf("calls = %d, want 4", tr.calls.Load())
	}
}

func TestRealConnectionRefusedIsOffline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	clock := newFakeClock()
	c, err := New("http://"+addr+"/api/v2", testKey, WithClock(clock.Now, clock.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateInvite(ctxT(t), InviteRequest{Email: "a@x.com"})
	if !errors.Is(err, ErrOffline) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want offline and known not sent", err)
	}
	if len(clock.Sleeps()) != 3 {
		t.Errorf("sleeps = %v, want 3 (a refused dial is safe to repeat even for POST)", clock.Sleeps())
	}
}

func TestRateLimitWaitsUntilReset(t *testing.T) {
	var n atomic.Int64
	var e *testEnv
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			reset := e.clock.Now().Add(7 * time.Second).Format("2006-01-02T15:04:05.000Z07:00")
			w.Header().Set("X-RateLimit-Reset", reset)
			writeJSON(w, 429, `{"success":false,"error":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED"}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"input":{"email":"a@x.com"},"message":"Invite sent","id":"i1","link":"l"}`)
	})
	// A POST invite too: a 429 means the server did not act.
	if _, err := e.c.CreateInvite(ctxT(t), InviteRequest{Email: "a@x.com"}); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{7*time.Second + rateLimitPad}
	if got := e.clock.Sleeps(); !slices.Equal(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

func TestRateLimitWaitClampedAndFallbacks(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("X-RateLimit-Reset", now.Add(time.Hour).Format(time.RFC3339))
	if w, _, ok := rateLimitWait(h, now, 65*time.Second); !ok || w != 65*time.Second {
		t.Errorf("far reset: wait=%v ok=%v, want 65s", w, ok)
	}
	h.Set("X-RateLimit-Reset", now.Add(-time.Minute).Format(time.RFC3339))
	if w, _, ok := rateLimitWait(h, now, 65*time.Second); !ok || w != rateLimitPad {
		t.Errorf("past reset: wait=%v", w)
	}
	for _, bad := range []string{"", "soon", "-5", "30"} {
		h.Set("X-RateLimit-Reset", bad)
		if _, _, ok := rateLimitWait(h, now, time.Minute); ok {
			t.Errorf("%q parsed as a reset", bad)
		}
	}
	h.Set("X-RateLimit-Reset", "2024-01-15T10:30:30Z")
	if w, _, ok := rateLimitWait(h, now, time.Minute); !ok || w != 30*time.Second+rateLimitPad {
		t.Errorf("no millis: %v %v", w, ok)
	}
}

func TestRateLimitWithoutHeaderUsesBackoffAndGivesUp(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 429, `{"success":false,"error":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED"}`)
	}, WithRetryPolicy(RetryPolicy{MaxRateLimitRetries: 2}))
	_, err := e.c.Teams(ctxT(t))
	var ae *APIError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &ae) || ae.Status != 429 {
		t.Fatalf("err = %v", err)
	}
	if IsPermanent(err) {
		t.Error("429 must not be permanent")
	}
	if e.hits.Load() != 3 {
		t.Errorf("hits = %d, want 3", e.hits.Load())
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}
	if got := e.clock.Sleeps(); !slices.Equal(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

func TestInviteLimitNotRetried(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 429, `{"success":false,"error":"Too many pending invites","code":"INVITE_LIMIT_EXCEEDED"}`)
	})
	_, err := e.c.CreateInvite(ctxT(t), InviteRequest{Email: "a@x.com"})
	if !errors.Is(err, ErrInviteLimit) || errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v", err)
	}
	if e.hits.Load() != 1 {
		t.Errorf("hits = %d", e.hits.Load())
	}
}

func TestContextCancelDuringWait(t *testing.T) {
	// Real sleeping, and a backoff so long (a minute, halved by the test
	// jitter) that a wait which ignored the context could not pass for one
	// that honoured it, however slow the machine.
	const backoff = time.Minute
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{}`)
	}, WithClock(nil, sleepCtx), WithRetryPolicy(RetryPolicy{BaseBackoff: backoff, MaxBackoff: backoff}))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.c.Teams(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d >= backoff/4 {
		t.Errorf("cancel took %v: the %v wait was not cut short", d, backoff/2)
	}
	if n := e.hits.Load(); n > 1 {
		t.Errorf("%d requests: retried after the context ended", n)
	}
}

func TestTruncatedJSONIsRetried(t *testing.T) {
	var n atomic.Int64
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		body := `{"success":true,"teams":[{"id":"team_1","name":"A"}]}`
		if n.Add(1) == 1 {
			// Declare the full length, send half, close.
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(body[:20]))
			return
		}
		if n.Load() == 2 {
			// No Content-Length, cut short: only the JSON parser notices.
			w.Header().Set("Content-Type", "application/json")
			w.(http.Flusher).Flush()
			_, _ = w.Write([]byte(body[:30]))
			return
		}
		writeJSON(w, 200, body)
	})
	teams, err := e.c.Teams(ctxT(t))
	if err != nil || len(teams) != 1 {
		t.Fatalf("teams=%v err=%v", teams, err)
	}
	if e.hits.Load() != 3 {
		t.Errorf("hits = %d, want 3", e.hits.Load())
	}
}

func TestHTMLFromProxy(t *testing.T) {
	t.Run("502 page", func(t *testing.T) {
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>"))
		}, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
		_, err := e.c.Teams(ctxT(t))
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != 502 || !errors.Is(err, ErrServer) {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(ae.Message, "Bad Gateway") || strings.Contains(ae.Message, "<") {
			t.Errorf("message = %q", ae.Message)
		}
	})
	t.Run("200 captive portal", func(t *testing.T) {
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>Please log in to the hotel Wi-Fi</body></html>"))
		})
		_, err := e.c.ListMembers(ctxT(t), MemberFilter{}, PageRequest{})
		if !errors.Is(err, ErrOffline) || !errors.Is(err, ErrBadResponse) {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), "hotel Wi-Fi") {
			t.Errorf("err lacks excerpt: %v", err)
		}
		if e.hits.Load() != 4 {
			t.Errorf("hits = %d, want 4", e.hits.Load())
		}
	})
}

// A rate limit that resets minutes from now is not waited out in silence:
// the caller hears until when, at once.
func TestRateLimitFarAheadIsReported(t *testing.T) {
	var e *testEnv
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Reset", e.clock.Now().Add(10*time.Minute).Format(time.RFC3339))
		writeJSON(w, 429, `{"success":false,"error":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED"}`)
	})
	_, err := e.c.Teams(ctxT(t))
	var rl *RateLimitedUntilError
	if !errors.As(err, &rl) || !errors.Is(err, ErrRateLimited) || rl.Until.Sub(e.clock.Now()) < 9*time.Minute {
		t.Fatalf("err = %v", err)
	}
	if got := e.clock.Sleeps(); len(got) != 0 || e.hits.Load() != 1 {
		t.Errorf("waited %v over %d requests, want no wait and one request", got, e.hits.Load())
	}
}

// An API that takes the connection but does not answer in time is offline
// for the caller (the offline copy is shown) and says so as ErrNoAnswer;
// a refused connection is offline and not ErrNoAnswer.
func TestAPINoAnswerInTimeIsOfflineAndSaysSo(t *testing.T) {
	tr := newTransport(4)
	tr.ResponseHeaderTimeout = 100 * time.Millisecond
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		select { // no headers until the client gives up
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}, WithHTTPClient(&http.Client{Transport: tr}))
	_, err := e.c.Teams(ctxT(t))
	if !IsOffline(err) || !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("no answer in time: %v; want offline and ErrNoAnswer", err)
	}
	if n := e.hits.Load(); n != 4 {
		t.Errorf("%d attempts, want 4 (a GET that got no answer is retried)", n)
	}

	tr2 := &dialFailTransport{next: http.DefaultTransport}
	tr2.fail.Store(100)
	e2 := newEnv(t, func(w http.ResponseWriter, r *http.Request) {}, WithHTTPClient(&http.Client{Transport: tr2}))
	_, err = e2.c.Teams(ctxT(t))
	if !IsOffline(err) || errors.Is(err, ErrNoAnswer) {
		t.Fatalf("connection refused: %v; want offline and not ErrNoAnswer", err)
	}
}
