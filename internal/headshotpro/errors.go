package headshotpro

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors. An *APIError matches the sentinels for its HTTP status
// and error code through errors.Is, so callers can write
// errors.Is(err, headshotpro.ErrNotFound) without looking at codes.
var (
	ErrUnauthorized        = errors.New("headshotpro: API key missing or invalid")
	ErrForbidden           = errors.New("headshotpro: not permitted for this API key")
	ErrNotFound            = errors.New("headshotpro: not found")
	ErrRateLimited         = errors.New("headshotpro: rate limited")
	ErrInviteLimit         = errors.New("headshotpro: too many pending invites")
	ErrInsufficientCredits = errors.New("headshotpro: insufficient credits")
	ErrAlreadyExists       = errors.New("headshotpro: already exists")
	ErrAlreadyDeleted      = errors.New("headshotpro: already deleted")
	ErrInvalidEmail        = errors.New("headshotpro: invalid email")
	ErrInvalidRequest      = errors.New("headshotpro: invalid request")
	ErrServer              = errors.New("headshotpro: server error")

	// ErrOffline wraps network-level failures: DNS, dial, connection reset,
	// TLS, timeouts (an API answer that never came is also ErrNoAnswer; a
	// photo download's is ErrSlow instead), and answers that
	// are not from the API at all (an HTML login page from a captive
	// portal). The app shows these as "offline",
	// unlike an *APIError, which is the server saying no.
	ErrOffline = errors.New("headshotpro: cannot reach the HeadshotPro API")

	// ErrSlow is a photo download whose server took the connection but did
	// not answer in time (no response headers, a TLS handshake that never
	// ends): the link works, that server or this photo is slow. Unlike
	// ErrOffline it says nothing about the other downloads, which go on.
	ErrSlow = errors.New("headshotpro: the photo server did not answer in time")

	// ErrNoAnswer is an API request whose connection was made but whose
	// answer did not come in time, after its retries. It also matches
	// ErrOffline: for a sync or a refresh, an API that does not answer is as
	// good as unreachable (the offline copy is shown). It exists for the
	// words: "did not answer in time" is a slow link or a busy HeadshotPro,
	// not the missing connection "cannot be reached" suggests.
	ErrNoAnswer = errors.New("headshotpro: HeadshotPro did not answer in time")

	// ErrOutcomeUnknown marks a failed non-idempotent request (e.g. create
	// invite) that may have reached the server: a 5xx answer, or a network
	// failure after the request was written. The server may or may not have
	// acted; resolve by reading (GET the invite) before sending again.
	ErrOutcomeUnknown = errors.New("headshotpro: request outcome unknown")

	// ErrBadResponse is a 2xx answer the client could not use: not JSON,
	// truncated, or missing the expected data.
	ErrBadResponse = errors.New("headshotpro: unexpected response from server")

	// ErrPagination is a list that broke its own paging contract (hasMore
	// with an empty page, or no progress), stopped rather than looped.
	ErrPagination = errors.New("headshotpro: inconsistent pagination")

	// Download errors (signed CDN URLs).
	ErrURLExpired = errors.New("headshotpro: photo URL expired or denied")
	ErrTooLarge   = errors.New("headshotpro: download exceeds size limit")
	ErrTruncated  = errors.New("headshotpro: download truncated")
)

// Error codes HeadshotPro's public API documentation lists (the ErrorCode
// enum of internal/sandbox/openapi.yaml). Unknown codes are
// kept verbatim in APIError.Code.
const (
	CodeUnauthorized        = "UNAUTHORIZED"
	CodeForbidden           = "FORBIDDEN"
	CodeInvalidRequest      = "INVALID_REQUEST"
	CodeInvalidEmail        = "INVALID_EMAIL"
	CodeNotFound            = "NOT_FOUND"
	CodeAlreadyExists       = "ALREADY_EXISTS"
	CodeInsufficientCredits = "INSUFFICIENT_CREDITS"
	CodeAlreadyDeleted      = "ALREADY_DELETED"
	CodeRateLimitExceeded   = "RATE_LIMIT_EXCEEDED"
	CodeInviteLimitExceeded = "INVITE_LIMIT_EXCEEDED"
	CodeInternalError       = "INTERNAL_ERROR"
)

