package userfiles

import (
	"os/exec"
	"path/filepath"
	"runtime"
)

// Reveal shows path in the system's file manager: selected in its folder
// where the platform can (Finder, Explorer), else the folder opened. It
// returns once the file manager was started.
func Reveal(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", "-R", path)
	case "windows":
		cmd = explorerSelect(path)
	default:
		cmd = exec.Command("xdg-open", filepath.Dir(path))
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // explorer exits 1 even on success; only reap it
	return nil
}
