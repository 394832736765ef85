package graphfake

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
)

// serveToken is the identity platform's client credentials grant for one
// tenant (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request, tenant string) {
	s.mu.Lock()
	s.stats.Token++
	s.mu.Unlock()
	if r.Method != http.MethodPost {
		tokenError(w, http.StatusMethodNotAllowed, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.")
		return
	}
	if !strings.EqualFold(tenant, s.opts.Tenant) && !strings.EqualFold(tenant, s.opts.TenantID) {
		tokenError(w, http.StatusBadRequest, "invalid_request", "AADSTS90002: Tenant '"+tenant+"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
		return
	}
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.")
		return
	}
	if g := r.PostForm.Get("grant_type"); g != "client_credentials" {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type '"+g+"'.")
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	s.mu.Lock()
	c, ok := s.clients[id]
	var want string
	if ok {
		want = c.Secret
	}
	s.mu.Unlock()
	switch {
	case !ok:
		tokenError(w, http.StatusBadRequest, "unauthorized_client", "AADSTS700016: Application with identifier '"+id+"' was not found in the directory '"+s.opts.Tenant+"'.")
		return
	case subtle.ConstantTimeCompare([]byte(secret), []byte(want)) != 1:
		tokenError(w, http.StatusUnauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")
		return
	}
	if scope := r.PostForm.Get("scope"); scope != GraphScope {
		tokenError(w, http.StatusBadRequest, "invalid_scope", "AADSTS1002012: The provided value for scope "+scope+" is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
		return
	}
	buf := make([]byte, 24)
	_, _ = rand.Read(buf)
	tok := "fake." + hex.EncodeToString(buf)
	s.mu.Lock()
	lifetime := s.opts.TokenLifetime
	now := s.now()
	for t, is := range s.tokens { // forget expired tokens: the map stays small
		if !now.Before(is.expires) {
			delete(s.tokens, t)
		}
	}
	s.tokens[tok] = issued{client: id, expires: now.Add(lifetime)}
	s.mu.Unlock()
	secs := int(lifetime.Seconds())
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": tok})
}

func tokenError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": description,
		"error_codes": []int{}, "trace_id": "00000000-0000-0000-0000-000000000000"})
}
