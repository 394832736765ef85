package headshotpro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// call describes one API request.
type call struct {
	op     string // for logs, e.g. "list members"
	method string
	path   string // escaped, relative to the base URL, e.g. "/organization/team"
	query  url.Values
	body   any
	// idempotent requests may be repeated after a network error or a 5xx:
	// GET, PUT, DELETE, and the POSTs that only read or set a target state.
	idempotent bool
	// out receives the decoded 2xx body (payload and envelope in one pass).
	out payload
}

// errRedirectRefused marks checkRedirect's refusal, so it is not mistaken
// for a network failure.
type errRedirectRefused struct{ error }

// do sends the request, applying the retry rules (doc.go), and returns the
// body of a 2xx answer (already checked for success:false).
func (c *Client) do(ctx context.Context, cl call) (response, error) {
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return response{}, fmt.Errorf("encode request: %w", err)
		}
	}
	u := c.base + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	logURL := RedactURL(u)

	// Every value decoded from a body is copied out of it, so the buffer
	// is free again when do returns.
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer putBodyBuffer(buf)

	failures, limited := 0, 0
	for {
		body, status, hdr, err := c.roundTrip(ctx, cl.method, u, payload, buf)
		attempt := failures + limited + 1
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return response{}, ctxErr
			}
			var rr errRedirectRefused
			if errors.As(err, &rr) {
				return response{}, fmt.Errorf("%w: %w", ErrBadResponse, rr.error)
			}
			failures++
			safe := cl.idempotent || (status == 0 && neverSent(err))
			c.log.Warn("headshotpro: request failed", "op", cl.op, "method", cl.method, "url", logURL,
				"attempt", attempt, "error", err.Error(), "will_retry", safe && failures < c.retry.MaxAttempts)
			if safe && failures < c.retry.MaxAttempts {
				if err := c.sleep(ctx, c.retry.backoff(failures, c.rnd)); err != nil {
					return response{}, err
				}
				continue
			}
			if status == 0 && slowAnswer(err) {
				// Connected, but no answer in time: offline for the caller's
				// purposes, said as what it is (ErrNoAnswer).
				err = &offlineError{fmt.Errorf("%w: %w", ErrNoAnswer, err)}
			} else if status == 0 {
				err = &offlineError{err} // no answer at all: offline
			} else {
				// An answer began and was cut off: HeadshotPro is there.
				err = fmt.Errorf("%w: %s %s: the answer was cut off: %w", ErrBadResponse, cl.method, logURL, err)
			}
			if !safe {
				err = fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
			}
			return response{}, err
		}

		if status >= 200 && status < 300 {
			env, usable, retryable := decodeInto(body, cl.out)
			if !usable {
				// Not JSON, or JSON cut short: a captive portal or proxy page,
				// or a truncated answer without Content-Length. A well-formed
				// body of the wrong shape is not retried: it would not change.
				failures++
				if retryable && cl.idempotent && failures < c.retry.MaxAttempts {
					c.log.Warn("headshotpro: unusable answer, retrying", "op", cl.op, "url", logURL, "attempt", attempt)
					if err := c.sleep(ctx, c.retry.backoff(failures, c.rnd)); err != nil {
						return response{}, err
					}
					continue
				}
				var err error
				switch {
				case retryable && !strings.Contains(strings.ToLower(hdr.Get("Content-Type")), "json"):
					// A page that is not the API's (a hotel Wi-Fi login, a
					// proxy): HeadshotPro itself is out of reach.
					err = fmt.Errorf("%w: %s %s answered HTTP %d with %s: %w",
						ErrBadResponse, cl.method, logURL, status, describeBody(hdr, body), ErrOffline)
				case retryable:
					// The API's JSON, cut short or damaged: HeadshotPro is
					// there, so this is not "offline".
					err = fmt.Errorf("%w: %s %s answered HTTP %d with %s",
						ErrBadResponse, cl.method, logURL, status, describeBody(hdr, body))
				default:
					err = fmt.Errorf("%w: %s %s: %w", ErrBadResponse, cl.method, logURL, env.decodeErr)
				}
				if !cl.idempotent {
					err = fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
				}
				return response{}, err
			}
			if env.Success != nil && !*env.Success {
				msg, code := env.message()
				if msg == "" {
					msg = "server reported failure"
				}
				aerr := &APIError{Code: code, Message: msg}
				c.fillAPIError(aerr, status, cl.method, logURL, hdr)
				return response{}, aerr
			}
			return response{data: env.Data}, nil
		}

		aerr := parseAPIError(body, hdr)
		c.fillAPIError(aerr, status, cl.method, logURL, hdr)

		switch {
		case status == http.StatusTooManyRequests && aerr.Code != CodeInviteLimitExceeded:
			// A 429 is the server refusing before acting, so even a POST may
			// go again. INVITE_LIMIT_EXCEEDED is not a time window; surface it.
			limited++
			if limited > c.retry.MaxRateLimitRetries {
				return response{}, aerr
			}
			wait, reset, ok := rateLimitWait(hdr, c.now(), c.retry.MaxRateLimitWait)
			if ok && reset.Sub(c.now()) > c.retry.MaxRateLimitWait {
				// Waiting minutes in silence looks like a hang: say until
				// when instead, and let the person (or the sync loop) decide.
				return response{}, &RateLimitedUntilError{Until: reset, Err: aerr}
			}
			if !ok {
				wait = c.retry.backoff(limited, c.rnd)
			}
			c.log.Warn("headshotpro: rate limited", "op", cl.op, "url", logURL, "attempt", attempt, "wait", wait)
			if err := c.sleep(ctx, wait); err != nil {
				return response{}, err
			}
			continue
		case status >= 500 || status == http.StatusRequestTimeout:
			failures++
			if cl.idempotent && failures < c.retry.MaxAttempts {
				wait := c.retry.backoff(failures, c.rnd)
				c.log.Warn("headshotpro: server error, retrying", "op", cl.op, "url", logURL,
					"status", status, "attempt", attempt, "wait", wait)
				if err := c.sleep(ctx, wait); err != nil {
					return response{}, err
				}
				continue
			}
			if !cl.idempotent {
				return response{}, fmt.Errorf("%w: %w", ErrOutcomeUnknown, aerr)
			}
			return response{}, aerr
		default:
			return response{}, aerr
		}
	}
}

