//go:build linux || darwin

package bundle

import "syscall"

// freeSpace returns the bytes available to an unprivileged user on the file
// system holding dir (statfs f_bavail × f_bsize).
func freeSpace(dir string) (free int64, ok bool, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false, err
	}
	return int64(st.Bavail) * int64(st.Bsize), true, nil
}
