package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPathsPrecedence(t *testing.T) {
	dir, url, err := Paths("/flag/dir", "", env(map[string]string{EnvDataDir: "/env/dir", EnvAPIURL: "http://127.0.0.1:9/api/v2/"}))
	if err != nil {
		t.Fatal(err)
	}
	if dir != "/flag/dir" {
		t.Errorf("data dir = %q, want the flag", dir)
	}
	if url != "http://127.0.0.1:9/api/v2" {
		t.Errorf("api url = %q, want env value without trailing slash", url)
	}
	_, url, err = Paths("/d", "", env(nil))
	if err != nil || url != DefaultAPIURL {
		t.Errorf("default api url = %q, %v", url, err)
	}
}

func TestValidateAPIURL(t *testing.T) {
	ok := []string{"https://server.headshotpro.com/api/v2", "http://127.0.0.1:8787/api/v2", "http://localhost:1/api/v2", "http://[::1]:5/api/v2"}
	bad := []string{"http://server.headshotpro.com/api/v2", "ftp://x/y", "server.headshotpro.com", "", "http://10.0.0.1/api/v2", "javascript:alert(1)"}
	for _, u := range ok {
		if err := ValidateAPIURL(u); err != nil {
			t.Errorf("%q rejected: %v", u, err)
		}
	}
	for _, u := range bad {
		if err := ValidateAPIURL(u); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

func TestSettingsRoundTripAndDamage(t *testing.T) {
	dir := t.TempDir()
	s, err := LoadSettings(dir)
	if err != nil || s != (Settings{}) {
		t.Fatalf("missing file: %+v, %v", s, err)
	}
	want := Settings{Theme: "dark", MembersView: "list"}
	if err := SaveSettings(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(dir)
	if err != nil || got != want {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	info, err := os.Stat(filepath.Join(dir, settingsFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("settings file mode = %v, %v", info.Mode(), err)
	}
	// Saving again replaces the file and keeps it owner-only, even if it
	// was opened up meanwhile.
	os.Chmod(filepath.Join(dir, settingsFile), 0o644)
	want.Theme = "light"
	if err := SaveSettings(dir, want); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadSettings(dir); err != nil || got != want {
		t.Fatalf("second save = %+v, %v", got, err)
	}
	info, err = os.Stat(filepath.Join(dir, settingsFile))
	if err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o600) {
		t.Errorf("settings file mode after a second save = %v, %v", info.Mode(), err)
	}
	if err := os.WriteFile(filepath.Join(dir, settingsFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(dir); err == nil || !strings.Contains(err.Error(), "settings") {
		t.Errorf("damaged settings not reported: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, settingsFile)); string(b) != "{not json" {
		t.Error("loading a damaged file changed it")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if userfiles.IsTempName(e.Name()) || strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}

type memKeychain struct{ key string }

func (m *memKeychain) Get(context.Context) (string, error) {
	if m.key == "" {
		return "", ErrNoAPIKey
	}
	return m.key, nil
}
func (m *memKeychain) Set(_ context.Context, k string) error { m.key = k; return nil }
func (m *memKeychain) Delete(context.Context) error          { m.key = ""; return nil }

func TestAPIKeyPrecedence(t *testing.T) {
	kc := &memKeychain{key: "sk_keychain_1234"}
	k, err := APIKey(context.Background(), env(map[string]string{EnvAPIKey: " sk_env "}), kc)
	if err != nil || k != "sk_env" {
		t.Errorf("env key = %q, %v", k, err)
	}
	k, err = APIKey(context.Background(), env(nil), kc)
	if err != nil || k != "sk_keychain_1234" {
		t.Errorf("keychain key = %q, %v", k, err)
	}
	_, err = APIKey(context.Background(), env(nil), &memKeychain{})
	if !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("no key: %v", err)
	}
}

func TestMaskKey(t *testing.T) {
	if got := MaskKey("sk_live_abcdef1234"); got != "••••1234" || strings.Contains(got, "abcdef") {
		t.Errorf("MaskKey = %q", got)
	}
	if got := MaskKey("abc"); got != "••••" {
		t.Errorf("short key mask = %q", got)
	}
}
