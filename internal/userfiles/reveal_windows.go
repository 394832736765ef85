package userfiles

import (
	"os/exec"
	"syscall"
)

// explorerSelect opens Explorer with path selected. Explorer parses its own
// command line: Go would quote the whole "/select,C:\My Files\x.zip"
// argument when the path has a space, and Explorer then opens Documents.
// The path alone goes in quotes instead.
func explorerSelect(path string) *exec.Cmd {
	cmd := exec.Command("explorer")
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: `explorer /select,"` + path + `"`}
	return cmd
}
