package workflow

import (
	"strings"

	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/bamboohr"
	"github.com/shotdesk/shotdesk/internal/publish/entra"
	"github.com/shotdesk/shotdesk/internal/publish/google"
)

// The real directories. Each field names the environment variable the
// command line reads it from; base URLs come from the environment only
// (tests and local fakes), never from the connect form.
func init() {
	registerTarget(TargetKind{
		Name: "entra", Label: "Microsoft Entra ID (Microsoft 365)",
		Fields: []TargetField{
			{Key: "tenant", Label: "Directory (tenant) ID", Env: entra.EnvTenant,
				Help: "From the app registration's Overview in the Microsoft Entra admin center (or your domain, contoso.onmicrosoft.com)."},
			{Key: "clientId", Label: "Application (client) ID", Env: entra.EnvClientID},
			{Key: "clientSecret", Label: "Client secret", Env: entra.EnvClientSecret, Secret: true,
				Help: "The secret's Value (not its ID). The app needs the application permissions User.Read.All and ProfilePhoto.ReadWrite.All, with admin consent."},
		},
		build: func(f map[string]string, getenv func(string) string, cc publish.ClientConfig) (publish.Target, error) {
			return entra.New(entra.Config{Tenant: f["tenant"], ClientID: f["clientId"], ClientSecret: f["clientSecret"],
				GraphURL: getenv(entra.EnvGraphURL), LoginURL: getenv(entra.EnvLoginURL)}, cc)
		},
	})
	registerTarget(TargetKind{
		Name: "google", Label: "Google Workspace",
		Fields: []TargetField{
			{Key: "serviceAccount", Label: "Service account key (JSON)", Env: google.EnvKeyFile, Secret: true, Multiline: true,
				Help: "Paste the JSON key of a service account with domain-wide delegation for the scope " + google.Scope + ". The command line reads a path to the file instead."},
			{Key: "admin", Label: "Admin to act as", Env: google.EnvAdmin,
				Help: "The email of a Workspace admin whose role may read users and update their photos."},
		},
		build: func(f map[string]string, getenv func(string) string, cc publish.ClientConfig) (publish.Target, error) {
			cfg := google.Config{Admin: f["admin"], AdminURL: getenv(google.EnvAdminURL), TokenURL: getenv(google.EnvTokenURL)}
			if sa := f["serviceAccount"]; strings.HasPrefix(strings.TrimSpace(sa), "{") {
				cfg.ServiceAccountJSON = []byte(sa)
			} else {
				cfg.ServiceAccountFile = sa // the command line's path
			}
			return google.New(cfg, cc)
		},
	})
	registerTarget(TargetKind{
		Name: bamboohr.Name, Label: "BambooHR",
		Fields: []TargetField{
			{Key: "domain", Label: "Company subdomain", Env: bamboohr.EnvDomain,
				Help: "acme if you sign in at https://acme.bamboohr.com"},
			{Key: "key", Label: "API key", Env: bamboohr.EnvKey, Secret: true,
				Help: "In BambooHR: your photo or name → API Keys → Add New Key. The key's user needs permission to upload employee photos."},
		},
		build: func(f map[string]string, getenv func(string) string, cc publish.ClientConfig) (publish.Target, error) {
			return bamboohr.New(bamboohr.Config{BaseURL: getenv(bamboohr.EnvURL), Domain: f["domain"], APIKey: f["key"]}, cc)
		},
	})
}
