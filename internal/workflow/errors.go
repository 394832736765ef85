package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Kind classifies an error for the adapters: the window maps it to an
// AppError code, the command line to an exit code and a prefix.
type Kind string

// The kinds. Every cancellation is KindCancelled and every unreachable API
// KindOffline, whichever use case met it.
const (
	KindInvalidInput Kind = "invalid_input" // the request cannot be done as asked; fix the input
	KindNotFound     Kind = "not_found"     // what was asked for is not in the offline copy
	KindCancelled    Kind = "cancelled"     // the person (or shutdown) cancelled it
	KindOffline      Kind = "offline"       // HeadshotPro could not be reached, or failed to answer (down, overloaded): try later
	KindNoAPIKey     Kind = "no_api_key"    // no key configured
	KindBadAPIKey    Kind = "bad_api_key"   // HeadshotPro refused the key
	// KindKeychainUnavailable: the key could not be kept (no keychain).
	KindKeychainUnavailable Kind = "keychain_unavailable"
	// KindDirectoryRefused: a directory (Entra ID, Google, BambooHR)
	// refused the credentials or lacks a permission; the words say which.
	KindDirectoryRefused Kind = "directory_refused"
	KindBusy             Kind = "busy"     // try again: something else was changing the data
	KindInternal         Kind = "internal" // anything else; the log has the detail
)

// Error is an error with words for a person. Message says what happened and
// what to do, in full sentences; Err is the technical cause, for the log
// (it may hold paths, status codes and library text, never secrets).
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

// Error is the message for a person; the cause stays reachable through
// Unwrap (and Detail) for the log.
func (e *Error) Error() string { return e.Message }

// Detail is the technical cause for the log ("" when there is none).
func (e *Error) Detail() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable says whether the same request may work if simply tried again.
func (e *Error) Retryable() bool {
	return e.Kind == KindOffline || e.Kind == KindBusy
}

func newError(kind Kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: cause}
}

// invalid is the error for input the use case cannot work with.
func invalid(format string, args ...any) *Error {
	return newError(KindInvalidInput, nil, format, args...)
}

// Invalid is invalid for the adapters: input they refuse before calling a
// use case, in the same words-for-people shape.
func Invalid(format string, args ...any) *Error { return invalid(format, args...) }

// notFound is the error for something missing from the offline copy.
func notFound(format string, args ...any) *Error {
	return newError(KindNotFound, nil, format, args...)
}

// Explain turns any error into an *Error: one already explained is
// returned as it is; cancellation, an unreachable API, a missing or refused
// key get their kind and standard words; anything else is KindInternal with
// the generic words given by what ("Writing the CSV failed").
func Explain(err error, what string) *Error {
	var we *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &we):
		return we
	case errors.Is(err, context.Canceled):
		return &Error{Kind: KindCancelled, Message: "Cancelled.", Err: err}
	case errors.Is(err, headshotpro.ErrNoAnswer):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": HeadshotPro did not answer in time (a slow connection, or HeadshotPro is busy). Try again in a moment.", Err: err}
	case headshotpro.IsOffline(err):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": HeadshotPro cannot be reached. Check the connection and try again.", Err: err}
	case errors.Is(err, headshotpro.ErrSlow):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": the photo server did not answer in time (a slow or busy connection). Try again in a moment.", Err: err}
	case errors.Is(err, syncer.ErrOtherOrganization):
		var oe *syncer.OtherOrganizationError
		words := "This offline copy belongs to another organization than the API key"
		if errors.As(err, &oe) {
			words = sentence(oe.Error())
		}
		return &Error{Kind: KindInvalidInput, Err: err, Message: words + ": nothing was sent or changed. Keep each organization in its own data folder (SHOTDESK_DATA_DIR or --data-dir), or use this copy's own key."}
	case errors.As(err, new(*headshotpro.RateLimitedUntilError)):
		var rl *headshotpro.RateLimitedUntilError
		errors.As(err, &rl)
		return &Error{Kind: KindBusy, Err: err, Message: sentence(what) + ": HeadshotPro's request limit is used up until " + rl.Until.Local().Format("15:04") + ". Try again then; nothing was lost."}
	case errors.Is(err, store.ErrReadOnly), store.IsDiskFull(err):
		return &Error{Kind: KindInvalidInput, Err: err, Message: sentence(what) + ": the disk is full, so the offline copy cannot be changed. Free some space, then try again."}
	case errors.Is(err, syncer.ErrLowDisk):
		return &Error{Kind: KindInvalidInput, Err: err, Message: "Photos for offline use stopped: the disk is nearly full. The offline copy stays usable; free some space or clear the photo cache in Settings, then sync again."}
	case errors.Is(err, headshotpro.ErrPagination):
		return &Error{Kind: KindBusy, Err: err, Message: sentence(what) + ": HeadshotPro's answers went round in circles (the same list page again and again), so Shotdesk stopped; nothing was changed. Try again later."}
	case errors.Is(err, headshotpro.ErrInsufficientCredits):
		return &Error{Kind: KindInvalidInput, Err: err, Message: sentence(what) + ": the organization has no credits left for this. Buy more in HeadshotPro, then try again."}
	case errors.Is(err, headshotpro.ErrInviteLimit):
		return &Error{Kind: KindInvalidInput, Err: err, Message: sentence(what) + ": HeadshotPro allows only so many pending invites at once. Wait until people accept, or revoke old invites, then try again."}
	case errors.Is(err, config.ErrNoAPIKey):
		return &Error{Kind: KindNoAPIKey, Message: "No HeadshotPro API key is set. Paste one in Settings, or set " + config.EnvAPIKey + " for the command line.", Err: err}
	case errors.Is(err, headshotpro.ErrUnauthorized), errors.Is(err, headshotpro.ErrForbidden):
		return &Error{Kind: KindBadAPIKey, Message: sentence(what) + ": HeadshotPro did not accept the API key. Check it in Settings (or " + config.EnvAPIKey + ").", Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": HeadshotPro took too long to answer. Try again.", Err: err}
	case errors.Is(err, headshotpro.ErrServer):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": HeadshotPro had a problem on its side" + httpStatus(err) + ". Nothing was changed; try again in a few minutes.", Err: err}
	case errors.Is(err, headshotpro.ErrRateLimited):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": HeadshotPro asked Shotdesk to slow down (too many requests this minute). Try again in a minute.", Err: err}
	case errors.Is(err, headshotpro.ErrBadResponse), errors.Is(err, headshotpro.ErrPagination):
		return &Error{Kind: KindOffline, Message: sentence(what) + ": HeadshotPro's answer arrived incomplete or garbled. Nothing was changed; try again.", Err: err}
	default:
		return &Error{Kind: KindInternal, Message: sentence(what) + ". The log has the details.", Err: err}
	}
}

// httpStatus is " (HTTP 503)" for an API answer, "" otherwise.
func httpStatus(err error) string {
	var ae *headshotpro.APIError
	if errors.As(err, &ae) && ae.Status > 0 {
		return fmt.Sprintf(" (HTTP %d)", ae.Status)
	}
	return ""
}

// KindOf is Explain(err, "").Kind; KindInternal for nil too.
func KindOf(err error) Kind {
	if e := Explain(err, "it failed"); e != nil {
		return e.Kind
	}
	return KindInternal
}

// sentence capitalises s (it ends without a full stop; callers add one).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "It failed"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
