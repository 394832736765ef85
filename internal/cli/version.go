package cli

import (
	"context"
	"fmt"
	"runtime"
)

var versionCommand = command{"version", "print the version and exit", runVersion}

func runVersion(_ context.Context, inv *Invocation) int {
	if len(inv.Args) > 0 {
		fmt.Fprintln(inv.Stderr, "usage: shotdesk version")
		return ExitUsage
	}
	fmt.Fprintf(inv.Stdout, "shotdesk %s (%s, %s/%s)\n", inv.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return ExitOK
}
