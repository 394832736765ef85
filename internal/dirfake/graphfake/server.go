package graphfake

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The application permissions (app roles) the fake knows.
const (
	UserReadAll              = "User.Read.All"
	UserReadWriteAll         = "User.ReadWrite.All"
	DirectoryReadAll         = "Directory.Read.All"
	ProfilePhotoReadAll      = "ProfilePhoto.Read.All"
	ProfilePhotoReadWriteAll = "ProfilePhoto.ReadWrite.All"
)

// Defaults of Options.
const (
	DefaultTenant       = "contoso.onmicrosoft.com"
	DefaultTenantID     = "7d1c5b2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f"
	DefaultClientID     = "4f0c8a1e-6b2d-4c3e-8f9a-1b2c3d4e5f60"
	DefaultClientSecret = "fake~graph~secret"
	// GraphScope is the only scope the token endpoint grants.
	GraphScope = "https://graph.microsoft.com/.default"
	// MaxPhotoBytes is the request size Graph accepts for a photo (4 MB).
	MaxPhotoBytes = 4 << 20
)

// Client is an app registration: its credential and the application
// permissions an admin consented to.
type Client struct {
	ID, Secret  string
	Permissions []string
}

// Options configure a Server; zero values get the defaults.
type Options struct {
	// Tenant is the tenant's primary domain and TenantID its id; token
	// requests may name either.
	Tenant, TenantID string
	// Clients are the app registrations (default: one with DefaultClientID,
	// DefaultClientSecret and User.Read.All + ProfilePhoto.ReadWrite.All,
	// the least an app needs to publish).
	Clients []Client
	// TokenLifetime is how long an access token works (default 1 h).
	TokenLifetime time.Duration
	// RatePerSecond throttles Graph requests (not the token endpoint): a
	// bucket of RatePerSecond requests refilled at that rate; beyond it
	// the answer is 429 with Retry-After. 0 = no throttle.
	RatePerSecond int
	// Latency is added to every request before it is answered.
	Latency time.Duration
	// B2C makes the tenant an Azure AD B2C tenant, where Graph does not
	// manage user photos.
	B2C bool
	// BaseURL is the root the fake is reached at, for @odata.nextLink
	// (Start sets it; set it when mounting the handler yourself).
	BaseURL string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Account is a user in the fake tenant.
type Account struct {
	ID          string // object id; generated when empty
	UPN         string // userPrincipalName; required
	Mail        string // may be empty (an account without a mailbox)
	DisplayName string
	// Photo is the current photo (nil = none) and PhotoType its type.
	Photo     []byte
	PhotoType string
}

// Photo is a photo as stored.
type Photo struct {
	Data        []byte
	ContentType string
}

// Stats count the requests the fake answered, by kind and by outcome.
type Stats struct {
	Token  int // token requests (granted or not)
	List   int // GET /users pages
	Get    int // GET photo
	Put    int // PUT/PATCH photo
	Delete int // DELETE photo
	// Outcomes, over all Graph requests.
	Throttled    int // 429
	Unauthorized int // 401
	Forbidden    int // 403
	Faults       int // injected 5xx
}

// Server is the fake. It is an http.Handler.
type Server struct {
	mu       sync.Mutex
	opts     Options
	now      func() time.Time
	clients  map[string]*Client
	accounts []*account          // in listing order
	byKey    map[string]*account // id and lower-case UPN
	photos   map[[32]byte][]byte // content-addressed, each distinct photo once
	tokens   map[string]issued
	bucket   bucket
	stats    Stats
	// Faults.
	storm        int // next Graph requests answered 429
	stormAfter   int // its Retry-After, seconds
	failNext     int
	failStatus   int
	rejectTokens int

	lnMu sync.Mutex
	srv  *http.Server
}

type account struct {
	Account
	photo     *[32]byte // key into photos; nil = none
	photoType string
}

type issued struct {
	client  string
	expires time.Time
}

// New returns a fake tenant holding accounts (see People for a quick
// roster). An account without ID gets a stable generated one.
func New(opts Options, accounts ...Account) *Server {
	if opts.Tenant == "" {
		opts.Tenant = DefaultTenant
	}
	if opts.TenantID == "" {
		opts.TenantID = DefaultTenantID
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = time.Hour
	}
	if len(opts.Clients) == 0 {
		opts.Clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret,
			Permissions: []string{UserReadAll, ProfilePhotoReadWriteAll}}}
	}
	s := &Server{opts: opts, now: opts.Now, clients: map[string]*Client{}, byKey: map[string]*account{},
		photos: map[[32]byte][]byte{}, tokens: map[string]issued{}}
	if s.now == nil {
		s.now = time.Now
	}
	for _, c := range opts.Clients {
		c.Permissions = append([]string(nil), c.Permissions...)
		s.clients[c.ID] = &c
	}
	s.bucket = newBucket(opts.RatePerSecond, s.now())
	for i, a := range accounts {
		if a.ID == "" {
			a.ID = objectID(i)
		}
		acc := &account{Account: Account{ID: a.ID, UPN: a.UPN, Mail: a.Mail, DisplayName: a.DisplayName}}
		if a.Photo != nil {
			acc.photo, acc.photoType = s.keep(a.Photo), a.PhotoType
		}
		s.accounts = append(s.accounts, acc)
		s.byKey[strings.ToLower(a.ID)] = acc
		s.byKey[strings.ToLower(a.UPN)] = acc
	}
	return s
}

