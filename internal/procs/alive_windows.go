//go:build windows

package procs

import (
	"errors"
	"os"
	"syscall"
)

// errorInvalidParameter is what OpenProcess answers for a pid that does not
// exist.
const errorInvalidParameter = syscall.Errno(87)

// Alive reports whether a process with this pid exists. os.FindProcess
// opens a handle to it; "access denied" (another user's elevated process)
// still means it exists.
func Alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return !errors.Is(err, errorInvalidParameter)
	}
	p.Release()
	return true
}
