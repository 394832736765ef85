// Package cli implements Shotdesk's subcommands (the table in README.md).
//
// The same binary opens the window when started without arguments; main.go
// hands any arguments to Run. Each subcommand lives in its own file as a
// command value, listed once in commands below. Commands are adapters:
// flags in, one call to internal/workflow (the use cases the window calls
// too), the result printed. Exit codes: 0 ok, 1 error, 2 usage, 3 finished
// but some items failed.
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Exit codes shared by every subcommand.
const (
	ExitOK         = 0
	ExitError      = 1
	ExitUsage      = 2
	ExitSomeFailed = 3
)

// Invocation is what a subcommand receives: its own arguments (without the
// subcommand name), the process streams and the build version.
type Invocation struct {
	Args    []string
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Version string
	// Getenv reads the environment; tests replace it.
	Getenv func(string) string

	command string // the subcommand's name, for messages
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, inv *Invocation) int
}

// commands is every subcommand, in the order help lists them.
var commands = []command{
	syncCommand, membersCommand, actionCommand, inviteCommand, outboxCommand,
	favoritesCommand, pfpCommand, exportCSVCommand, publishCommand, sandboxCommand, versionCommand,
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// Run dispatches args (os.Args[1:], non-empty) to a subcommand and returns
// the process exit code.
func Run(ctx context.Context, args []string, inv Invocation) int {
	if len(args) == 0 {
		Usage(inv.Stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		Usage(inv.Stdout)
		return ExitOK
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(inv.Stderr, "shotdesk: unknown command %q\n\n", name)
		Usage(inv.Stderr)
		return ExitUsage
	}
	inv.Args, inv.command = args[1:], name
	return cmd.run(ctx, &inv)
}

// Usage prints the list of subcommands.
func Usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("Usage: shotdesk [command] [flags]\n\n")
	b.WriteString("Without a command, shotdesk opens the desktop window.\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-12s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'shotdesk COMMAND -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}
