package main

import (
	"strings"
	"testing"
)

func TestIsSubcommand(t *testing.T) {
	tests := map[string]struct {
		args []string
		want bool
	}{
		"no args opens the window":      {nil, false},
		"subcommand":                    {[]string{"version"}, true},
		"unknown word goes to the CLI":  {[]string{"bogus"}, true},
		"help":                          {[]string{"--help"}, true},
		"wails dev flags open a window": {[]string{"-assetdir", "frontend/dist"}, false},
	}
	for name, tt := range tests {
		if got := isSubcommand(tt.args); got != tt.want {
			t.Errorf("%s: isSubcommand(%q) = %v, want %v", name, tt.args, got, tt.want)
		}
	}
}

func TestAppVersion(t *testing.T) {
	if got := appVersion("1.2.3"); got != "1.2.3" {
		t.Errorf("linked version replaced: %q", got)
	}
	// A test binary carries no VCS stamp; either way an unlinked build is a
	// development version, never a release number.
	if got := appVersion(""); !strings.HasPrefix(got, "0.0.0-dev") {
		t.Errorf("unlinked version = %q, want 0.0.0-dev…", got)
	}
}
