package headshotpro

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
)

// DefaultUserAgent is sent unless WithUserAgent overrides it.
const DefaultUserAgent = "Shotdesk (+https://github.com/shotdesk/shotdesk)"

// maxAPIBody caps one API response body. The largest legitimate answer is
// a 200-item page (well under 1 MiB); the cap stops a hostile or broken
// server (a 500 MB body) from exhausting memory.
const maxAPIBody = 16 << 20

// Client talks to the HeadshotPro V2 organization API. It is safe for
// concurrent use.
type Client struct {
	base      string // no trailing slash, e.g. https://server.headshotpro.com/api/v2
	baseURL   *url.URL
	apiKey    string
	hc        *http.Client
	log       *slog.Logger
	retry     RetryPolicy
	userAgent string
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	rnd       func() float64
	dl        *Downloader

	rlMu sync.Mutex
	rl   RateLimitStatus
}

// RateLimitStatus is the last X-RateLimit-* header set the API sent.
type RateLimitStatus struct {
	Limit     int
	Remaining int
	Reset     time.Time
	Seen      bool // false until a response carried the headers
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient uses hc for API calls. The client is copied, and its
// CheckRedirect replaced by the client's same-origin policy (a redirect
// must never carry the key to another host or over plain http).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithLogger sets the logger (default: slog.Default()). Lines carry method,
// redacted URL, status, attempt and duration; never headers or the key.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithRetryPolicy overrides the retry limits; zero fields keep defaults.
func WithRetryPolicy(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithClock replaces the time source and the sleep used for backoff and
// rate-limit waits, so tests run retry schedules instantly. sleep must
// return ctx.Err() if ctx ends first. Either may be nil to keep the default.
func WithClock(now func() time.Time, sleep func(context.Context, time.Duration) error) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
		if sleep != nil {
			c.sleep = sleep
		}
	}
}

// WithJitter replaces the random source of backoff jitter (values in [0,1)).
func WithJitter(rnd func() float64) Option { return func(c *Client) { c.rnd = rnd } }

// WithDownloader sets the downloader FetchPhoto uses (default: NewDownloader
// with the client's logger).
func WithDownloader(d *Downloader) Option { return func(c *Client) { c.dl = d } }

// New returns a client for baseURL (e.g. https://server.headshotpro.com/api/v2).
// The URL must be https, or http to a loopback host (the sandbox): the key
// must never cross a network in clear text.
func New(baseURL, apiKey string, opts ...Option) (*Client, error) {
	if err := config.ValidateAPIURL(baseURL); err != nil {
		return nil, fmt.Errorf("headshotpro: %w", err)
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("headshotpro: API URL: %w", err)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("headshotpro: API URL %q must not carry a query, fragment or user info", RedactURL(baseURL))
	}
	if strings.TrimSpace(apiKey) == "" || strings.ContainsAny(apiKey, "\r\n") {
		return nil, errors.New("headshotpro: API key is empty or malformed")
	}
	c := &Client{
		base:      u.String(),
		baseURL:   u,
		apiKey:    apiKey,
		userAgent: DefaultUserAgent,
		now:       time.Now,
		sleep:     sleepCtx,
		rnd:       defaultRand,
	}
	for _, o := range opts {
		o(c)
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	c.retry = c.retry.withDefaults()
	if c.hc == nil {
		c.hc = defaultAPIHTTPClient()
	} else {
		hc := *c.hc
		c.hc = &hc
	}
	c.hc.CheckRedirect = c.checkRedirect
	if c.dl == nil {
		c.dl = NewDownloader(WithDownloadLogger(c.log))
	}
	return c, nil
}

// BaseURL returns the API base URL the client was built with.
func (c *Client) BaseURL() string { return c.base }

// Downloader returns the (unauthenticated) download client.
func (c *Client) Downloader() *Downloader { return c.dl }

// RateLimit returns the most recent rate-limit headers, for the UI.
func (c *Client) RateLimit() RateLimitStatus {
	c.rlMu.Lock()
	defer c.rlMu.Unlock()
	return c.rl
}

// defaultAPIHTTPClient: no call may hang forever (Go's default client has
// no timeout at all), so every request has 30 s end to end.
func defaultAPIHTTPClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: newTransport(32)}
}

// newTransport has the timeouts every connection of ours uses. The API
// client and the downloader each get their own, so the pool that carries
// the API key never serves a photo host (and the other way round).
func newTransport(maxIdle int) *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          maxIdle,
		MaxIdleConnsPerHost:   8,
		ForceAttemptHTTP2:     true,
	}
}

// checkRedirect allows redirects only within the API's own origin (same
// scheme and host). Go keeps the Authorization header on redirects to
// sub-domains, and would follow an https→http downgrade; both would leak
// the key.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errRedirectRefused{errors.New("stopped after 5 redirects")}
	}
	if req.URL.Scheme != c.baseURL.Scheme || !strings.EqualFold(req.URL.Host, c.baseURL.Host) {
		return errRedirectRefused{fmt.Errorf("refusing redirect to %s: it leaves the API origin", RedactURL(req.URL.String()))}
	}
	return nil
}
