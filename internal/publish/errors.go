package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// StopError ends a whole run: the credentials or a permission are wrong,
// so every further request would fail the same way. Words say what to do.
type StopError struct {
	Words string
	Err   error
}

func (e *StopError) Error() string { return e.Words + ": " + errString(e.Err) }
func (e *StopError) Unwrap() error { return e.Err }

// Stop wraps err as a StopError with words for people.
func Stop(words string, err error) error { return &StopError{Words: words, Err: err} }

// PersonError is one person's failure, in words, with the detail for the log.
type PersonError struct {
	Words string
	Err   error
}

func (e *PersonError) Error() string { return e.Words + ": " + errString(e.Err) }
func (e *PersonError) Unwrap() error { return e.Err }

// Fail wraps err as one person's failure with words for people.
func Fail(words string, err error) error { return &PersonError{Words: words, Err: err} }

// ErrUnreachable means the target could not be reached (no network, DNS,
// refused connection, TLS failure) even after retries.
var ErrUnreachable = errors.New("the directory could not be reached")

// Words returns the words for people carried by err (StopError,
// PersonError, LimitError), else a generic sentence.
func Words(err error) string {
	var stop *StopError
	var person *PersonError
	var limit *LimitError
	var herr *HTTPError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &stop):
		return stop.Words
	case errors.As(err, &person):
		return person.Words
	case errors.As(err, &limit):
		return "Not sent: " + limit.Words + "."
	case errors.Is(err, ErrUnreachable):
		return "The directory could not be reached. Check the connection and try again; what was sent is kept."
	case errors.As(err, &herr):
		return herr.Words()
	}
	return "Something went wrong: " + err.Error()
}

func errString(err error) string {
	if err == nil {
		return "no detail"
	}
	return err.Error()
}

// HTTPError is a target's answer that is not a success, after retries.
type HTTPError struct {
	Method, URL string // the URL without its query string
	Status      int
	Code        string // the service's error code, when it sent one
	Message     string // the service's message (may be technical)
	RetryAfter  time.Duration
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.URL, e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Words says what the status means for people, when the target did not
// map it to better words.
func (e *HTTPError) Words() string {
	switch {
	case e.Status == http.StatusTooManyRequests:
		return "The directory kept asking Shotdesk to slow down. Try again later; what was sent is kept."
	case e.Status >= 500:
		return fmt.Sprintf("The directory had a problem on its side (HTTP %d). Try again later; what was sent is kept.", e.Status)
	case e.Status == http.StatusNotFound:
		return "The directory does not know this person any more."
	case e.Status == http.StatusRequestEntityTooLarge:
		return "The directory refused the photo as too large."
	}
	if e.Message != "" {
		return fmt.Sprintf("The directory refused the request (HTTP %d): %s", e.Status, e.Message)
	}
	return fmt.Sprintf("The directory refused the request (HTTP %d).", e.Status)
}

// StatusOf returns the HTTP status in err, or 0.
func StatusOf(err error) int {
	var herr *HTTPError
	if errors.As(err, &herr) {
		return herr.Status
	}
	return 0
}

// ReadError turns a non-success response into an HTTPError, reading (at
// most 64 KB of) the body for the service's code and message: Graph and
// Google send {"error":{"code":…,"message":…}}; BambooHR an X-BambooHR-Error-Message header.
func ReadError(resp *http.Response) *HTTPError {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &HTTPError{Method: resp.Request.Method, URL: stripQuery(resp.Request.URL.String()), Status: resp.StatusCode,
		RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	var envelope struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &envelope) == nil && len(envelope.Error) > 0 {
		var detail struct {
			Code    any    `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(envelope.Error, &detail) == nil {
			if detail.Code != nil {
				e.Code = fmt.Sprint(detail.Code)
			}
			e.Message = detail.Message
		} else {
			var s string
			if json.Unmarshal(envelope.Error, &s) == nil {
				e.Code = s
			}
		}
	}
	if m := resp.Header.Get("X-BambooHR-Error-Message"); m != "" && e.Message == "" {
		e.Message = m
	}
	if len(e.Message) > 300 {
		e.Message = e.Message[:300] + "…"
	}
	return e
}

func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// retryAfter parses Retry-After: delay-seconds or an HTTP date; 0 when
// absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
