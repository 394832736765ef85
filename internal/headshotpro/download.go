package headshotpro

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
)

// DefaultMaxDownloadBytes caps one photo download: a 3000×4000 headshot is
// a few MB, so 25 MiB leaves room for any real photo while a broken or
// hostile host cannot fill memory or disk.
const DefaultMaxDownloadBytes = 25 << 20

// DownloadIdleConnsPerHost is how many idle connections the downloader
// keeps per photo host: at least the downloads an export runs at once.
const DownloadIdleConnsPerHost = 32

// Downloader fetches signed photo URLs from the storage host (CDN). It is
// a separate client on purpose: it has its own http.Client and Transport
// and never sets an Authorization header, so the API key cannot reach the
// CDN even through a redirect or a shared connection pool. Safe for
// concurrent use; the transport keeps DownloadIdleConnsPerHost idle
// connections per host so the parallel fetches of a favorites export reuse
// them.
type Downloader struct {
	hc          *http.Client
	log         *slog.Logger
	retry       RetryPolicy
	sleep       func(context.Context, time.Duration) error
	rnd         func() float64
	idleTimeout time.Duration
	userAgent   string
}

// DownloaderOption configures a Downloader.
type DownloaderOption func(*Downloader)

// WithDownloadHTTPClient uses hc (copied; its CheckRedirect is replaced).
// Do not pass the API client's http.Client: the point is a separate pool.
func WithDownloadHTTPClient(hc *http.Client) DownloaderOption {
	return func(d *Downloader) { d.hc = hc }
}

// WithDownloadLogger sets the logger.
func WithDownloadLogger(l *slog.Logger) DownloaderOption { return func(d *Downloader) { d.log = l } }

// WithDownloadRetry sets attempts/backoff for transient failures (network,
// 5xx, 429) that happen before the first byte reaches the writer.
func WithDownloadRetry(p RetryPolicy) DownloaderOption { return func(d *Downloader) { d.retry = p } }

// WithDownloadSleep replaces the backoff sleep (tests).
func WithDownloadSleep(sleep func(context.Context, time.Duration) error) DownloaderOption {
	return func(d *Downloader) { d.sleep = sleep }
}

// WithIdleTimeout sets how long a body read may stall before the download
// is abandoned (default 30 s). There is no whole-request timeout: large
// originals on slow links are fine as long as bytes keep coming.
func WithIdleTimeout(t time.Duration) DownloaderOption {
	return func(d *Downloader) { d.idleTimeout = t }
}

// NewDownloader returns a download client.
func NewDownloader(opts ...DownloaderOption) *Downloader {
	d := &Downloader{
		sleep:       sleepCtx,
		rnd:         defaultRand,
		idleTimeout: 30 * time.Second,
		userAgent:   DefaultUserAgent,
	}
	for _, o := range opts {
		o(d)
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	d.retry = d.retry.withDefaults()
	if d.hc == nil {
		tr := newTransport(64)
		// A connection given back while this many are idle is closed, and
		// the next download opens a new one: on a 50 ms link that is two
		// more round trips (TCP, TLS) before its first byte. So keep as
		// many as an export downloads at once (bundle.MaxConcurrency).
		tr.MaxIdleConnsPerHost = DownloadIdleConnsPerHost
		// Photos are JPEGs: gzip gains nothing, and transparent
		// decompression would hide Content-Length, which the truncation
		// check needs. Bytes arrive exactly as stored.
		tr.DisableCompression = true
		d.hc = &http.Client{Transport: tr}
	} else {
		hc := *d.hc
		d.hc = &hc
	}
	d.hc.CheckRedirect = downloadRedirect
	return d
}

// downloadRedirect follows storage redirects (regional buckets) but never
// downgrades https to http, and drops credentials-bearing headers.
func downloadRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("stopped after 5 redirects")
	}
	if err := checkDownloadURL(req.URL); err != nil {
		return err
	}
	req.Header.Del("Authorization")
	req.Header.Del("Cookie")
	return nil
}

// checkDownloadURL admits https, and http only to loopback (the sandbox
// CDN): a signed URL is a credential until it expires.
func checkDownloadURL(u *url.URL) error {
	switch {
	case u.Scheme == "https" && u.Host != "":
		return nil
	case u.Scheme == "http" && config.IsLoopbackHost(u.Hostname()):
		return nil
	}
	return fmt.Errorf("refusing to download from %s: only https (or http to localhost) is allowed", RedactURL(u.String()))
}

// DownloadError is a non-200 answer from the storage host.
type DownloadError struct {
	Status  int
	URL     string // redacted
	Message string // excerpt of the body (storage hosts send XML)
}

