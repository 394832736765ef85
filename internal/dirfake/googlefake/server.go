package googlefake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// User is one account of the fake Workspace.
type User struct {
	ID    string // default: a number derived from the position
	Email string
	Name  string
	// Aliases are further addresses of the user (they work as userKey).
	Aliases []string
	// Admin: the user holds an admin role that may read and update users,
	// so a service account acting as them may publish.
	Admin bool
	// Photo is the user's current photo (nil = none), as Google would
	// return it.
	Photo []byte
	// SelfSetPhoto: the user set Photo themselves. Google's update then
	// answers 200 without replacing it; only a delete clears it.
	SelfSetPhoto bool
}

// Options configure a Server.
type Options struct {
	// Domain is the primary domain (users.list?domain=…); default
	// "example.com".
	Domain string
	// CustomerID is the Workspace account id (besides "my_customer");
	// default "C0fake01".
	CustomerID string
	Users      []User
	// ServiceAccounts may sign in, each with its delegated scopes.
	ServiceAccounts []*ServiceAccount
	// TokenLifetime is how long an access token works (default 1 h, like
	// Google).
	TokenLifetime time.Duration
	// RatePerSecond throttles the API to N requests a second (0 = none).
	RatePerSecond int
	// RetryAfter is the Retry-After of a 429 (default 1 s). Google sends
	// whole seconds; a fraction ("0.01") keeps tests fast.
	RetryAfter time.Duration
	// ThrottleAs403 throttles the way the Directory API documents it, 403
	// userRateLimitExceeded without Retry-After, instead of 429.
	ThrottleAs403 bool
	// Latency is added to every request.
	Latency time.Duration
	// Thumbnail stores what Google documents it keeps: the photo downsized
	// to 96×96 (a JPEG), instead of the bytes sent.
	Thumbnail bool
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Kinds of requests counted by Requests.
const (
	KindToken        = "token"
	KindList         = "users.list"
	KindPhotoGet     = "photos.get"
	KindPhotoUpdate  = "photos.update"
	KindPhotoDelete  = "photos.delete"
	KindThrottled    = "throttled"    // answered 429 / 403 rate limit
	KindUnauthorized = "unauthorized" // answered 401
	KindFailed       = "failed"       // answered 5xx by a fault
)

type account struct {
	User
	photoType string // "image/jpeg", …
	etag      int
}

type issued struct {
	subject string
	scopes  []string
	expiry  time.Time
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	mux *http.ServeMux

	mu       sync.Mutex
	opts     Options
	users    []*account // sorted by email
	byKey    map[string]*account
	accounts map[string]*ServiceAccount // by client_email
	tokens   map[string]issued
	counts   map[string]int
	recent   []time.Time // accepted API requests of the last second
	storm    int
	failures int
	failWith int
	forbid   bool

	srv *http.Server
	url string
}

// New returns a Server seeded with opts.Users.
func New(opts Options) *Server {
	if opts.Domain == "" {
		opts.Domain = "example.com"
	}
	if opts.CustomerID == "" {
		opts.CustomerID = "C0fake01"
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = time.Hour
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts, byKey: map[string]*account{}, accounts: map[string]*ServiceAccount{},
		tokens: map[string]issued{}, counts: map[string]int{}}
	for i, u := range opts.Users {
		if u.ID == "" {
			u.ID = fmt.Sprintf("1%020d", i+1)
		}
		a := &account{User: u}
		a.Aliases = slices.Clone(u.Aliases)
		if u.Photo != nil {
			a.Photo = slices.Clone(u.Photo)
			a.photoType = sniff(u.Photo)
		}
		s.users = append(s.users, a)
		for _, k := range append([]string{u.ID, u.Email}, u.Aliases...) {
			s.byKey[strings.ToLower(k)] = a
		}
	}
	slices.SortFunc(s.users, func(a, b *account) int { return strings.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)) })
	for _, sa := range opts.ServiceAccounts {
		s.accounts[sa.Email] = sa
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /token", s.handleToken)
	s.mux.HandleFunc("GET /admin/directory/v1/users", s.api(KindList, ScopeUserReadonly, s.handleList))
	photo := "/admin/directory/v1/users/{userKey}/photos/thumbnail"
	s.mux.HandleFunc("GET "+photo, s.api(KindPhotoGet, ScopeUserReadonly, s.handlePhotoGet))
	s.mux.HandleFunc("PUT "+photo, s.api(KindPhotoUpdate, ScopeUser, s.handlePhotoUpdate))
	s.mux.HandleFunc("PATCH "+photo, s.api(KindPhotoUpdate, ScopeUser, s.handlePhotoUpdate))
	s.mux.HandleFunc("DELETE "+photo, s.api(KindPhotoDelete, ScopeUser, s.handlePhotoDelete))
	return s
}

// ServeHTTP serves the token endpoint (POST /token) and the Directory API
// (/admin/directory/v1/…).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Start serves on addr ("127.0.0.1:0" picks a free port) until Close.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("googlefake: listen on %s: %w", addr, err)
	}
	s.mu.Lock()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.url = "http://" + ln.Addr().String()
	srv := s.srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	return nil
}

// Close stops serving.
func (s *Server) Close() error {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Close()
}

// URL is the base URL once started ("http://127.0.0.1:port"): the Admin
// SDK URL.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// TokenURL is the token endpoint once started.
func (s *Server) TokenURL() string { return s.URL() + "/token" }

// --- faults -------------------------------------------------------------

