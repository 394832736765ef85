package workflow

import (
	"errors"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// SyncProblem puts why the last sync failed into words for the status bar
// and the sync card: what happened and what to do. The offline copy is
// never changed by a failed sync, and the background loop tries again by
// itself, so the words say both. nil for nil.
func SyncProblem(err error) *Error {
	var mass *syncer.MassDeletionError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mass):
		return newError(KindInvalidInput, err, "The sync stopped because it would remove %d of the %d people in the offline copy, so nothing was changed. Check that the API key belongs to this organization; if the organization really shrank, apply the sync.", mass.Removed, mass.Total)
	case errors.Is(err, headshotpro.ErrNoAnswer):
		return newError(KindOffline, err, "HeadshotPro did not answer in time, so you see the offline copy. Shotdesk keeps trying by itself; if this lasts, the connection is slow or HeadshotPro is busy.")
	case headshotpro.IsOffline(err):
		return newError(KindOffline, err, "HeadshotPro cannot be reached, so you see the offline copy. Shotdesk keeps trying by itself; check the internet connection if this lasts.")
	case errors.Is(err, headshotpro.ErrServer):
		return newError(KindOffline, err, "HeadshotPro had a problem on its side%s, so the last sync did not finish. The offline copy is unchanged and Shotdesk tries again by itself shortly; Sync now tries at once.", httpStatus(err))
	case errors.Is(err, headshotpro.ErrRateLimited):
		return newError(KindOffline, err, "HeadshotPro asked Shotdesk to slow down (too many requests this minute), so the last sync did not finish. The offline copy is unchanged; Shotdesk tries again by itself.")
	}
	e := Explain(err, "The last sync with HeadshotPro failed")
	if e.Kind == KindInternal {
		e = &Error{Kind: e.Kind, Err: err, Message: "The last sync with HeadshotPro failed and the offline copy is unchanged. Try Sync now; if it fails again, the log has the details."}
	}
	return e
}
