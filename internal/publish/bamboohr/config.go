package bamboohr

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// DefaultBaseURL is BambooHR's API host.
const DefaultBaseURL = "https://api.bamboohr.com"

// The environment variables ConfigFromEnv reads.
const (
	EnvURL    = "SHOTDESK_BAMBOOHR_URL"
	EnvDomain = "SHOTDESK_BAMBOOHR_DOMAIN"
	EnvKey    = "SHOTDESK_BAMBOOHR_KEY"
)

// Config says which BambooHR company to publish to, and how.
type Config struct {
	// BaseURL is the API host (default DefaultBaseURL); https, or plain
	// http only to this computer (the local fake).
	BaseURL string
	// Domain is the company's subdomain: "acme" for https://acme.bamboohr.com.
	// A pasted URL or host name is reduced to it.
	Domain string
	// APIKey is the API key of the BambooHR user Shotdesk acts as. Secret:
	// String and LogValue leave it out.
	APIKey string
}

// String describes the config without its key.
func (c Config) String() string {
	key := "none"
	if c.APIKey != "" {
		key = "set"
	}
	return fmt.Sprintf("bamboohr.Config{BaseURL: %q, Domain: %q, APIKey: %s}", c.BaseURL, c.Domain, key)
}

// GoString keeps the key out of %#v too.
func (c Config) GoString() string { return c.String() }

// LogValue keeps the key out of logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("baseURL", c.BaseURL), slog.String("domain", c.Domain),
		slog.Bool("apiKeySet", c.APIKey != ""))
}

// ConfigFromEnv reads SHOTDESK_BAMBOOHR_URL (optional),
// SHOTDESK_BAMBOOHR_DOMAIN and SHOTDESK_BAMBOOHR_KEY, and checks them as New
// does. Errors name the variable and say what to put in it.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		BaseURL: strings.TrimSpace(getenv(EnvURL)),
		Domain:  strings.TrimSpace(getenv(EnvDomain)),
		APIKey:  strings.TrimSpace(getenv(EnvKey)),
	}
	if cfg.Domain == "" {
		return Config{}, fmt.Errorf("%s is not set: set it to your company's BambooHR subdomain (acme if you sign in at https://acme.bamboohr.com)", EnvDomain)
	}
	if cfg.APIKey == "" {
		return Config{}, fmt.Errorf("%s is not set: set it to a BambooHR API key (in BambooHR, click your photo or name → API Keys → Add New Key)", EnvKey)
	}
	checked, err := cfg.check()
	if err != nil {
		var ferr *fieldError
		if errors.As(err, &ferr) {
			env := map[string]string{"BaseURL": EnvURL, "Domain": EnvDomain, "APIKey": EnvKey}[ferr.field]
			return Config{}, fmt.Errorf("%s: %s", env, ferr.words)
		}
		return Config{}, err
	}
	return checked, nil
}

// fieldError is a config field that is missing or wrong, in words.
type fieldError struct{ field, words string }

func (e *fieldError) Error() string { return e.words }

// subdomainPattern is a DNS label: letters, digits and inner hyphens.
var subdomainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// check returns the config with defaults filled and the domain reduced to
// the subdomain, or an error in words naming the field.
func (c Config) check() (Config, error) {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	u, err := publish.CheckBaseURL(c.BaseURL)
	if err != nil {
		return Config{}, &fieldError{"BaseURL", "the BambooHR API address is not usable: " + err.Error()}
	}
	c.BaseURL = strings.TrimRight(u.String(), "/")
	domain, err := subdomain(c.Domain)
	if err != nil {
		return Config{}, err
	}
	c.Domain = domain
	c.APIKey = strings.TrimSpace(c.APIKey)
	switch {
	case c.APIKey == "":
		return Config{}, &fieldError{"APIKey", "the BambooHR API key is missing: create one in BambooHR (click your photo or name → API Keys → Add New Key)"}
	case strings.ContainsFunc(c.APIKey, func(r rune) bool { return r <= ' ' || r == 0x7f || r == ':' }):
		// A key never holds spaces, control characters or a colon (which
		// would end the Basic user name); the text itself stays out of
		// the message.
		return Config{}, &fieldError{"APIKey", "the BambooHR API key contains spaces, a colon or invisible characters: copy it again from BambooHR"}
	}
	return c, nil
}

// subdomain reduces what people paste — "acme", "acme.bamboohr.com",
// "https://acme.bamboohr.com/home" — to the company subdomain, or says in
// words why it cannot.
func subdomain(raw string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if s == "" {
		return "", &fieldError{"Domain", "the BambooHR company domain is missing: it is the part before .bamboohr.com in the address you sign in at (acme for https://acme.bamboohr.com)"}
	}
	notAddress := &fieldError{"Domain", fmt.Sprintf("%q is not a BambooHR address: give the part before .bamboohr.com (acme for https://acme.bamboohr.com)", raw)}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return "", notAddress
	}
	s, path := u.Hostname(), u.Path
	// An API address names the company in its path:
	// https://api.bamboohr.com/api/gateway.php/acme/v1/…
	if s == "api.bamboohr.com" {
		rest, ok := strings.CutPrefix(path, "/api/gateway.php/")
		company, _, _ := strings.Cut(rest, "/")
		if !ok || company == "" {
			return "", &fieldError{"Domain", "api.bamboohr.com is BambooHR's API address, not your company's: give the part before .bamboohr.com in the address you sign in at (acme for https://acme.bamboohr.com)"}
		}
		s = company
	} else if host, found := strings.CutSuffix(s, ".bamboohr.com"); found {
		s = host
	} else if strings.Contains(s, ".") {
		return "", notAddress
	}
	if !subdomainPattern.MatchString(s) {
		return "", &fieldError{"Domain", fmt.Sprintf("%q is not a BambooHR company domain: it has only letters, digits and hyphens (acme for https://acme.bamboohr.com)", raw)}
	}
	return s, nil
}