func (e *DownloadError) Error() string {
	s := fmt.Sprintf("headshotpro: download %s: HTTP %d", e.URL, e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is maps storage answers: 401/403/410 (and a 400 that says "expired", the
// GCS ExpiredToken shape) mean the signed URL is expired or was revoked,
// fixable by asking the API for a fresh one.
func (e *DownloadError) Is(target error) bool {
	switch target {
	case ErrURLExpired:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || e.Status == http.StatusGone ||
			(e.Status == http.StatusBadRequest && strings.Contains(strings.ToLower(e.Message), "expired"))
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrServer:
		return e.Status >= 500
	}
	return false
}

// Fetch streams the body at rawURL into w and returns the bytes written.
// maxBytes ≤ 0 means DefaultMaxDownloadBytes. Errors:
//   - ErrTooLarge: Content-Length or the body exceeds maxBytes
//     (checked before reading when the length is declared);
//   - ErrTruncated: fewer bytes than Content-Length arrived;
//   - ErrURLExpired (a *DownloadError): the storage host refused the URL;
//   - ErrOffline: network failure;
//   - ErrSlow: the server took the connection but did not answer in time.
//
// Transient failures (network, 5xx, 429) are retried with backoff only
// while nothing has been written to w. On any error, bytes already
// written to w are incomplete and must be discarded by the caller.
func (d *Downloader) Fetch(ctx context.Context, rawURL string, w io.Writer, maxBytes int64) (int64, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxDownloadBytes
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, fmt.Errorf("headshotpro: download %s: malformed URL", RedactURL(rawURL))
	}
	if err := checkDownloadURL(u); err != nil {
		return 0, err
	}
	logURL := RedactURL(rawURL)
	for attempt := 1; ; attempt++ {
		n, retry, err := d.fetchOnce(ctx, u, logURL, w, maxBytes)
		if err == nil {
			return n, nil
		}
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		if !retry || n > 0 || attempt >= d.retry.MaxAttempts {
			return n, err
		}
		wait := d.retry.backoff(attempt, d.rnd)
		d.log.Warn("headshotpro: download failed, retrying", "url", logURL, "attempt", attempt, "wait", wait, "error", err.Error())
		if err := d.sleep(ctx, wait); err != nil {
			return 0, err
		}
	}
}

// fetchOnce makes one attempt. retry reports whether the failure is
// transient.
func (d *Downloader) fetchOnce(ctx context.Context, u *url.URL, logURL string, w io.Writer, maxBytes int64) (n int64, retry bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, false, fmt.Errorf("headshotpro: download %s: %w", logURL, redactErr(err))
	}
	// Deliberately no Authorization header: the signature in the URL is
	// the only credential the storage host gets.
	req.Header.Set("User-Agent", d.userAgent)
	start := time.Now()
	resp, err := d.hc.Do(req)
	if err != nil {
		if ctx.Err() == nil && slowAnswer(err) {
			return 0, true, fmt.Errorf("headshotpro: download %s: %w: %w", logURL, ErrSlow, redactErr(err))
		}
		return 0, true, &offlineError{fmt.Errorf("download %s: %w", logURL, redactErr(err))}
	}
	defer resp.Body.Close()
	d.log.Debug("headshotpro: download response", "url", logURL, "status", resp.StatusCode,
		"content_length", resp.ContentLength, "duration", time.Since(start))

	if resp.StatusCode != http.StatusOK {
		excerpt, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		de := &DownloadError{Status: resp.StatusCode, URL: logURL, Message: storageMessage(excerpt)}
		transient := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests ||
			resp.StatusCode == http.StatusRequestTimeout
		return 0, transient, de
	}
	if resp.ContentLength > maxBytes {
		return 0, false, fmt.Errorf("headshotpro: download %s: %w: Content-Length %d > limit %d",
			logURL, ErrTooLarge, resp.ContentLength, maxBytes)
	}

	body := &idleReader{r: resp.Body, timeout: d.idleTimeout, cancel: cancel}
	defer body.stop()
	cw := &countingWriter{w: w}
	_, err = io.CopyN(cw, body, maxBytes)
	n = cw.n
	switch {
	case cw.err != nil:
		return n, false, fmt.Errorf("headshotpro: download %s: write: %w", logURL, cw.err)
	case err == io.EOF:
		// Body ended within the cap: the normal case.
	case err != nil:
		if cause := context.Cause(ctx); errors.Is(cause, errStalled) {
			err = cause
		}
		// The storage host answered, so this is not "offline": one body
		// was cut off (a proxy, a flaky link). It is retried; if it keeps
		// happening the photo fails on its own and the others go on.
		if resp.ContentLength > 0 && n < resp.ContentLength {
			return n, true, fmt.Errorf("headshotpro: download %s: %w: got %d of %d bytes: %w",
				logURL, ErrTruncated, n, resp.ContentLength, redactErr(err))
		}
		return n, true, fmt.Errorf("headshotpro: download %s: %w after %d bytes: %w", logURL, ErrTruncated, n, redactErr(err))
	default:
		// Exactly maxBytes copied: one more byte means the body is over the cap.
		var one [1]byte
		if k, _ := io.ReadFull(body, one[:]); k > 0 {
			return n, false, fmt.Errorf("headshotpro: download %s: %w: more than %d bytes", logURL, ErrTooLarge, maxBytes)
		}
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, true, fmt.Errorf("headshotpro: download %s: %w: got %d of %d bytes", logURL, ErrTruncated, n, resp.ContentLength)
	}
	return n, false, nil
}

// storageMessage extracts something readable from a storage error body
// (S3/GCS send XML like <Code>AccessDenied</Code><Message>Request has
// expired</Message>).
func storageMessage(b []byte) string {
	s := describeBody(nil, b)
	s = strings.TrimPrefix(s, "a non-JSON body (unknown content type): ")
	if s == "an empty body" {
		return ""
	}
	return s
}

var errStalled = errors.New("download stalled: no data received within the idle timeout")

// idleReader cancels the request when no Read completes within timeout:
// a stalled CDN connection (slowloris) must not hold a worker forever,
// while a slow but steady download of a large original is fine.
type idleReader struct {
	r       io.Reader
	timeout time.Duration
	cancel  context.CancelCauseFunc
	t       *time.Timer
}

func (r *idleReader) Read(p []byte) (int, error) {
	if r.t == nil {
		r.t = time.AfterFunc(r.timeout, func() { r.cancel(errStalled) })
	} else {
		r.t.Reset(r.timeout)
	}
	return r.r.Read(p)
}

func (r *idleReader) stop() {
	if r.t != nil {
		r.t.Stop()
	}
}

// countingWriter counts bytes and remembers a write error, so a full disk
// is not reported as a network failure.
type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	k, err := c.w.Write(p)
	c.n += int64(k)
	if err != nil {
		c.err = err
	}
	return k, err
}
