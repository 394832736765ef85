//go:build unix

package main

import (
	"syscall"
	"time"
)

// Whose CPU time rusageCPU reads.
const (
	rusageSelf     = syscall.RUSAGE_SELF
	rusageChildren = syscall.RUSAGE_CHILDREN // waited-for child processes
)

// cpuTime is the CPU time this process has used (user + system).
func cpuTime() time.Duration { return rusageCPU(rusageSelf) }

// rusageCPU is the user+system CPU time of this process (rusageSelf) or of
// its waited-for children (rusageChildren).
func rusageCPU(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