// objectID is a stable GUID-shaped id for the i-th seeded account.
func objectID(i int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", 0x5eed0000+i, i)
}

// keep stores data once per content and returns its key. Callers hold mu
// (or own s exclusively, as New does).
func (s *Server) keep(data []byte) *[32]byte {
	sum := sha256.Sum256(data)
	if _, ok := s.photos[sum]; !ok {
		s.photos[sum] = append([]byte(nil), data...)
	}
	return &sum
}

// Start listens on addr ("127.0.0.1:0" picks a port) and serves in the
// background. It returns the root URL, which is also the login URL; Graph
// is under GraphURL.
func (s *Server) Start(addr string) (string, error) {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.srv != nil {
		return "", errors.New("graphfake: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("graphfake: listen on %s: %w", addr, err)
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	s.mu.Lock()
	s.opts.BaseURL = "http://" + ln.Addr().String()
	s.mu.Unlock()
	go s.srv.Serve(ln) //nolint:errcheck // ends with ErrServerClosed on Close
	return s.URL(), nil
}

// Close stops a started server within about a second.
func (s *Server) Close() error {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.srv == nil {
		return nil
	}
	// A short grace for requests being answered; then connections a client
	// opened but never used (which Shutdown would wait 5 s for) are cut.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	s.srv = nil
	return err
}

// URL is the root: the login URL (token endpoint under /{tenant}/…).
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.TrimRight(s.opts.BaseURL, "/")
}

// GraphURL is the Graph base URL (root + "/v1.0").
func (s *Server) GraphURL() string { return s.URL() + "/v1.0" }

// Tenant is the tenant's primary domain.
func (s *Server) Tenant() string { return s.opts.Tenant }

// ---- faults ---------------------------------------------------------------

// Storm answers the next k Graph requests 429 with Retry-After seconds.
func (s *Server) Storm(k, retryAfterSeconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storm, s.stormAfter = k, retryAfterSeconds
}

// FailNext answers the next k Graph requests with status (a 5xx).
func (s *Server) FailNext(k, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failStatus = k, status
}

// RejectTokens answers the next k Graph requests 401 whatever their token
// (a token revoked early, or a tenant refusing the app).
func (s *Server) RejectTokens(k int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectTokens = k
}

// ExpireTokens makes every token issued so far expired.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// SetPermissions replaces the application permissions of a client; they
// apply to its tokens at once.
func (s *Server) SetPermissions(clientID string, perms ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clients[clientID]; ok {
		c.Permissions = append([]string(nil), perms...)
	}
}

// SetRate changes the throttle (0 = none), starting with a full bucket.
func (s *Server) SetRate(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bucket = newBucket(perSecond, s.now())
}

// SetLatency changes the latency added to every request.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Latency = d
}

// ---- state ------------------------------------------------------------------

// Photo returns the current photo of the account with this id or UPN.
func (s *Server) Photo(idOrUPN string) (Photo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.byKey[strings.ToLower(idOrUPN)]
	if a == nil || a.photo == nil {
		return Photo{}, false
	}
	return Photo{Data: s.photos[*a.photo], ContentType: a.photoType}, true
}

// SetPhoto gives an account a photo (nil data removes it), as another
// admin or the person would.
func (s *Server) SetPhoto(idOrUPN string, data []byte, contentType string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.byKey[strings.ToLower(idOrUPN)]
	if a == nil {
		return fmt.Errorf("graphfake: no account %q", idOrUPN)
	}
	if data == nil {
		a.photo, a.photoType = nil, ""
		return nil
	}
	a.photo, a.photoType = s.keep(data), contentType
	return nil
}

// Accounts lists the accounts (without photos) in listing order.
func (s *Server) Accounts() []Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Account, len(s.accounts))
	for i, a := range s.accounts {
		out[i] = Account{ID: a.ID, UPN: a.UPN, Mail: a.Mail, DisplayName: a.DisplayName}
	}
	return out
}

// Stats returns the request counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// ---- serving ---------------------------------------------------------------

// ServeHTTP routes a request after the configured latency.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	latency := s.opts.Latency
	s.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	path := r.URL.Path
	switch {
	case strings.HasSuffix(path, "/oauth2/v2.0/token"):
		s.serveToken(w, r, strings.Trim(strings.TrimSuffix(path, "/oauth2/v2.0/token"), "/"))
	case path == "/v1.0/users":
		s.serveGraph(w, r, kindList, "")
	case strings.HasPrefix(path, "/v1.0/users/"):
		rest := strings.TrimPrefix(path, "/v1.0/users/")
		user, sub, _ := strings.Cut(rest, "/")
		switch {
		case sub == "photo/$value" && r.Method == http.MethodGet:
			s.serveGraph(w, r, kindGet, user)
		case sub == "photo/$value" && (r.Method == http.MethodPut || r.Method == http.MethodPatch):
			s.serveGraph(w, r, kindPut, user)
		case (sub == "photo/$value" || sub == "photo") && r.Method == http.MethodDelete:
			s.serveGraph(w, r, kindDelete, user)
		case sub == "photo/$value" || sub == "photo":
			graphError(w, http.StatusMethodNotAllowed, "Request_BadRequest", "The method is not allowed for this resource.")
		default:
			graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "The fake serves only users and their photos.")
		}
	default:
		graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "Resource not found: "+path)
	}
}

