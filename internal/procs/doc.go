// Package procs answers whether a process that left something behind (a
// temp file, an outbox claim) is still running on this computer, and names
// this computer in a short tag, so files and rows a process marks as its
// own can be told apart from other computers' in shared folders.
package procs

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strconv"
)

// hostTag is two bytes of a hash of this computer's name.
var hostTag = func() [2]byte {
	h, _ := os.Hostname()
	sum := sha256.Sum256([]byte("shotdesk-host:" + h))
	return [2]byte{sum[0], sum[1]}
}()

// HostTag is this computer's tag, as 4 hex digits.
func HostTag() string { return hex.EncodeToString(hostTag[:]) }

// HostTagBytes is HostTag as bytes.
func HostTagBytes() [2]byte { return hostTag }

// Claimant names this process on this computer: "<host tag>:<pid>".
func Claimant() string { return HostTag() + ":" + strconv.Itoa(os.Getpid()) }

// ClaimantGone reports whether the process a Claimant string names is known
// to have ended: it ran on this computer and its pid is not running. A
// claim of another computer, or one that cannot be read, is not known to
// be gone.
func ClaimantGone(claimant string) bool {
	tag, pidStr, ok := cut(claimant)
	if !ok || tag != HostTag() {
		return false
	}
	pid, err := strconv.Atoi(pidStr)
	if err != nil {
		return false
	}
	return pid != os.Getpid() && !Alive(pid)
}

func cut(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}
