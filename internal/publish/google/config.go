package google

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// The hosted services (the defaults of Config).
const (
	DefaultAdminURL = "https://admin.googleapis.com"
	DefaultTokenURL = "https://oauth2.googleapis.com/token"
)

// Scope is the one OAuth scope Shotdesk asks for: reading users and
// changing their photos needs admin.directory.user (users.photos.update
// accepts no narrower one; see
// https://developers.google.com/workspace/admin/directory/reference/rest/v1/users.photos/update).
const Scope = "https://www.googleapis.com/auth/admin.directory.user"

// The environment variables ConfigFromEnv reads.
const (
	EnvAdminURL = "SHOTDESK_GOOGLE_ADMIN_URL"
	EnvTokenURL = "SHOTDESK_GOOGLE_TOKEN_URL"
	EnvKeyFile  = "SHOTDESK_GOOGLE_SA_JSON"
	EnvAdmin    = "SHOTDESK_GOOGLE_ADMIN"
)

// Config is how Shotdesk reaches one Google Workspace.
type Config struct {
	// ServiceAccountJSON is the service account's JSON key (the window
	// keeps it in the system keychain). When empty, ServiceAccountFile is
	// read instead.
	ServiceAccountJSON []byte
	// ServiceAccountFile is a path to the JSON key (the command line).
	ServiceAccountFile string
	// Admin is the email of the admin the service account acts as; the
	// directory allows what this admin's role allows.
	Admin string
	// AdminURL is the Admin SDK's base URL (default DefaultAdminURL; a
	// local fake in tests).
	AdminURL string
	// TokenURL is where the signed assertion is exchanged for an access
	// token (default DefaultTokenURL).
	TokenURL string
	// Customer names the Workspace account to list (default
	// "my_customer": the admin's own).
	Customer string
}

// ConfigFromEnv reads a Config from the SHOTDESK_GOOGLE_* variables.
// Missing variables are reported in words; New checks the rest.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		ServiceAccountFile: strings.TrimSpace(getenv(EnvKeyFile)),
		Admin:              strings.TrimSpace(getenv(EnvAdmin)),
		AdminURL:           strings.TrimSpace(getenv(EnvAdminURL)),
		TokenURL:           strings.TrimSpace(getenv(EnvTokenURL)),
	}
	var missing []string
	if cfg.ServiceAccountFile == "" {
		missing = append(missing, EnvKeyFile+" (the path of the service account's JSON key)")
	}
	if cfg.Admin == "" {
		missing = append(missing, EnvAdmin+" (the email of the admin Shotdesk acts as)")
	}
	if len(missing) > 0 {
		return cfg, fmt.Errorf("to publish to Google Workspace, set %s", strings.Join(missing, " and "))
	}
	return cfg, nil
}

// serviceAccount is what Shotdesk reads from the JSON key for itself (the
// oauth2 library reads the rest).
type serviceAccount struct {
	Type        string `json:"type"`
	ClientEmail string `json:"client_email"`
	ClientID    string `json:"client_id"`
	PrivateKey  string `json:"private_key"`
}

// keyJSON returns the JSON key, reading the file when the bytes were not given.
func (c Config) keyJSON() ([]byte, error) {
	if len(c.ServiceAccountJSON) > 0 {
		return c.ServiceAccountJSON, nil
	}
	if c.ServiceAccountFile == "" {
		return nil, errors.New("the service account's JSON key is missing: download it in the Google Cloud console (IAM & Admin → Service accounts → the account → Keys → Add key → JSON)")
	}
	data, err := os.ReadFile(c.ServiceAccountFile)
	if err != nil {
		return nil, fmt.Errorf("the service account's JSON key could not be read from %s: %w", c.ServiceAccountFile, err)
	}
	return data, nil
}

// parseKey checks the JSON key is a service account key with what the
// grant needs, in words that say which field is wrong.
func parseKey(data []byte) (serviceAccount, error) {
	var sa serviceAccount
	if err := json.Unmarshal(data, &sa); err != nil {
		return sa, fmt.Errorf("the service account key is not JSON (%v): use the JSON key file the Google Cloud console downloads", err)
	}
	switch {
	case sa.Type != "service_account":
		return sa, fmt.Errorf("the JSON key is of type %q, not a service account key (\"service_account\"): create a key for a service account, not an OAuth client", sa.Type)
	case sa.ClientEmail == "":
		return sa, errors.New("the service account key has no client_email")
	case sa.PrivateKey == "":
		return sa, errors.New("the service account key has no private_key")
	case sa.ClientID == "":
		return sa, errors.New("the service account key has no client_id (needed for domain-wide delegation)")
	}
	return sa, nil
}

// domainOf returns the part of an email after the @.
func domainOf(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return email[i+1:]
	}
	return ""
}
