package entra

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// tokenFunc fetches an app-only token with the client credentials grant
// (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
// The publish client caches it and asks again near its expiry or after a
// 401, so every call here is a fresh request. base carries the
// transport tests may set; the token request never goes through the
// publish client (it would add a Bearer header to the sign-in itself).
func tokenFunc(c Config, base http.RoundTripper) publish.TokenFunc {
	cc := &clientcredentials.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		TokenURL:     c.loginURL() + "/" + url.PathEscape(c.Tenant) + "/oauth2/v2.0/token",
		Scopes:       []string{graphScope(c.graphURL())},
		// The identity platform takes the secret in the form; saying so
		// saves the library's probe of the other style on every failure.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	hc := &http.Client{Transport: base, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("the sign-in service redirected; refusing to send the secret elsewhere")
	}}
	tenant := c.Tenant
	return func(ctx context.Context) (publish.Token, error) {
		tok, err := cc.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err != nil {
			return publish.Token{}, tokenError(tenant, err)
		}
		return publish.Token{Value: tok.AccessToken, Expiry: tok.Expiry}, nil
	}
}

// graphScope is the scope of the Graph at graphURL: "<origin>/.default"
// (https://graph.microsoft.com/.default; a national cloud's Graph has its
// own host). A local fake stands in for the global Graph.
func graphScope(graphURL string) string {
	u, err := url.Parse(graphURL)
	if err != nil || u.Scheme != "https" {
		return "https://graph.microsoft.com/.default"
	}
	return "https://" + u.Host + "/.default"
}

// tokenError turns a refused sign-in into words. The identity platform's
// AADSTS codes (https://learn.microsoft.com/entra/identity-platform/reference-error-codes)
// tell which setting is wrong; all of them stop the run, since every
// further request would be refused the same way.
func tokenError(tenant string, err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return fmt.Errorf("%w: sign in to Microsoft: %v", publish.ErrUnreachable, err)
	}
	desc := re.ErrorDescription
	var words string
	switch {
	case strings.Contains(desc, "AADSTS90002") || strings.Contains(desc, "AADSTS900023") || strings.Contains(desc, "AADSTS90013"):
		words = fmt.Sprintf("Microsoft does not know the tenant %q. Use the Directory (tenant) ID from the app registration's Overview page in the Microsoft Entra admin center.", tenant)
	case strings.Contains(desc, "AADSTS700016"):
		words = fmt.Sprintf("The tenant %q has no app registration with this client ID. Copy the Application (client) ID from the app registration's Overview page, and check it belongs to this tenant.", tenant)
	case strings.Contains(desc, "AADSTS7000222"):
		words = "The app registration's client secret has expired. Create a new one (App registrations → your app → Certificates & secrets → New client secret) and enter its Value."
	case strings.Contains(desc, "AADSTS7000215") || re.ErrorCode == "invalid_client":
		words = "Microsoft refused the client secret. Enter the secret's Value (not its Secret ID) from App registrations → your app → Certificates & secrets; create a new one if it was not copied."
	case strings.Contains(desc, "AADSTS7000112") || strings.Contains(desc, "AADSTS700024"):
		words = "The app registration is disabled in this tenant. Enable it under Enterprise applications → your app → Properties (Enabled for users to sign in: Yes)."
	case re.Response != nil && re.Response.StatusCode >= 500:
		return fmt.Errorf("%w: Microsoft's sign-in service answered HTTP %d: %v", publish.ErrUnreachable, re.Response.StatusCode, err)
	default:
		words = "Microsoft refused Shotdesk's sign-in: " + firstLine(desc, re.ErrorCode) + " Check the tenant, client ID and client secret of the app registration."
	}
	return publish.Stop(words, err)
}

// firstLine is the first line of an AADSTS description (the rest is trace
// and correlation ids), or the bare error code.
func firstLine(desc, code string) string {
	if desc == "" {
		return code + "."
	}
	line, _, _ := strings.Cut(desc, "\n")
	line, _, _ = strings.Cut(line, " Trace ID:")
	line = strings.TrimSpace(line)
	if !strings.HasSuffix(line, ".") {
		line += "."
	}
	return line
}
