//go:build unix

package syncer

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) this test process has used,
// sandbox included when it runs in-process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
