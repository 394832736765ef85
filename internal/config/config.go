// Package config resolves where Shotdesk keeps its data and how it reaches
// the hosted API: the data dir, the API base URL, user settings (a small
// JSON file in the data dir) and the API key, which lives only in the OS
// keychain (or the SHOTDESK_API_KEY environment variable for the CLI and CI)
// and never in a file Shotdesk writes.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// Environment variables.
const (
	EnvAPIURL  = "SHOTDESK_API_URL"
	EnvDataDir = "SHOTDESK_DATA_DIR"
	EnvAPIKey  = "SHOTDESK_API_KEY"
)

// DefaultAPIURL is the hosted V2 API.
const DefaultAPIURL = "https://server.headshotpro.com/api/v2"

// AppDirName is the folder name under the OS user config dir.
const AppDirName = "Shotdesk"

// DefaultDataDir returns the OS user config dir + Shotdesk.
func DefaultDataDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config dir: %w", err)
	}
	return filepath.Join(base, AppDirName), nil
}

// Paths resolves the data dir and API URL from explicit values (flags),
// then the environment, then the API URL saved in Settings (the window's
// advanced setting), then defaults. getenv is os.Getenv in production. An
// unreadable settings file counts as no setting here; the settings screen
// reports it.
func Paths(flagDataDir, flagAPIURL string, getenv func(string) string) (dataDir, apiURL string, err error) {
	dataDir = firstNonEmpty(flagDataDir, getenv(EnvDataDir))
	if dataDir == "" {
		if dataDir, err = DefaultDataDir(); err != nil {
			return "", "", err
		}
	}
	saved := ""
	if s, err := LoadSettings(dataDir); err == nil {
		saved = s.APIURL
	}
	apiURL = firstNonEmpty(flagAPIURL, getenv(EnvAPIURL), saved, DefaultAPIURL)
	if err := ValidateAPIURL(apiURL); err != nil {
		return "", "", err
	}
	return dataDir, strings.TrimRight(apiURL, "/"), nil
}

// ValidateAPIURL accepts https URLs, and http only to a loopback host (the
// sandbox): an API key must never cross a network in clear text.
func ValidateAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("API URL %q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("API URL %q uses plain http: only https is allowed, except to localhost", raw)
	default:
		return fmt.Errorf("API URL %q: scheme must be https", raw)
	}
}

// IsLoopbackHost reports whether host is localhost or a loopback IP.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// EnsureDataDir creates the data dir with owner-only permissions, and
// makes an existing one owner-only too: it holds staff emails and signed
// photo links, whatever the folder was created with.
func EnsureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make the data dir private: %w", err)
		}
	}
	return nil
}

// Settings are the user's preferences, stored as settings.json in the data
// dir. Never put a secret here.
type Settings struct {
	// APIURL overrides the hosted API URL (advanced users); empty = default.
	APIURL string `json:"apiUrl,omitempty"`
	// Theme is "system", "light" or "dark".
	Theme string `json:"theme,omitempty"`
	// MembersView is "grid" or "list".
	MembersView string `json:"membersView,omitempty"`
	// PFPTemplate is the organization's profile picture template, used by
	// Download PFP, the member detail and the pfp.jpg of Download Favorites;
	// nil = the built-in 600×600 head-and-shoulders square.
	PFPTemplate *PFPTemplateSettings `json:"pfpTemplate,omitempty"`
}

// PFPTemplateSettings is the saved profile picture template, in words and
// colours as the settings screen edits it; the app turns it into a
// pfp.Template and validates it before saving.
type PFPTemplateSettings struct {
	Shape        string `json:"shape"`        // square, rounded or circle
	Size         int    `json:"size"`         // 128–1024 px
	Background   string `json:"background"`   // #RRGGBB or transparent
	Outline      string `json:"outline"`      // #RRGGBB
	OutlineWidth int    `json:"outlineWidth"` // 0–32 px; 0 = no outline
	Grayscale    bool   `json:"grayscale"`
	Framing      string `json:"framing"` // head, centre or smart
}

const settingsFile = "settings.json"

// LoadSettings reads settings.json; a missing file gives zero Settings. A
// damaged file is reported, not silently replaced, so the user's choices are
// not lost without a word.
func LoadSettings(dataDir string) (Settings, error) {
	var s Settings
	b, err := os.ReadFile(filepath.Join(dataDir, settingsFile))
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Settings{}, fmt.Errorf("read settings %s: %w", filepath.Join(dataDir, settingsFile), err)
	}
	return s, nil
}

// SaveSettings writes settings.json atomically (temp file, fsync, rename),
// so a crash leaves either the old or the new file, never half of one. It
// stays owner-only (0600) whatever the umask.
func SaveSettings(dataDir string, s Settings) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	if err := EnsureDataDir(dataDir); err != nil {
		return err
	}
	err = userfiles.WriteExact(filepath.Join(dataDir, settingsFile), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, userfiles.Replace, userfiles.Private)
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
