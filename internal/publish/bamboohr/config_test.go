package bamboohr

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/publish"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestConfigFromEnv(t *testing.T) {
	cfg, err := ConfigFromEnv(env(map[string]string{EnvDomain: " Acme ", EnvKey: " k3y "}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != DefaultBaseURL || cfg.Domain != "acme" || cfg.APIKey != "k3y" {
		t.Errorf("config %+v", cfg)
	}

	cfg, err = ConfigFromEnv(env(map[string]string{EnvURL: "http://127.0.0.1:8099/", EnvDomain: "acme", EnvKey: "k"}))
	if err != nil || cfg.BaseURL != "http://127.0.0.1:8099" {
		t.Errorf("loopback URL: %v %+v", err, cfg)
	}

	for _, tc := range []struct {
		vars map[string]string
		want []string // words the error must hold
	}{
		{map[string]string{EnvKey: "k"}, []string{EnvDomain, "acme"}},
		{map[string]string{EnvDomain: "acme"}, []string{EnvKey, "API Keys"}},
		{map[string]string{EnvDomain: "acme corp", EnvKey: "k"}, []string{EnvDomain, "not a BambooHR address"}},
		{map[string]string{EnvDomain: "acme_corp", EnvKey: "k"}, []string{EnvDomain, "letters, digits and hyphens"}},
		{map[string]string{EnvDomain: "acme.example.com", EnvKey: "k"}, []string{EnvDomain, "not a BambooHR address"}},
		{map[string]string{EnvDomain: "https://api.bamboohr.com", EnvKey: "k"}, []string{EnvDomain, "API address"}},
		{map[string]string{EnvDomain: "acme", EnvKey: "two words"}, []string{EnvKey, "copy it again"}},
		{map[string]string{EnvURL: "http://api.bamboohr.com", EnvDomain: "acme", EnvKey: "k"}, []string{EnvURL, "plain http"}},
		{map[string]string{EnvURL: "ftp://x", EnvDomain: "acme", EnvKey: "k"}, []string{EnvURL, "https"}},
	} {
		_, err := ConfigFromEnv(env(tc.vars))
		if err == nil {
			t.Errorf("%v: no error", tc.vars)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q lacks %q", tc.vars, err, w)
			}
		}
		if k := tc.vars[EnvKey]; len(k) > 1 && strings.Contains(err.Error(), k) {
			t.Errorf("the error shows the key: %q", err)
		}
	}
}

func TestSubdomainFromPastedAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"acme":                           "acme",
		"ACME-Corp":                      "acme-corp",
		"acme.bamboohr.com":              "acme",
		"https://acme.bamboohr.com":      "acme",
		"https://acme.bamboohr.com/home": "acme",
		"acme.bamboohr.com/employees/":   "acme",
		"https://api.bamboohr.com/api/gateway.php/acme/v1/employees/directory": "acme",
	} {
		got, err := subdomain(in)
		if err != nil || got != want {
			t.Errorf("subdomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-acme", "acme-", "ac me", "acme.com", "https://", strings.Repeat("a", 64)} {
		if got, err := subdomain(bad); err == nil {
			t.Errorf("subdomain(%q) = %q, want an error", bad, got)
		}
	}
}

func TestNewChecksConfig(t *testing.T) {
	if _, err := New(Config{Domain: "acme"}, publish.ClientConfig{}); err == nil || !strings.Contains(err.Error(), "API key is missing") {
		t.Errorf("missing key: %v", err)
	}
	if _, err := New(Config{APIKey: "k"}, publish.ClientConfig{}); err == nil || !strings.Contains(err.Error(), "company domain is missing") {
		t.Errorf("missing domain: %v", err)
	}
	if _, err := New(Config{BaseURL: "http://10.0.0.5", Domain: "acme", APIKey: "k"}, publish.ClientConfig{}); err == nil ||
		!strings.Contains(err.Error(), "API address") {
		t.Errorf("plain http off this computer: %v", err)
	}
	tg, err := New(Config{Domain: "https://acme.bamboohr.com", APIKey: "k"}, publish.ClientConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if info := tg.Info(); info.Name != "bamboohr" || info.Where != "acme.bamboohr.com" || info.Limits.Side != 600 || !info.Limits.Square {
		t.Errorf("info %+v", info)
	}
}

func TestConfigNeverPrintsTheKey(t *testing.T) {
	cfg := Config{BaseURL: DefaultBaseURL, Domain: "acme", APIKey: "s3cret-key"}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("cfg", "config", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), logged.String()} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("the key leaks: %s", s)
		}
		if !strings.Contains(s, "acme") {
			t.Errorf("the domain is missing: %s", s)
		}
	}
}
