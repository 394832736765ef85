package googlefake

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// handleToken is Google's token endpoint for a service account's signed
// JWT assertion (RFC 7523), with domain-wide delegation: the assertion's
// sub is the user to act as.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.delay(r.Context())
	s.count(KindToken)
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "Could not read the request.")
		return
	}
	if g := r.PostForm.Get("grant_type"); g != jwtBearerGrant {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+g)
		return
	}
	parts := strings.Split(r.PostForm.Get("assertion"), ".")
	if len(parts) != 3 {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT: the assertion is not a signed JWT.")
		return
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	var claims struct {
		Iss   string `json:"iss"`
		Scope string `json:"scope"`
		Aud   string `json:"aud"`
		Exp   int64  `json:"exp"`
		Iat   int64  `json:"iat"`
		Sub   string `json:"sub"`
	}
	if decodeSegment(parts[0], &header) != nil || decodeSegment(parts[1], &claims) != nil {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT: the assertion could not be decoded.")
		return
	}
	s.mu.Lock()
	sa := s.accounts[claims.Iss]
	var scopes []string
	if sa != nil {
		scopes = append(scopes, sa.Scopes...)
	}
	now, lifetime := s.opts.Now(), s.opts.TokenLifetime
	s.mu.Unlock()
	if sa == nil {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid grant: account not found")
		return
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err != nil || header.Alg != "RS256" || (header.Kid != "" && header.Kid != sa.KeyID) ||
		rsa.VerifyPKCS1v15(&sa.Key.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT Signature.")
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if want := scheme + "://" + r.Host + "/token"; claims.Aud != want {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT: Failed audience check. The expected audience is "+want+".")
		return
	}
	iat, exp := time.Unix(claims.Iat, 0), time.Unix(claims.Exp, 0)
	if exp.Sub(iat) > time.Hour || !now.Before(exp) || iat.After(now.Add(5*time.Minute)) {
		tokenError(w, http.StatusBadRequest, "invalid_grant",
			"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
		return
	}
	asked := strings.Fields(claims.Scope)
	if len(asked) == 0 {
		tokenError(w, http.StatusBadRequest, "invalid_scope", "Empty or missing scope not allowed.")
		return
	}
	if claims.Sub != "" {
		// Domain-wide delegation: every scope asked for must be authorised
		// for the client ID in the Admin console.
		for _, a := range asked {
			if !contains(scopes, a) {
				tokenError(w, http.StatusUnauthorized, "unauthorized_client",
					"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
				return
			}
		}
		s.mu.Lock()
		_, known := s.byKey[strings.ToLower(claims.Sub)]
		s.mu.Unlock()
		if !known {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid email or User ID")
			return
		}
	}
	token := newAccessToken()
	s.mu.Lock()
	s.tokens[token] = issued{subject: claims.Sub, scopes: asked, expiry: now.Add(lifetime)}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": token,
		"expires_in":   int(lifetime.Seconds()),
		"token_type":   "Bearer",
	})
}

func decodeSegment(seg string, v any) error {
	data, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func tokenError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
