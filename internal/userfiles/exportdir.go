package userfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// DefaultExportDir is where exports go unless the user chose a folder: the
// user's Downloads folder, else the home folder; "" when there is no home
// folder either (no $HOME), and the caller has to ask.
//
// On Linux and the BSDs that is the XDG download dir (XDG_DOWNLOAD_DIR in
// $XDG_CONFIG_HOME/user-dirs.dirs, which desktop sessions localise:
// ~/Téléchargements, ~/Descargas…) when that folder exists, else
// ~/Downloads when it exists. On macOS and Windows ~/Downloads.
//
// Windows: a Downloads folder moved elsewhere (to OneDrive, another drive)
// is known only to the Known Folder API (SHGetKnownFolderPath with
// FOLDERID_Downloads); asking it needs a dependency or raw syscalls, so a
// moved folder is not found yet and the home folder is used if ~/Downloads
// is gone.
func DefaultExportDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	// Windows: the Downloads known folder, wherever the person moved it
	// (OneDrive, another drive).
	if d, ok := knownDownloadsDir(); ok && isDir(d) {
		return d
	}
	return exportDir(runtime.GOOS, home, os.Getenv)
}

func exportDir(goos, home string, getenv func(string) string) string {
	if goos != "windows" && goos != "darwin" && goos != "ios" {
		if d, ok := xdgDownloadDir(home, getenv); ok && isDir(d) {
			return d
		}
	}
	if d := filepath.Join(home, "Downloads"); isDir(d) {
		return d
	}
	return home
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// xdgDownloadDir reads XDG_DOWNLOAD_DIR from user-dirs.dirs in
// $XDG_CONFIG_HOME (default ~/.config; a relative value is ignored, as the
// XDG spec says).
func xdgDownloadDir(home string, getenv func(string) string) (string, bool) {
	cfg := getenv("XDG_CONFIG_HOME")
	if cfg == "" || !filepath.IsAbs(cfg) {
		cfg = filepath.Join(home, ".config")
	}
	data, err := os.ReadFile(filepath.Join(cfg, "user-dirs.dirs"))
	if err != nil {
		return "", false
	}
	return parseUserDirs(string(data), home, "XDG_DOWNLOAD_DIR")
}

// parseUserDirs finds key in the text of a user-dirs.dirs file, a shell
// fragment written by xdg-user-dirs-update, and accepts what it writes and
// glib reads:
//
//	# comment
//	XDG_DOWNLOAD_DIR="$HOME/Downloads"
//	XDG_DOWNLOAD_DIR="/data/downloads"
//
// The value is double-quoted; "$HOME" may only start it, followed by "/" or
// nothing; otherwise it must be absolute. A backslash escapes the next
// character (xdg-user-dirs-update escapes " \ $ and `). A later line wins,
// as when the shell sources the file. Anything else is ignored.
func parseUserDirs(text, home, key string) (string, bool) {
	found, ok := "", false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimLeft(strings.TrimRight(line, "\r"), " \t")
		rest, match := strings.CutPrefix(line, key)
		if !match {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		rest, match = strings.CutPrefix(rest, "=")
		if !match {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		value, match := unquote(rest)
		if !match {
			continue
		}
		if after, isHome := strings.CutPrefix(value, "$HOME"); isHome {
			if after != "" && after[0] != '/' {
				continue // "$HOMEDIR" is another variable
			}
			found, ok = filepath.Join(home, filepath.FromSlash(after)), true
			continue
		}
		if !strings.HasPrefix(value, "/") {
			continue // relative paths are not allowed
		}
		found, ok = filepath.Clean(filepath.FromSlash(value)), true
	}
	return found, ok
}

// unquote reads a double-quoted shell word at the start of s, undoing
// backslash escapes; ok is false without both quotes.
func unquote(s string) (string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), true
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// ShortPath is path as a person reads it in a message: relative to the
// home folder when it is inside it ("Downloads/ana-pfp.png"), else whole.
func ShortPath(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return path
	}
	if rel, err := filepath.Rel(home, path); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
