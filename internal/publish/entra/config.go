package entra

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// The hosted services.
const (
	DefaultGraphURL = "https://graph.microsoft.com/v1.0"
	DefaultLoginURL = "https://login.microsoftonline.com"
)

// The environment variables ConfigFromEnv reads.
const (
	EnvGraphURL     = "SHOTDESK_GRAPH_URL"
	EnvLoginURL     = "SHOTDESK_MS_LOGIN_URL"
	EnvTenant       = "SHOTDESK_ENTRA_TENANT"
	EnvClientID     = "SHOTDESK_ENTRA_CLIENT_ID"
	EnvClientSecret = "SHOTDESK_ENTRA_CLIENT_SECRET"
)

// Config is one connection to a tenant.
type Config struct {
	// Tenant is the directory (tenant) ID, a GUID, or a verified domain of
	// the tenant ("contoso.onmicrosoft.com").
	Tenant string
	// ClientID is the app registration's Application (client) ID.
	ClientID string
	// ClientSecret is the value (not the ID) of one of its client secrets.
	ClientSecret string
	// GraphURL and LoginURL default to the hosted services; tests point
	// them at a local fake.
	GraphURL, LoginURL string
}

// String never shows the secret, so a Config can be logged.
func (c Config) String() string {
	secret := "not set"
	if c.ClientSecret != "" {
		secret = "set"
	}
	return fmt.Sprintf("entra.Config{Tenant: %q, ClientID: %q, ClientSecret: %s, GraphURL: %q, LoginURL: %q}",
		c.Tenant, c.ClientID, secret, c.GraphURL, c.LoginURL)
}

// GoString is String, for %#v.
func (c Config) GoString() string { return c.String() }

// ErrNotConfigured means none of the credentials were given.
var ErrNotConfigured = errors.New("Microsoft Entra ID is not set up")

// ConfigFromEnv reads the SHOTDESK_* variables (getenv is os.Getenv or a
// test's map). The Config holds whatever was set, even with an error, so a
// caller may fill the rest from the keychain; the error names the
// variables missing (errors.Is ErrNotConfigured when none of the three
// credentials is set) or wrong.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Tenant:       strings.TrimSpace(getenv(EnvTenant)),
		ClientID:     strings.TrimSpace(getenv(EnvClientID)),
		ClientSecret: strings.TrimSpace(getenv(EnvClientSecret)), // a pasted secret often ends in a newline; secrets have no spaces
		GraphURL:     strings.TrimSpace(getenv(EnvGraphURL)),
		LoginURL:     strings.TrimSpace(getenv(EnvLoginURL)),
	}
	if c.Tenant == "" && c.ClientID == "" && c.ClientSecret == "" {
		return c, fmt.Errorf("%w: set %s, %s and %s", ErrNotConfigured, EnvTenant, EnvClientID, EnvClientSecret)
	}
	var missing []string
	for _, v := range []struct{ name, value string }{{EnvTenant, c.Tenant}, {EnvClientID, c.ClientID}, {EnvClientSecret, c.ClientSecret}} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("Microsoft Entra ID is half set up: %s not set", strings.Join(missing, " and "))
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	return c, nil
}

var (
	guidPattern   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainPattern = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)
)

// Validate checks every field and says, in words, which one is missing
// or wrong.
func (c Config) Validate() error {
	var problems []string
	switch t := strings.ToLower(c.Tenant); {
	case t == "":
		problems = append(problems, "the tenant is missing (the Directory (tenant) ID on the app registration's Overview page, or a domain like contoso.onmicrosoft.com)")
	case t == "common" || t == "organizations" || t == "consumers":
		problems = append(problems, fmt.Sprintf("the tenant %q is not one directory: give your own tenant's ID or domain", c.Tenant))
	case !guidPattern.MatchString(t) && !domainPattern.MatchString(t):
		problems = append(problems, fmt.Sprintf("the tenant %q is neither a tenant ID (a GUID) nor a domain name", c.Tenant))
	}
	switch {
	case c.ClientID == "":
		problems = append(problems, "the client ID is missing (the Application (client) ID on the app registration's Overview page)")
	case !guidPattern.MatchString(c.ClientID):
		problems = append(problems, fmt.Sprintf("the client ID %q is not a GUID like 4f0c8a1e-6b2d-4c3e-8f9a-1b2c3d4e5f60 (the Application (client) ID)", c.ClientID))
	}
	switch {
	case c.ClientSecret == "":
		problems = append(problems, "the client secret is missing (the Value shown once when the secret was created under Certificates & secrets)")
	case guidPattern.MatchString(c.ClientSecret):
		// A secret's Secret ID is a GUID; its Value never is.
		problems = append(problems, "the client secret looks like the secret's ID: use its Value, shown once when it was created")
	}
	if _, err := publish.CheckBaseURL(c.graphURL()); err != nil {
		problems = append(problems, "the Graph URL is not usable: "+err.Error())
	}
	if _, err := publish.CheckBaseURL(c.loginURL()); err != nil {
		problems = append(problems, "the sign-in URL is not usable: "+err.Error())
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("Microsoft Entra ID settings: " + strings.Join(problems, "; "))
}

func (c Config) graphURL() string {
	if c.GraphURL == "" {
		return DefaultGraphURL
	}
	return strings.TrimRight(c.GraphURL, "/")
}

func (c Config) loginURL() string {
	if c.LoginURL == "" {
		return DefaultLoginURL
	}
	return strings.TrimRight(c.LoginURL, "/")
}
