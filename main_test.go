package main

import "testing"

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
