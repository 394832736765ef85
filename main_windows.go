//go:build windows

package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// The window program, shotdesk.exe, is linked as a GUI-subsystem binary:
// Windows starts it without a console window, and cmd.exe and PowerShell
// neither wait for it nor keep its exit code. The command line is
// shotdesk-cli.exe, the same program linked as a console binary (built by
// scripts/dist.sh), which gets the shell's console, streams and exit code
// like any command-line tool.
//
// Someone who types `shotdesk.exe sync` anyway would see nothing at all:
// prepareConsole attaches to the console of the shell that started it, so
// the output and a pointer to shotdesk-cli.exe appear. That output arrives
// after the shell has printed its next prompt, and the exit code is still
// lost, which is why this is only a fallback.

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

func prepareConsole(consoleBinary bool) {
	if consoleBinary {
		return // Windows gave the console binary its console and streams
	}
	// Streams redirected to a file or pipe (shotdesk.exe version > v.txt)
	// are inherited even by a GUI program and already work.
	if stdHandleOK(windows.STD_OUTPUT_HANDLE) && stdHandleOK(windows.STD_ERROR_HANDLE) {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return // started from Explorer or a shortcut: no console to write to
	}
	if !stdHandleOK(windows.STD_OUTPUT_HANDLE) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !stdHandleOK(windows.STD_ERROR_HANDLE) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
	fmt.Fprintln(os.Stderr, "shotdesk: shotdesk.exe is the window program, so this shell does not wait for it or get its exit code; use shotdesk-cli.exe for the command line.")
}

func stdHandleOK(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	return err == nil && h != 0 && h != windows.InvalidHandle
}
