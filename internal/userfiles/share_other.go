//go:build !windows

package userfiles

// sharingError is false off Windows: a Unix rename does not care who has
// the target open.
func sharingError(error) bool { return false }