// APIError is a non-2xx answer from the API (or a 2xx with success:false).
type APIError struct {
	Status    int    // HTTP status
	Code      string // machine code, e.g. "NOT_FOUND"; "" when the body had none
	Message   string // the server's human-readable error, or a summary of a non-JSON body
	RequestID string // X-Request-Id when the server sent one
	Method    string
	URL       string    // redacted: no query string
	RetryAt   time.Time // for 429: when the rate-limit window resets (zero if unknown)
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "headshotpro: %s %s: HTTP %d", e.Method, e.URL, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	return b.String()
}

// Is maps the error to the sentinels. The code wins when present; the HTTP
// status decides when the code is missing or unknown, so a proxy's bare 404
// still reads as ErrNotFound.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Code == CodeUnauthorized || e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Code == CodeForbidden || e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Code == CodeNotFound || (e.Status == http.StatusNotFound && !e.knownCode())
	case ErrRateLimited:
		return e.Code == CodeRateLimitExceeded || (e.Status == http.StatusTooManyRequests && e.Code != CodeInviteLimitExceeded)
	case ErrInviteLimit:
		return e.Code == CodeInviteLimitExceeded
	case ErrInsufficientCredits:
		return e.Code == CodeInsufficientCredits || e.Status == http.StatusPaymentRequired
	case ErrAlreadyExists:
		return e.Code == CodeAlreadyExists
	case ErrAlreadyDeleted:
		return e.Code == CodeAlreadyDeleted
	case ErrInvalidEmail:
		return e.Code == CodeInvalidEmail
	case ErrInvalidRequest:
		return e.Code == CodeInvalidRequest || (e.Status == http.StatusBadRequest && !e.knownCode())
	case ErrServer:
		return e.Status >= 500
	}
	return false
}

func (e *APIError) knownCode() bool {
	switch e.Code {
	case CodeUnauthorized, CodeForbidden, CodeInvalidRequest, CodeInvalidEmail, CodeNotFound,
		CodeAlreadyExists, CodeInsufficientCredits, CodeAlreadyDeleted, CodeRateLimitExceeded,
		CodeInviteLimitExceeded, CodeInternalError:
		return true
	}
	return false
}

// IsPermanent reports whether retrying err later cannot help: an API answer
// with a 4xx status other than 429 (bad input, not found, no credits,
// revoked key…). The outbox moves such items to "needs attention" instead of
// replaying them. Network failures, 5xx, 429 and context errors are not
// permanent.
func IsPermanent(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status >= 400 && ae.Status < 500 && ae.Status != http.StatusTooManyRequests
	}
	return false
}

// IsOffline reports whether err is a network-level failure (see ErrOffline).
func IsOffline(err error) bool { return errors.Is(err, ErrOffline) }

// offlineError wraps a transport failure so that errors.Is(err, ErrOffline)
// holds while the original cause (e.g. *net.OpError) stays reachable.
type offlineError struct{ err error }

func (e *offlineError) Error() string { return "headshotpro: offline: " + e.err.Error() }
func (e *offlineError) Unwrap() []error {
	return []error{ErrOffline, e.err}
}

// slowAnswer reports whether a transport error is a timeout after the
// connection was made (neverSent covers the dial: that one is offline).
// net/http's own timeouts also match context.DeadlineExceeded, so a caller
// whose context ended must check that first.
func slowAnswer(err error) bool {
	var ne net.Error
	return !neverSent(err) && errors.As(err, &ne) && ne.Timeout()
}

// neverSent reports whether a transport error proves the request never
// reached the server: DNS failure or a failed dial (refused, unreachable,
// dial timeout) happen before a single byte of the request is written. Only
// then may a non-idempotent POST be sent again.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") {
		return true
	}
	return false
}

// RateLimitedUntilError is a 429 whose window resets later than the client
// is willing to wait (RetryPolicy.MaxRateLimitWait). It is ErrRateLimited.
type RateLimitedUntilError struct {
	Until time.Time
	Err   error // the 429's *APIError
}

func (e *RateLimitedUntilError) Error() string {
	return fmt.Sprintf("rate limited until %s: %v", e.Until.UTC().Format(time.RFC3339), e.Err)
}

func (e *RateLimitedUntilError) Unwrap() error { return e.Err }
