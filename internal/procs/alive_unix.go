//go:build unix

package procs

import (
	"errors"
	"syscall"
)

// Alive reports whether a process with this pid exists: kill with
// signal 0 checks without sending anything. EPERM means it exists but
// belongs to another user.
func Alive(pid int) bool {
	if pid <= 0 {
		return false // kill(0) and kill(-1) address groups, not one process
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
