package workflow

import (
	"os"
	"path/filepath"
)

// DefaultExportDir is where exports go when nobody chose a folder: the
// user's Downloads folder when it exists, else the home folder, else the
// current folder. Resolved on every call, so a Downloads folder created
// while the app runs is used.
func DefaultExportDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if dl := filepath.Join(home, "Downloads"); isDir(dl) {
		return dl
	}
	return home
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