type kind int

const (
	kindList kind = iota
	kindGet
	kindPut
	kindDelete
)

// serveGraph applies, in Graph's order, the faults, the throttle and the
// token check, then the operation.
func (s *Server) serveGraph(w http.ResponseWriter, r *http.Request, k kind, user string) {
	s.mu.Lock()
	switch k {
	case kindList:
		s.stats.List++
	case kindGet:
		s.stats.Get++
	case kindPut:
		s.stats.Put++
	case kindDelete:
		s.stats.Delete++
	}
	now := s.now()
	switch {
	case s.failNext > 0:
		s.failNext--
		s.stats.Faults++
		status := s.failStatus
		s.mu.Unlock()
		graphError(w, status, "generalException", "An injected failure of the fake.")
		return
	case s.storm > 0:
		s.storm--
		s.stats.Throttled++
		after := s.stormAfter
		s.mu.Unlock()
		tooMany(w, after)
		return
	}
	if ok, wait := s.bucket.take(now); !ok {
		s.stats.Throttled++
		s.mu.Unlock()
		tooMany(w, int((wait+time.Second-1)/time.Second))
		return
	}
	client, ok := s.authenticate(r, now)
	if !ok {
		s.stats.Unauthorized++
		s.mu.Unlock()
		w.Header().Set("WWW-Authenticate", `Bearer realm="", error="invalid_token"`)
		graphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
		return
	}
	perms := client.Permissions
	if k != kindList && s.opts.B2C {
		s.mu.Unlock()
		graphError(w, http.StatusBadRequest, "Request_BadRequest", "Managing users' photos is not supported in Azure AD B2C tenants.")
		return
	}
	switch k {
	case kindList:
		if !hasAny(perms, UserReadAll, UserReadWriteAll, DirectoryReadAll) {
			s.stats.Forbidden++
			s.mu.Unlock()
			graphError(w, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
			return
		}
		s.listLocked(w, r) // unlocks
	case kindGet:
		if !hasAny(perms, ProfilePhotoReadAll, ProfilePhotoReadWriteAll, UserReadAll, UserReadWriteAll) {
			s.stats.Forbidden++
			s.mu.Unlock()
			graphError(w, http.StatusForbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
			return
		}
		s.getPhotoLocked(w, user) // unlocks
	case kindPut, kindDelete:
		if !hasAny(perms, ProfilePhotoReadWriteAll, UserReadWriteAll) {
			s.stats.Forbidden++
			s.mu.Unlock()
			graphError(w, http.StatusForbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
			return
		}
		if k == kindPut {
			s.mu.Unlock()
			s.putPhoto(w, r, user)
			return
		}
		s.deletePhotoLocked(w, user) // unlocks
	}
}

// authenticate checks the bearer token. Callers hold mu.
func (s *Server) authenticate(r *http.Request, now time.Time) (*Client, bool) {
	if s.rejectTokens > 0 {
		s.rejectTokens--
		return nil, false
	}
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return nil, false
	}
	t, ok := s.tokens[strings.TrimSpace(tok)]
	if !ok || !now.Before(t.expires) {
		return nil, false
	}
	c, ok := s.clients[t.client]
	return c, ok
}

func hasAny(have []string, want ...string) bool {
	for _, h := range have {
		for _, w := range want {
			if strings.EqualFold(h, w) {
				return true
			}
		}
	}
	return false
}

func tooMany(w http.ResponseWriter, retryAfter int) {
	w.Header().Set("Retry-After", strconv.Itoa(max(retryAfter, 0)))
	graphError(w, http.StatusTooManyRequests, "TooManyRequests", "Too many requests. Please try again later.")
}

// graphError writes Graph's error envelope.
func graphError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message,
		"innerError": map[string]string{"date": time.Now().UTC().Format("2006-01-02T15:04:05"), "request-id": "00000000-0000-0000-0000-000000000000"}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// bucket is the throttle: capacity requests at once, refilled at rate per
// second. A zero rate never throttles.
type bucket struct {
	rate, tokens float64
	last         time.Time
}

func newBucket(perSecond int, now time.Time) bucket {
	return bucket{rate: float64(perSecond), tokens: float64(perSecond), last: now}
}

// take spends one request, or says how long until one is available.
func (b *bucket) take(now time.Time) (bool, time.Duration) {
	if b.rate <= 0 {
		return true, 0
	}
	if now.After(b.last) {
		b.tokens = min(b.rate, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}
