package google

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/jwt"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// delegationWords says how to authorise the service account for the scope.
func delegationWords(clientID string) string {
	return fmt.Sprintf("In the Google Admin console (admin.google.com) go to Security → Access and data control → API controls → "+
		"Manage Domain Wide Delegation, and add the client ID %s with the OAuth scope %s "+
		"(only a super admin can do this; it can take a few minutes to apply).", clientID, Scope)
}

// tokenFunc returns the publish.TokenFunc that signs a JWT assertion with
// the service account's key (sub = the admin) and exchanges it at the
// token URL through client, so the exchange gets the shared client's
// retries on 5xx and 429.
func tokenFunc(conf *jwt.Config, client *http.Client, sa serviceAccount, admin string) publish.TokenFunc {
	return func(ctx context.Context) (publish.Token, error) {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, client)
		// A fresh source each time: the shared client caches the token and
		// asks again only when it expires or is refused.
		tok, err := conf.TokenSource(ctx).Token()
		if err != nil {
			return publish.Token{}, tokenError(err, sa, admin)
		}
		return publish.Token{Value: tok.AccessToken, Expiry: tok.Expiry}, nil
	}
}

// tokenError turns the token endpoint's refusal into a StopError whose
// words say what to change; Google answers (RFC 6749 errors):
//   - 401 unauthorized_client: the client ID is not allowed the scope
//     (domain-wide delegation missing or without this scope);
//   - 400 invalid_grant "Invalid email or User ID": the admin does not exist;
//   - 400 invalid_grant on the signature or the account: the key was
//     deleted or disabled.
//
// Network failures and 5xx after the shared client's retries stay plain
// errors (not the credentials' fault).
func tokenError(err error, sa serviceAccount, admin string) error {
	var rerr *oauth2.RetrieveError
	if !errors.As(err, &rerr) {
		return fmt.Errorf("get an access token from Google: %w", err)
	}
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(rerr.Body, &body)
	status := 0
	if rerr.Response != nil {
		status = rerr.Response.StatusCode
	}
	detail := fmt.Errorf("token endpoint: HTTP %d %s: %s", status, body.Error, body.Description)
	desc := strings.ToLower(body.Description)
	switch {
	case status >= 500 || status == http.StatusTooManyRequests:
		return fmt.Errorf("get an access token from Google: %w", detail)
	case body.Error == "unauthorized_client" || body.Error == "access_denied":
		return publish.Stop("Google Workspace did not let Shotdesk's service account act as "+admin+": "+
			"its client ID is not authorised for the scope Shotdesk needs. "+delegationWords(sa.ClientID), detail)
	case body.Error == "invalid_grant" && strings.Contains(desc, "email or user id"):
		return publish.Stop("Google Workspace does not know the admin "+admin+". Check the admin's email address "+
			"(SHOTDESK_GOOGLE_ADMIN on the command line): it must be an existing user of your domain with an admin role.", detail)
	case body.Error == "invalid_grant" && (strings.Contains(desc, "signature") || strings.Contains(desc, "account not found") || strings.Contains(desc, "not found")):
		return publish.Stop("Google refused the service account key of "+sa.ClientEmail+": it was deleted, disabled or replaced. "+
			"Create a new JSON key (Google Cloud console → IAM & Admin → Service accounts → "+sa.ClientEmail+" → Keys → Add key) and give it to Shotdesk.", detail)
	case body.Error == "invalid_grant" && (strings.Contains(desc, "timeframe") || strings.Contains(desc, "iat") || strings.Contains(desc, "exp")):
		return publish.Stop("Google refused Shotdesk's sign-in because this computer's clock is off. Set the clock to the correct time (automatic time) and try again.", detail)
	}
	return publish.Stop("Google refused Shotdesk's sign-in as "+admin+" ("+strings.TrimSpace(body.Error+" "+body.Description)+"). "+
		"Check the service account key and the domain-wide delegation. "+delegationWords(sa.ClientID), detail)
}

// rateLimitTransport turns the Directory API's documented throttling
// answers — 403 with reason userRateLimitExceeded, rateLimitExceeded or
// quotaExceeded (https://developers.google.com/workspace/admin/directory/v1/limits)
// — into 429 Too Many Requests, so publish.NewClient pauses every request
// and slows its pace as it does for any throttling target, instead of
// taking them for a missing permission.
type rateLimitTransport struct{ base http.RoundTripper }

func (t rateLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusForbidden {
		return resp, err
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr == nil && isRateLimit(body) {
		resp.StatusCode, resp.Status = http.StatusTooManyRequests, "429 Too Many Requests (Google: 403 rate limit)"
	}
	return resp, nil
}

// isRateLimit reports whether a Google error body names a rate or quota
// reason.
func isRateLimit(body []byte) bool {
	var e struct {
		Error struct {
			Errors []struct {
				Reason string `json:"reason"`
			} `json:"errors"`
			Status string `json:"status"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	reasons := make([]string, 0, len(e.Error.Errors))
	for _, r := range e.Error.Errors {
		reasons = append(reasons, r.Reason)
	}
	if isRateLimitReason(reasons) {
		return true
	}
	return e.Error.Status == "RESOURCE_EXHAUSTED"
}

// isRateLimitReason reports a reason that a pause lifts (not the daily
// limit, which does not).
func isRateLimitReason(reasons []string) bool {
	for _, r := range reasons {
		switch r {
		case "userRateLimitExceeded", "rateLimitExceeded", "quotaExceeded":
			return true
		}
	}
	return false
}
