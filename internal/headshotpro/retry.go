package headshotpro

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy bounds how hard the client tries. Zero fields take the
// defaults (DefaultRetryPolicy).
type RetryPolicy struct {
	// MaxAttempts is the total number of tries for a request that fails with
	// a network error or a 5xx (first try included). Default 4.
	MaxAttempts int
	// BaseBackoff and MaxBackoff shape the full-jitter exponential backoff:
	// before retry n (1-based) the client sleeps rand[0, min(Max, Base·2^(n-1))].
	// Defaults 500 ms and 30 s.
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	// MaxRateLimitWait caps one wait for X-RateLimit-Reset after a 429.
	// The API's window is one minute, so a reset further away than this
	// means clock skew; the client then waits MaxRateLimitWait and tries
	// again. Default 65 s.
	MaxRateLimitWait time.Duration
	// MaxRateLimitRetries bounds how many 429s one request absorbs before
	// giving up with ErrRateLimited. Counted separately from MaxAttempts:
	// a 429 means the server did not act, and waiting for the window is the
	// documented remedy. Default 5.
	MaxRateLimitRetries int
}

// DefaultRetryPolicy is used for zero fields of a RetryPolicy.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:         4,
	BaseBackoff:         500 * time.Millisecond,
	MaxBackoff:          30 * time.Second,
	MaxRateLimitWait:    65 * time.Second,
	MaxRateLimitRetries: 5,
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy
	if p.MaxAttempts > 0 {
		d.MaxAttempts = p.MaxAttempts
	}
	if p.BaseBackoff > 0 {
		d.BaseBackoff = p.BaseBackoff
	}
	if p.MaxBackoff > 0 {
		d.MaxBackoff = p.MaxBackoff
	}
	if p.MaxRateLimitWait > 0 {
		d.MaxRateLimitWait = p.MaxRateLimitWait
	}
	if p.MaxRateLimitRetries > 0 {
		d.MaxRateLimitRetries = p.MaxRateLimitRetries
	}
	return d
}

// backoff returns the full-jitter delay before retry n (n ≥ 1). Full jitter
// (AWS, "Exponential Backoff and Jitter") keeps many clients that failed
// together from retrying together.
func (p RetryPolicy) backoff(n int, rnd func() float64) time.Duration {
	ceil := p.BaseBackoff
	for i := 1; i < n && ceil < p.MaxBackoff; i++ {
		ceil *= 2
	}
	ceil = min(ceil, p.MaxBackoff)
	return time.Duration(rnd() * float64(ceil))
}

// rateLimitPad is added to the reset time: the docs' own client waits
// until X-RateLimit-Reset + 100 ms, so the first request of the new window
// does not land a hair early.
const rateLimitPad = 100 * time.Millisecond

// rateLimitWait computes how long to wait after a 429 from its
// X-RateLimit-Reset header (an ISO-8601 timestamp, not epoch seconds).
// ok is false when the header is missing or unparseable; the caller then
// falls back to backoff. The result is clamped to [pad, limit].
func rateLimitWait(h http.Header, now time.Time, limit time.Duration) (wait time.Duration, reset time.Time, ok bool) {
	reset, ok = parseResetHeader(h.Get("X-RateLimit-Reset"))
	if !ok {
		return 0, time.Time{}, false
	}
	wait = reset.Sub(now) + rateLimitPad
	// A reset in the past (our clock runs ahead of the server's) still
	// deserves the pad, not an immediate hammering.
	wait = max(wait, rateLimitPad)
	return min(wait, limit), reset, true
}

// parseResetHeader accepts RFC 3339 with or without fractional seconds.
// As a courtesy it also takes epoch seconds, which many other APIs send in
// this header: a reverse proxy in front of the API might.
func parseResetHeader(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	var sec int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		sec = sec*10 + int64(c-'0')
		if sec > 1<<40 {
			return time.Time{}, false
		}
	}
	// Small numbers would be a delta in seconds, which this header never
	// documents; treat them as unparseable rather than guess.
	if sec < 1_000_000_000 {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func defaultRand() float64 { return rand.Float64() }
