package sandbox

import (
	"context"
	"crypto/hmac"
	crand "crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for zero Options fields.
const (
	DefaultMembers   = 240
	DefaultAPIKey    = "sk_sandbox_demo"
	DefaultURLTTL    = 24 * time.Hour
	DefaultRateLimit = 300
	// MaxMembers bounds Options.Members; seed metadata for this many people
	// still builds in well under the 5 s start-up budget.
	MaxMembers = 200_000
)

//go:embed openapi.yaml
var specYAML []byte

// Spec returns the OpenAPI document the sandbox implements (openapi.yaml in
// this package, embedded at build time).
func Spec() []byte { return append([]byte(nil), specYAML...) }

// Options configures a Server. Zero fields get the defaults above.
type Options struct {
	Members   int   // people in the demo org (invites, incl. not yet joined); default 240
	Seed      int64 // drives every generated id, name, status and image
	APIKey    string
	URLTTL    time.Duration    // lifetime of signed photo URLs; default 24h
	RateLimit int              // requests per minute; default 300
	Clock     func() time.Time // nil = time.Now
	// ImageCacheDir, when set, keeps generated JPEGs on disk across runs
	// (files are named by photo seed, so a different seed never collides).
	// "" keeps them only in the in-memory LRU.
	ImageCacheDir string
	// ImageScale shrinks every generated photo (0 or 1 = real sizes, up to
	// 3000×4000). Tests that download many photos use e.g. 0.15 so images
	// generate in milliseconds, also under the race detector.
	ImageScale float64
}

// Server is a local HeadshotPro Organization API: the V2 routes, the CDN route and the
// /_sandbox control routes, over one in-memory organization.
type Server struct {
	opts    Options
	clock   *clock
	limiter *rateLimiter
	faults  *faultState
	secret  []byte
	macs    sync.Pool // of hmac.New(sha256.New, secret), reset before use
	images  *imageStore
	stats   counters
	handler http.Handler

	mu     sync.RWMutex // guards org and rng
	org    *org
	rng    *rand.Rand // runtime randomness (new photos), seeded from Seed
	anchor time.Time  // clock reading the org was seeded at

	lnMu  sync.Mutex
	srv   *http.Server
	ln    net.Listener
	conns connStates // of srv
}

type counters struct {
	api, cdn, cdnWithAuth, control atomic.Int64
	connections, cdnBytes          atomic.Int64
}

// New builds the seeded organization and the handler. It does not listen;
// use Handler with your own server (httptest) or Start.
func New(opts Options) (*Server, error) {
	if opts.Members < 0 || opts.Members > MaxMembers {
		return nil, fmt.Errorf("sandbox: members must be between 0 and %d, got %d", MaxMembers, opts.Members)
	}
	if opts.URLTTL < 0 || opts.RateLimit < 0 {
		return nil, errors.New("sandbox: URLTTL and RateLimit must not be negative")
	}
	if opts.Members == 0 {
		opts.Members = DefaultMembers
	}
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if strings.ContainsAny(opts.APIKey, " \t\r\n") {
		return nil, errors.New("sandbox: API key must not contain whitespace")
	}
	if opts.URLTTL == 0 {
		opts.URLTTL = DefaultURLTTL
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = DefaultRateLimit
	}
	secret := make([]byte, 32)
	if _, err := crand.Read(secret); err != nil {
		return nil, fmt.Errorf("sandbox: url signing secret: %w", err)
	}
	images, err := newImageStore(opts.ImageCacheDir, defaultImageBudget)
	if err != nil {
		return nil, fmt.Errorf("sandbox: image cache: %w", err)
	}
	s := &Server{
		opts:    opts,
		clock:   newClock(opts.Clock),
		limiter: newRateLimiter(opts.RateLimit),
		faults:  &faultState{},
		secret:  secret,
		images:  images,
	}
	s.macs.New = func() any { return hmac.New(sha256.New, secret) }
	s.seed()
	s.handler = s.routes()
	return s, nil
}

// seed (re)builds the organization from Options at the current clock.
func (s *Server) seed() {
	s.anchor = s.clock.now().Truncate(time.Millisecond)
	s.org = seedOrg(s.opts.Members, s.opts.Seed, s.anchor)
	s.rng = rand.New(rand.NewPCG(uint64(s.opts.Seed), 0xf00d))
}

// Handler serves everything: /api/v2/..., /cdn/photos/..., /_sandbox/...
func (s *Server) Handler() http.Handler { return s.handler }

// APIKey is the Bearer key the server accepts.
func (s *Server) APIKey() string { return s.opts.APIKey }

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
// The returned base URL ends with /api/v2. An unspecified host (":8787",
// "0.0.0.0:8787") is reported as 127.0.0.1 so the URL is usable locally.
func (s *Server) Start(addr string) (string, error) {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.srv != nil {
		return "", errors.New("sandbox: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ConnContext:       s.ConnContext,
		ConnState:         s.conns.track,
	}
	s.srv, s.ln = srv, ln
	go srv.Serve(ln) // returns http.ErrServerClosed on Close/Shutdown
	return baseURLFor(ln.Addr()), nil
}

func baseURLFor(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/api/v2"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/api/v2"
}

// Shutdown stops a server started with Start: it stops accepting, waits
// until no request is in progress or ctx ends, and then closes every
// connection still open. It is a no-op when Start was not called.
//
// It does not leave the waiting to http.Server.Shutdown alone: that counts a
// connection that was opened but has not sent a request yet as busy for its
// first 5 seconds, and HTTP clients open such connections ahead of need and
// may never use them. Waiting on those would make every stop take up to 5
// seconds, and fail outright when ctx is shorter; only real requests count.
func (s *Server) Shutdown(ctx context.Context) error {
	s.lnMu.Lock()
	srv := s.srv
	s.srv, s.ln = nil, nil
	s.lnMu.Unlock()
	if srv == nil {
		return nil
	}
	graceful := make(chan error, 1)
	go func() { graceful <- srv.Shutdown(ctx) }()
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	for {
		select {
		case err := <-graceful:
			if err != nil {
				_, running := s.conns.count()
				srv.Close()
				return fmt.Errorf("sandbox: shutdown: cut off %d request(s) still running: %w", running, err)
			}
			return nil
		case <-poll.C:
			if _, busy := s.conns.count(); busy == 0 {
				srv.Close() // the connections left have no request in progress
				<-graceful  // returns once Close has dropped them; its error says only that
				return nil
			}
		}
	}
}

// connStates follows a server's connections through its ConnState hook, to
// tell those serving a request from those that are not.
type connStates struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
}

func (c *connStates) track(conn net.Conn, state http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == nil {
		c.state = map[net.Conn]http.ConnState{}
	}
	if state == http.StateClosed || state == http.StateHijacked {
		delete(c.state, conn)
	} else {
		c.state[conn] = state
	}
}

// count returns how many connections are open and how many of those are
// serving a request.
func (c *connStates) count() (open, busy int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.state {
		if s == http.StateActive {
			busy++
		}
	}
	return len(c.state), busy
}

// Close shuts down a started server, giving in-flight requests 5 seconds.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(ctx)
}

// now is the sandbox clock.
func (s *Server) now() time.Time { return s.clock.now() }

func (s *Server) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, key, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(key)), []byte(s.opts.APIKey)) == 1
}

// origin is the scheme://host the client used to reach us; photo URLs are
// built on it so they work through httptest, a real listener or a tunnel.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
