package userfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestParseUserDirs(t *testing.T) {
	home := filepath.FromSlash("/home/ann")
	for _, c := range []struct {
		name, text, want string
		ok               bool
	}{
		{"default", "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOWNLOAD_DIR=\"$HOME/Downloads\"\n", "/home/ann/Downloads", true},
		{"localized", "XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n", "/home/ann/Téléchargements", true},
		{"absolute", "XDG_DOWNLOAD_DIR=\"/data/ann/dl\"", "/data/ann/dl", true},
		{"home itself", "XDG_DOWNLOAD_DIR=\"$HOME/\"", "/home/ann", true},
		{"home bare", "XDG_DOWNLOAD_DIR=\"$HOME\"", "/home/ann", true},
		{"spaces and CRLF", "  XDG_DOWNLOAD_DIR = \"$HOME/My Downloads\"\r\n", "/home/ann/My Downloads", true},
		{"escapes", `XDG_DOWNLOAD_DIR="$HOME/a \"b\" \$c \\d"`, `/home/ann/a "b" $c \d`, true},
		{"trailing comment", `XDG_DOWNLOAD_DIR="$HOME/dl" # mine`, "/home/ann/dl", true},
		{"later wins", "XDG_DOWNLOAD_DIR=\"$HOME/a\"\nXDG_DOWNLOAD_DIR=\"$HOME/b\"\n", "/home/ann/b", true},
		{"later invalid is ignored", "XDG_DOWNLOAD_DIR=\"$HOME/a\"\nXDG_DOWNLOAD_DIR=\"relative\"\n", "/home/ann/a", true},
		{"relative", `XDG_DOWNLOAD_DIR="Downloads"`, "", false},
		{"other variable", `XDG_DOWNLOAD_DIR="$HOMEDIR/x"`, "", false},
		{"unquoted", `XDG_DOWNLOAD_DIR=$HOME/Downloads`, "", false},
		{"unterminated", `XDG_DOWNLOAD_DIR="$HOME/Downloads`, "", false},
		{"commented out", `# XDG_DOWNLOAD_DIR="$HOME/Downloads"`, "", false},
		{"longer key", `XDG_DOWNLOAD_DIRS="$HOME/x"`, "", false},
		{"missing", `XDG_MUSIC_DIR="$HOME/Music"`, "", false},
		{"empty", "", "", false},
	} {
		got, ok := parseUserDirs(c.text, home, "XDG_DOWNLOAD_DIR")
		if ok != c.ok || (ok && got != filepath.FromSlash(c.want)) {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestExportDir(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	mkdir := func(p string) string {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Nothing: the home folder.
	if got := exportDir("linux", home, getenv); got != home {
		t.Errorf("bare home: %s", got)
	}
	// ~/Downloads when it exists.
	dl := mkdir(filepath.Join(home, "Downloads"))
	for _, goos := range []string{"linux", "darwin", "windows", "freebsd"} {
		if got := exportDir(goos, home, getenv); got != dl {
			t.Errorf("%s: %s, want %s", goos, got, dl)
		}
	}
	// The XDG download dir wins on Linux once it exists, not elsewhere.
	cfg := mkdir(filepath.Join(home, ".config"))
	os.WriteFile(filepath.Join(cfg, "user-dirs.dirs"), []byte("XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n"), 0o644)
	if got := exportDir("linux", home, getenv); got != dl {
		t.Errorf("XDG dir missing: %s, want ~/Downloads", got)
	}
	fr := mkdir(filepath.Join(home, "Téléchargements"))
	if got := exportDir("linux", home, getenv); got != fr {
		t.Errorf("linux: %s, want %s", got, fr)
	}
	if got := exportDir("windows", home, getenv); got != dl {
		t.Errorf("windows read XDG: %s", got)
	}
	// $XDG_CONFIG_HOME moves the file; a relative one is ignored.
	other := mkdir(filepath.Join(home, "cfg"))
	es := mkdir(filepath.Join(home, "Descargas"))
	os.WriteFile(filepath.Join(other, "user-dirs.dirs"), []byte("XDG_DOWNLOAD_DIR=\""+es+"\"\n"), 0o644)
	env["XDG_CONFIG_HOME"] = other
	if got := exportDir("linux", home, getenv); got != es {
		t.Errorf("XDG_CONFIG_HOME: %s, want %s", got, es)
	}
	env["XDG_CONFIG_HOME"] = "cfg"
	if got := exportDir("linux", home, getenv); got != fr {
		t.Errorf("relative XDG_CONFIG_HOME: %s, want %s", got, fr)
	}

	// The exported function reads the real environment.
	if runtime.GOOS == "linux" {
		t.Setenv("HOME", home)
		t.Setenv("XDG_CONFIG_HOME", "")
		if got := DefaultExportDir(); got != fr {
			t.Errorf("DefaultExportDir() = %s, want %s", got, fr)
		}
	}
}
