// Package cli implements Shotdesk's subcommands (ARCHITECTURE.md §3).
//
// The same binary opens the window when started without arguments; main.go
// hands any arguments to Run. Each subcommand lives in its own file and
// registers itself in init() with register, so adding a command never edits
// this file. Exit codes: 0 ok, 1 error, 2 usage, 3 finished but some items
// failed.
package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
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
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, inv *Invocation) int
}

var commands = map[string]command{}

// register adds a subcommand; it is called from init() in the command's file.
func register(name, summary string, run func(ctx context.Context, inv *Invocation) int) {
	if _, dup := commands[name]; dup {
		panic("cli: duplicate command " + name)
	}
	commands[name] = command{name: name, summary: summary, run: run}
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
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(inv.Stderr, "shotdesk: unknown command %q\n\n", name)
		Usage(inv.Stderr)
		return ExitUsage
	}
	inv.Args = args[1:]
	return cmd.run(ctx, &inv)
}

// Usage prints the list of subcommands.
func Usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("Usage: shotdesk [command] [flags]\n\n")
	b.WriteString("Without a command, shotdesk opens the desktop window.\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-12s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nRun 'shotdesk COMMAND -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}
