package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
)

// Token is an access token and when it stops working.
type Token struct {
	Value  string
	Expiry time.Time // zero = unknown
}

// TokenFunc fetches a new access token (client credentials, a JWT grant).
type TokenFunc func(ctx context.Context) (Token, error)

// ClientConfig configures the HTTP client a target talks through.
type ClientConfig struct {
	// Tokens, when set, adds "Authorization: Bearer …" to every request,
	// fetching a token when there is none or it is about to expire, and
	// renewing it once when the target answers 401 (a token can be revoked
	// or expire early).
	Tokens TokenFunc
	Logger *slog.Logger
	// MaxRetries bounds the retries of one request after 429 or 5xx
	// (default 6); network errors are retried up to 3 times.
	MaxRetries int
	// Timeout bounds one attempt (default 60 s).
	Timeout time.Duration
	// Sleep waits d or until ctx ends (tests make it instant).
	Sleep func(ctx context.Context, d time.Duration) error
	// Base is the underlying transport (default: a clone of
	// http.DefaultTransport with enough idle connections per host for the
	// requests in flight).
	Base http.RoundTripper
}

// CheckBaseURL accepts https URLs, and plain http only to this computer
// (local fakes in tests): credentials and photos must never cross a
// network in clear text.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if config.IsLoopbackHost(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("%q uses plain http: only https is allowed, except to this computer", raw)
	}
	return nil, fmt.Errorf("%q: the scheme must be https", raw)
}

// NewClient returns the HTTP client every target uses. Its transport
// retries 5xx with growing waits, honours 429 Retry-After with one pause
// shared by all requests in flight (the target throttles the app, not one
// request), paces requests at the rate the target was last seen to accept,
// and renews the token once on a 401. Request bodies must be replayable
// (http.NewRequest with a bytes.Reader or similar sets GetBody).
func NewClient(cfg ClientConfig) *http.Client {
	t := newTransport(cfg)
	return &http.Client{Transport: t, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		// A redirect to plain http off this computer would carry the token.
		if _, err := CheckBaseURL(req.URL.Scheme + "://" + req.URL.Host); err != nil {
			return fmt.Errorf("refused redirect: %w", err)
		}
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}}
}

type transport struct {
	base    http.RoundTripper
	tokens  TokenFunc
	logger  *slog.Logger
	retries int
	timeout time.Duration
	sleep   func(ctx context.Context, d time.Duration) error
	pace    *Pace

	mu    sync.Mutex
	token Token
}

func newTransport(cfg ClientConfig) *transport {
	t := &transport{base: cfg.Base, tokens: cfg.Tokens, logger: cfg.Logger, retries: cfg.MaxRetries,
		timeout: cfg.Timeout, sleep: cfg.Sleep, pace: NewPace()}
	if t.base == nil {
		b := http.DefaultTransport.(*http.Transport).Clone()
		b.MaxIdleConnsPerHost = 64
		t.base = b
	}
	if t.logger == nil {
		t.logger = slog.New(slog.DiscardHandler)
	}
	if t.retries <= 0 {
		t.retries = 6
	}
	if t.timeout <= 0 {
		t.timeout = 60 * time.Second
	}
	if t.sleep == nil {
		t.sleep = sleepCtx
	}
	t.pace.sleep = t.sleep
	return t
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// bearer returns a usable token, fetching one when there is none or it
// expires within a minute. Requests in flight share it (and wait for one
// fetch).
func (t *transport) bearer(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token.Value != "" && (t.token.Expiry.IsZero() || time.Until(t.token.Expiry) > time.Minute) {
		return t.token.Value, nil
	}
	tok, err := t.tokens(ctx)
	if err != nil {
		return "", err
	}
	t.token = tok
	return tok.Value, nil
}

// forget drops the token a 401 answered, unless another request renewed
// it already (many requests in flight meet the same expiry at once).
func (t *transport) forget(used string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token.Value == used {
		t.token = Token{}
	}
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	renewed, netFailures := false, 0
	for attempt := 0; ; attempt++ {
		if err := t.pace.Wait(ctx); err != nil {
			return nil, err
		}
		r := req.Clone(ctx)
		if req.Body != nil && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = body
		} else if attempt > 0 && req.Body != nil {
			return nil, errors.New("publish: the request body cannot be sent again")
		}
		used := ""
		if t.tokens != nil {
			tok, err := t.bearer(ctx)
			if err != nil {
				return nil, fmt.Errorf("get an access token: %w", err)
			}
			used = tok
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		actx, cancel := context.WithTimeout(ctx, t.timeout)
		r = r.WithContext(actx)
		started := time.Now()
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			cancel()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			netFailures++
			t.logger.Warn("directory request failed", "method", req.Method, "url", stripQuery(req.URL.String()), "err", err)
			if netFailures > 3 {
				return nil, fmt.Errorf("%w: %s %s: %v", ErrUnreachable, req.Method, stripQuery(req.URL.String()), err)
			}
			if err := t.sleep(ctx, backoff(netFailures)); err != nil {
				return nil, err
			}
			continue
		}
		resp.Body = cancelOnClose{resp.Body, cancel}
		status := resp.StatusCode
		switch {
		case status == http.StatusUnauthorized && t.tokens != nil && !renewed:
			// The token was revoked or expired early: fetch a new one, once.
			drain(resp)
			renewed = true
			t.forget(used)
			t.logger.Info("directory refused the token; renewing it once", "url", stripQuery(req.URL.String()))
			continue
		case status == http.StatusTooManyRequests && attempt < t.retries:
			wait := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			if wait <= 0 {
				wait = backoff(attempt + 1)
			}
			drain(resp)
			t.pace.Throttled(wait)
			t.logger.Info("directory asked to slow down", "retryAfter", wait, "url", stripQuery(req.URL.String()))
			continue
		case status >= 500 && status != http.StatusNotImplemented && attempt < t.retries:
			wait := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			if wait <= 0 {
				wait = backoff(attempt + 1)
			}
			drain(resp)
			t.logger.Info("directory had a problem; retrying", "status", status, "wait", wait, "url", stripQuery(req.URL.String()))
			if err := t.sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		t.pace.Done(time.Since(started))
		return resp, nil
	}
}

// backoff is the wait before retry n (1, 2, …): 0.5 s doubling, at most 30 s.
func backoff(n int) time.Duration {
	d := 500 * time.Millisecond << min(n-1, 6)
	return min(d, 30*time.Second)
}

func drain(resp *http.Response) {
	buf := make([]byte, 4096)
	for i := 0; i < 16; i++ { // at most 64 KB; a longer body is dropped with its connection
		if _, err := resp.Body.Read(buf); err != nil {
			break
		}
	}
	resp.Body.Close()
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
