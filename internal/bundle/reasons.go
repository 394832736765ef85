package bundle

import (
	"context"
	"errors"
	"fmt"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/photos"
)

// Failure reasons are read by HR people in the export dialog and on the
// command line: they say what happened and what to try, in words, and leave
// ids and wrapped error chains to the log.

// downloadReason explains a failed headshot download.
func downloadReason(err error) string {
	var de *headshotpro.DownloadError
	switch {
	case headshotpro.IsOffline(err):
		return "download failed: HeadshotPro cannot be reached (offline?); export again when back online"
	case errors.Is(err, headshotpro.ErrSlow):
		return "download failed: the photo server did not answer in time (a slow or busy connection); export again"
	case errors.Is(err, headshotpro.ErrURLExpired):
		return "download failed: the photo link expired and HeadshotPro did not give a new one; sync, then export again"
	case errors.Is(err, headshotpro.ErrTooLarge):
		return "download failed: the photo is larger than the size limit"
	case errors.Is(err, headshotpro.ErrTruncated):
		return "download failed: the transfer kept being cut off; export again"
	case errors.Is(err, photos.ErrDamaged):
		return damagedReason
	case errors.As(err, &de) && de.Status >= 500:
		return fmt.Sprintf("download failed: the photo server had an error (HTTP %d); export again later", de.Status)
	case errors.As(err, &de):
		return fmt.Sprintf("download failed: the photo server refused it (HTTP %d)", de.Status)
	case errors.Is(err, headshotpro.ErrNotFound):
		return "download failed: HeadshotPro no longer has this photo (deleted?); sync to update the list"
	}
	return "download failed: " + err.Error()
}

// damagedReason explains a headshot left out because it does not decode.
const damagedReason = "left out: the photo HeadshotPro sent is damaged (it is not a complete image); export again later, and if it stays damaged, open the shoot in HeadshotPro"

// renderReason explains a profile picture that could not be made; the
// technical detail goes to the log.
func renderReason(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, pfp.ErrTooLarge):
		l := pfp.DefaultLimits
		return fmt.Sprintf("not made: the photo is too large for a profile picture (Shotdesk renders up to %d px a side and %d megapixels)", l.MaxSide, l.MaxPixels/1_000_000)
	case errors.Is(err, pfp.ErrCorrupt):
		return damagedReason
	case errors.Is(err, pfp.ErrUnsupported):
		return "the photo is not a JPEG or PNG, so no profile picture could be made"
	}
	return "not made: the profile picture could not be rendered (the log has the details)"
}
