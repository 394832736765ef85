package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Run(context.Background(), args, Invocation{Stdout: &out, Stderr: &errOut, Version: "1.2.3", Getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func TestVersion(t *testing.T) {
	code, out, errOut := runCLI("version")
	if code != ExitOK || !strings.HasPrefix(out, "shotdesk 1.2.3 ") || errOut != "" {
		t.Fatalf("version: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, _ := runCLI("version", "extra"); code != ExitUsage {
		t.Errorf("version with an argument: code %d, want %d", code, ExitUsage)
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	code, out, errOut := runCLI("frobnicate")
	if code != ExitUsage {
		t.Fatalf("code = %d, want %d", code, ExitUsage)
	}
	if out != "" {
		t.Errorf("usage went to stdout: %q", out)
	}
	if !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "Usage: shotdesk") || !strings.Contains(errOut, "version") {
		t.Errorf("stderr does not explain: %q", errOut)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runCLI("--help")
	if code != ExitOK || !strings.Contains(out, "Commands:") {
		t.Fatalf("help: code %d, stdout %q", code, out)
	}
}