// bodyBuffers recycles response bodies: a sync of 10,000 people reads
// ~130 pages, 12 MB in all, and growing a fresh buffer for each one was
// the client's largest allocation.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody: a buffer grown past this (a rare huge answer) is left to
// the garbage collector rather than kept.
const maxPooledBody = 4 << 20

func putBodyBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBody {
		b.Reset()
		bodyBuffers.Put(b)
	}
}

// roundTrip performs one HTTP exchange and reads the whole body (capped)
// into buf, which it resets first; body aliases buf. A body that cannot be
// read completely is an error with status set.
func (c *Client) roundTrip(ctx context.Context, method, u string, payload []byte, buf *bytes.Buffer) (body []byte, status int, hdr http.Header, err error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, 0, nil, redactErr(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := c.now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, 0, nil, redactErr(err)
	}
	defer resp.Body.Close()
	c.noteRateLimit(resp.Header)
	buf.Reset()
	if n := resp.ContentLength; n > 0 && n <= maxAPIBody {
		buf.Grow(int(n) + bytes.MinRead) // read to EOF without growing again
	}
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, maxAPIBody+1))
	body = buf.Bytes()
	c.log.Debug("headshotpro: response", "method", method, "url", RedactURL(u),
		"status", resp.StatusCode, "bytes", len(body), "duration", c.now().Sub(start))
	if err != nil {
		return nil, resp.StatusCode, resp.Header, fmt.Errorf("read response body: %w", redactErr(err))
	}
	if len(body) > maxAPIBody {
		return nil, resp.StatusCode, resp.Header, fmt.Errorf("response body larger than %d bytes", maxAPIBody)
	}
	return body, resp.StatusCode, resp.Header, nil
}

func (c *Client) noteRateLimit(h http.Header) {
	lim, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	rem, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err1 != nil || err2 != nil {
		return
	}
	reset, _ := parseResetHeader(h.Get("X-RateLimit-Reset"))
	c.rlMu.Lock()
	c.rl = RateLimitStatus{Limit: lim, Remaining: rem, Reset: reset, Seen: true}
	c.rlMu.Unlock()
}

