package userfiles

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shotdesk/shotdesk/internal/procs"
)

// Option changes how a file is created or published.
type Option uint8

const (
	// Private creates files 0600 and folders 0700 whatever the umask, and
	// keeps a replaced file 0600: for the data dir's own files (settings,
	// the image cache), never for what the user exports.
	Private Option = 1 << iota
	// Replace lets WriteExact and PublishExact replace an existing regular
	// file (never a symlink, device, FIFO, socket or folder). Without it an
	// existing name is ErrExists. WriteNew and PublishNew never replace.
	Replace
)

func has(opts []Option, o Option) bool {
	for _, x := range opts {
		if x&o != 0 {
			return true
		}
	}
	return false
}

// Permissions handed to the kernel, which applies the umask: what a file
// or folder the user creates by hand gets.
const (
	filePerm        = 0o666
	dirPerm         = 0o777
	privateFilePerm = 0o600
	privateDirPerm  = 0o700
)

// tempMarker separates the target's name from the pid in a temp name.
const tempMarker = ".shotdesk-tmp-"

// randHex is the number of hex digits after the pid: the first four name
// the computer (procs.HostTag), so Sweep knows when a pid is one of this
// computer's and can be trusted at once; the rest are random.
const randHex = 12

// maxTempNameBytes keeps a temp name within the 255-byte name limit of
// every file system we write to: the target's name is shortened in the temp
// name (it is only there so a user who sees a leftover knows what it was).
const maxTempNameBytes = 255

// TempName returns a fresh temp name for a file or folder that will be
// published as target (a name, not a path): ".<target>.shotdesk-tmp-<pid>-<random>".
// Sweep recognises exactly these names. Use it to create a temp through an
// os.Root; TempFile and StagingDir use it for paths.
func TempName(target string) string {
	var b [randHex / 2]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	tag := procs.HostTagBytes()
	b[0], b[1] = tag[0], tag[1]
	suffix := tempMarker + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b[:])
	if target = filepath.Base(target); target == "." || target == string(filepath.Separator) {
		target = "unnamed" // an empty target part would make the name unrecognisable
	}
	target = truncateUTF8(target, maxTempNameBytes-1-len(suffix))
	return "." + target + suffix
}

// writtenHere says whether a temp name (one parseTempName accepts) was
// made on this computer.
func writtenHere(name string) bool {
	return strings.HasSuffix(name[:len(name)-randHex+4], procs.HostTag())
}

// parseTempName returns the pid of a name made by TempName; ok is false for
// every other name, so Sweep never mistakes a user's file for a temp.
func parseTempName(name string) (pid int, ok bool) {
	i := strings.LastIndex(name, tempMarker)
	if i < 2 || name[0] != '.' { // a leading dot, then a non-empty target name
		return 0, false
	}
	pidStr, rnd, found := strings.Cut(name[i+len(tempMarker):], "-")
	if !found || len(rnd) != randHex || len(pidStr) == 0 || len(pidStr) > 10 || pidStr[0] == '0' {
		return 0, false
	}
	for _, c := range []byte(pidStr) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	for _, c := range []byte(rnd) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return 0, false
		}
	}
	p, err := strconv.ParseInt(pidStr, 10, 32)
	if err != nil || p <= 0 {
		return 0, false
	}
	return int(p), true
}

// IsTempName reports whether name (a base name) is a temp name of this
// package, e.g. for a test checking that nothing was left behind.
func IsTempName(name string) bool {
	_, ok := parseTempName(name)
	return ok
}

// TempFile creates a new temp file in dir for a file to be published there
// as target (PublishNew, PublishExact), open for writing; f.Name() is its
// path. It is created 0666 (Private: 0600) with O_EXCL, so the umask
// applies and an existing file is never opened. The caller writes, Syncs
// and Closes it, then publishes it or removes it.
func TempFile(dir, target string, opts ...Option) (*os.File, error) {
	perm := os.FileMode(filePerm)
	if has(opts, Private) {
		perm = privateFilePerm
	}
	for range 10 {
		f, err := os.OpenFile(filepath.Join(dir, TempName(target)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, explainDirErr(dir, err)
		}
	}
	return nil, fmt.Errorf("cannot create a temp file in %s: every random name was taken", dir)
}

// StagingDir creates a new empty staging folder in dir for a folder to be
// published there as target, and returns its path. It is created 0777
// (Private: 0700) so the umask applies; the caller fills it (folders 0777,
// files 0666 keep the umask rule), syncs each file, then publishes it or
// removes it with os.RemoveAll.
func StagingDir(dir, target string, opts ...Option) (string, error) {
	perm := os.FileMode(dirPerm)
	if has(opts, Private) {
		perm = privateDirPerm
	}
	for range 10 {
		p := filepath.Join(dir, TempName(target))
		err := os.Mkdir(p, perm)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", explainDirErr(dir, err)
		}
	}
	return "", fmt.Errorf("cannot create a staging folder in %s: every random name was taken", dir)
}

// truncateUTF8 cuts s to at most n bytes without splitting a rune.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
