//go:build !windows

package userfiles

import "os/exec"

// explorerSelect is only used on Windows.
func explorerSelect(path string) *exec.Cmd { return exec.Command("explorer", "/select,"+path) }