func (c *Client) fillAPIError(e *APIError, status int, method, logURL string, hdr http.Header) {
	e.Status = status
	e.Method = method
	e.URL = logURL
	if hdr != nil {
		e.RequestID = firstHeader(hdr, "X-Request-Id", "X-Request-ID", "Request-Id", "X-Correlation-Id")
		if status == http.StatusTooManyRequests {
			e.RetryAt, _ = parseResetHeader(hdr.Get("X-RateLimit-Reset"))
		}
	}
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// errorBody is the documented failure envelope. error is usually a string;
// some APIs nest {message, code} there, so both are accepted.
type errorBody struct {
	Success *bool           `json:"success"`
	Error   json.RawMessage `json:"error"`
	Message string          `json:"message"`
	Code    string          `json:"code"`
	// Data is the generic {"success":true,"data":{…}} wrapper the overview
	// docs draw; decode falls back to it.
	Data json.RawMessage `json:"data"`
}

// response is a usable 2xx answer, already decoded into call.out.
type response struct {
	data json.RawMessage // the "data" member, if any
}

// decoded is the envelope of a 2xx body plus why it was unusable.
type decoded struct {
	errorBody
	decodeErr error
}

// decodeInto unmarshals body into out (reset first: a retry must not see
// fields of a failed attempt) and returns the envelope. usable is false
// when the body is not a JSON object or does not decode; retryable tells
// a syntax problem (not JSON, cut short) from a type mismatch.
func decodeInto(body []byte, out payload) (env decoded, usable, retryable bool) {
	if !looksJSON(body) {
		return env, false, true
	}
	var err error
	if out == nil {
		err = json.Unmarshal(body, &env.errorBody)
	} else {
		reflect.ValueOf(out).Elem().SetZero()
		if fd, ok := out.(fastDecoder); ok {
			if fd.decodeFast(body) {
				e := out.env()
				env.Success, env.Code = e.Success, e.Code
				return env, true, false
			}
			// Not a shape the fast path takes (fastjson.go): decode it
			// the one true way, from a clean slate.
			reflect.ValueOf(out).Elem().SetZero()
		}
		err = json.Unmarshal(body, out)
		e := out.env()
		env.Success, env.Error, env.Code, env.Data = e.Success, e.Error, e.Code, e.Data
	}
	if err != nil {
		env.decodeErr = err
		var se *json.SyntaxError
		return env, false, errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF)
	}
	return env, true, false
}

func (b errorBody) message() (msg, code string) {
	code = b.Code
	var s string
	if err := json.Unmarshal(b.Error, &s); err == nil {
		msg = s
	} else {
		var nested struct {
			Message string `json:"message"`
			Code    string `json:"code"`
		}
		if json.Unmarshal(b.Error, &nested) == nil {
			msg = nested.Message
			if code == "" {
				code = nested.Code
			}
		}
	}
	if msg == "" {
		msg = b.Message
	}
	return msg, code
}

// parseAPIError builds an APIError from a non-2xx body. A non-JSON body (an
// HTML page from a proxy) still yields a useful message: a cleaned-up
// snippet of the text.
func parseAPIError(body []byte, hdr http.Header) *APIError {
	var eb errorBody
	if looksJSON(body) && json.Unmarshal(body, &eb) == nil {
		msg, code := eb.message()
		if msg != "" || code != "" {
			return &APIError{Code: code, Message: msg}
		}
	}
	return &APIError{Message: describeBody(hdr, body)}
}

func looksJSON(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n\ufeff")
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// describeBody summarises a body that is not the API's JSON: content type
// and a short, tag-stripped, whitespace-collapsed excerpt.
func describeBody(hdr http.Header, body []byte) string {
	ct := ""
	if hdr != nil {
		ct = hdr.Get("Content-Type")
	}
	if len(body) == 0 {
		if ct == "" {
			return "an empty body"
		}
		return "an empty " + ct + " body"
	}
	var b strings.Builder
	inTag := false
	for _, r := range string(body[:min(len(body), 4096)]) {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
			b.WriteByte(' ')
		case inTag:
		case r < ' ' || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	text := strings.Join(strings.Fields(b.String()), " ")
	if r := []rune(text); len(r) > 160 {
		text = string(r[:160]) + "…"
	}
	if ct == "" {
		ct = "unknown content type"
	}
	if text == "" {
		return "a non-JSON body (" + ct + ")"
	}
	return fmt.Sprintf("a non-JSON body (%s): %q", ct, text)
}
