//go:build windows

package userfiles

import "golang.org/x/sys/windows"

// knownDownloadsDir asks Windows where the user's Downloads folder is
// (the Known Folder API, FOLDERID_Downloads): it may have been moved to
// OneDrive, another drive or a redirected network folder, where
// %USERPROFILE%\Downloads does not find it. ok is false when Windows has
// no answer; the caller then falls back to the home folder rules.
func knownDownloadsDir() (dir string, ok bool) {
	d, err := windows.KnownFolderPath(windows.FOLDERID_Downloads, 0)
	if err != nil || d == "" {
		return "", false
	}
	return d, true
}