// Storm makes the next k API requests throttled.
func (s *Server) Storm(k int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storm = k
}

// Fail makes the next k API requests answer status (a 5xx).
func (s *Server) Fail(k, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures, s.failWith = k, status
}

// ExpireTokens makes every access token issued so far stop working now.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// Forbid takes the admin role away from every user (on) or gives it back:
// the API then answers 403 "Not Authorized to access this resource/api".
func (s *Server) Forbid(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forbid = on
}

// SetRate changes the throttle (requests per second, 0 = none).
func (s *Server) SetRate(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.RatePerSecond = n
	s.recent = nil
}

// SetLatency changes the latency added to every request.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Latency = d
}

// Delegate sets the scopes the Admin console authorises for a client ID
// (none = the delegation is removed).
func (s *Server) Delegate(clientID string, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sa := range s.accounts {
		if sa.ClientID == clientID {
			sa.Scopes = slices.Clone(scopes)
		}
	}
}

// --- state --------------------------------------------------------------

// Photo returns the stored photo of the user a userKey (email, alias or
// id) names, and its content type; ok is false when there is none.
func (s *Server) Photo(userKey string) (data []byte, contentType string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.byKey[strings.ToLower(userKey)]
	if a == nil || a.Photo == nil {
		return nil, "", false
	}
	return slices.Clone(a.Photo), a.photoType, true
}

// Requests returns how many requests of a kind (Kind…) were received.
func (s *Server) Requests(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

// Counts returns every request count by kind.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// --- plumbing -----------------------------------------------------------

func (s *Server) count(kind string) {
	s.mu.Lock()
	s.counts[kind]++
	s.mu.Unlock()
}

func (s *Server) delay(ctx context.Context) {
	s.mu.Lock()
	d := s.opts.Latency
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// api wraps a Directory API handler with what every call meets, in
// Google's order as far as it shows: faults, the bearer token (401), the
// throttle, the token's scope and the admin's role (403).
func (s *Server) api(kind, scope string, h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.delay(r.Context())
		s.count(kind)
		s.mu.Lock()
		now := s.opts.Now()
		if s.failures > 0 {
			s.failures--
			status := s.failWith
			s.counts[KindFailed]++
			s.mu.Unlock()
			apiError(w, status, "backendError", "Backend Error")
			return
		}
		tok, ok := s.tokens[bearer(r)]
		if !ok || !now.Before(tok.expiry) {
			s.counts[KindUnauthorized]++
			s.mu.Unlock()
			w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
			writeJSON(w, http.StatusUnauthorized, errorBody(http.StatusUnauthorized, "authError",
				"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
				"UNAUTHENTICATED"))
			return
		}
		if s.throttled(now) {
			s.counts[KindThrottled]++
			as403, wait := s.opts.ThrottleAs403, s.opts.RetryAfter
			s.mu.Unlock()
			if as403 {
				apiError(w, http.StatusForbidden, "userRateLimitExceeded", "User Rate Limit Exceeded")
				return
			}
			w.Header().Set("Retry-After", strconv.FormatFloat(wait.Seconds(), 'f', -1, 64))
			writeJSON(w, http.StatusTooManyRequests, errorBody(http.StatusTooManyRequests, "rateLimitExceeded",
				"Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.",
				"RESOURCE_EXHAUSTED"))
			return
		}
		if !hasScope(tok.scopes, scope) {
			s.mu.Unlock()
			writeJSON(w, http.StatusForbidden, errorBody(http.StatusForbidden, "insufficientPermissions",
				"Request had insufficient authentication scopes.", "PERMISSION_DENIED"))
			return
		}
		subject := s.byKey[strings.ToLower(tok.subject)]
		if s.forbid || subject == nil || !subject.Admin {
			s.mu.Unlock()
			apiError(w, http.StatusForbidden, "forbidden", "Not Authorized to access this resource/api")
			return
		}
		s.mu.Unlock()
		h(w, r, tok.subject)
	}
}

// throttled reports (under s.mu) whether this request is over the limit,
// and records it when it is not.
func (s *Server) throttled(now time.Time) bool {
	if s.storm > 0 {
		s.storm--
		return true
	}
	if s.opts.RatePerSecond <= 0 {
		return false
	}
	cut := 0
	for cut < len(s.recent) && now.Sub(s.recent[cut]) >= time.Second {
		cut++
	}
	s.recent = s.recent[cut:]
	if len(s.recent) >= s.opts.RatePerSecond {
		return true
	}
	s.recent = append(s.recent, now)
	return false
}

func hasScope(granted []string, need string) bool {
	for _, g := range granted {
		// The read-write scope also allows what the read-only one does.
		if g == need || (need == ScopeUserReadonly && g == ScopeUser) {
			return true
		}
	}
	return false
}

func bearer(r *http.Request) string {
	v := r.Header.Get("Authorization")
	if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
		return strings.TrimSpace(v[7:])
	}
	return ""
}

func newAccessToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "ya29.fake-" + hex.EncodeToString(b)
}

// errorBody is Google's JSON error envelope.
func errorBody(code int, reason, message, status string) map[string]any {
	e := map[string]any{
		"code":    code,
		"message": message,
		"errors":  []map[string]string{{"message": message, "domain": "global", "reason": reason}},
	}
	if status != "" {
		e["status"] = status
	}
	return map[string]any{"error": e}
}

func apiError(w http.ResponseWriter, code int, reason, message string) {
	writeJSON(w, code, errorBody(code, reason, message, ""))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
