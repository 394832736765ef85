//go:build windows

package bundle

import (
	"strings"

	"golang.org/x/sys/windows"
)

// freeSpace returns the bytes available to this user on the volume holding
// dir (GetDiskFreeSpaceEx's "available to caller", which honours disk
// quotas).
func freeSpace(dir string) (free int64, ok bool, err error) {
	// A UNC path (\\server\share\folder) must end in a backslash.
	if strings.HasPrefix(dir, `\\`) && !strings.HasSuffix(dir, `\`) {
		dir += `\`
	}
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, false, err
	}
	var avail, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &totalFree); err != nil {
		return 0, false, err
	}
	return int64(min(avail, 1<<63-1)), true, nil
}
