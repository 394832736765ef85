package bundle

import (
	"context"
	"errors"
	"fmt"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
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
	case errors.Is(err, headshotpro.ErrURLExpired):
		return "download failed: the photo link expired and HeadshotPro did not give a new one; sync, then export again"
	case errors.Is(err, headshotpro.ErrTooLarge):
		return "download failed: the photo is larger than the size limit"
	case errors.Is(err, headshotpro.ErrTruncated):
		return "download failed: the transfer was cut off; export again"
	case errors.As(err, &de) && de.Status >= 500:
		return fmt.Sprintf("download failed: the photo server had an error (HTTP %d); export again later", de.Status)
	case errors.As(err, &de):
		return fmt.Sprintf("download failed: the photo server refused it (HTTP %d)", de.Status)
	case errors.Is(err, headshotpro.ErrNotFound):
		return "download failed: HeadshotPro no longer has this photo (deleted?); sync to update the list"
	}
	return "download failed: " + err.Error()
}

// renderReason explains a profile picture that could not be made.
func renderReason(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, pfp.ErrTooLarge):
		return "the photo is too large to turn into a profile picture (" + err.Error() + ")"
	case errors.Is(err, pfp.ErrCorrupt):
		return "the photo file is damaged, so no profile picture could be made"
	case errors.Is(err, pfp.ErrUnsupported):
		return "the photo is not a JPEG or PNG, so no profile picture could be made"
	}
	return "no profile picture: " + err.Error()
}
