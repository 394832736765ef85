//go:build windows

package userfiles

import (
	"errors"
	"syscall"
)

// Windows error codes of a file held open by another program.
const (
	errorAccessDenied     = syscall.Errno(5)
	errorSharingViolation = syscall.Errno(32)
	errorLockViolation    = syscall.Errno(33)
)

// sharingError reports the errors a rename gets while another program
// (Explorer's preview, an antivirus) has the target open: they pass by
// themselves within moments.
func sharingError(err error) bool {
	return errors.Is(err, errorAccessDenied) || errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation)
}
