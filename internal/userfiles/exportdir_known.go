//go:build !windows

package userfiles

// knownDownloadsDir is Windows-only (see exportdir_windows.go); elsewhere
// the XDG user dirs and ~/Downloads in exportDir answer the question.
func knownDownloadsDir() (dir string, ok bool) { return "", false }
