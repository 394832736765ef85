//go:build !windows

package main

// prepareConsole has nothing to do outside Windows: one binary is both the
// window and the command line, and a terminal gives it its streams.
func prepareConsole(bool) {}
