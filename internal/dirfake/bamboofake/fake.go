package bamboofake

import (
	"bytes"
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultDomain = "acme"
	DefaultKey    = "bamboo-demo-key"
	// MaxPhotoBytes is BambooHR's documented 20 MB upload limit, read as
	// 20,000,000 bytes (the stricter of the two readings), like the target.
	MaxPhotoBytes = 20_000_000
	// MinPhotoSide is the smallest side BambooHR accepts (150×150).
	MinPhotoSide = 150
)

// Employee is one person in the fake company.
type Employee struct {
	ID        string // assigned ("101", "102", …) when empty
	Email     string // the work email
	FirstName string
	LastName  string
	Photo     []byte // the current photo; nil = none
	// Hidden employees are left out of the directory by the company
	// (contractors, commonly); custom reports still list them.
	Hidden bool
	// Inactive (terminated) employees are out of the directory; custom
	// reports list them with status "Inactive".
	Inactive bool
}

// Options configures a Server.
type Options struct {
	Domain string // the company subdomain; default DefaultDomain
	// Key is the API key of a user who may upload photos; default DefaultKey.
	Key string
	// ReadOnlyKey is the API key of a user who may list employees and see
	// photos but not upload them (403); "" = none.
	ReadOnlyKey string
	Employees   []Employee
	// ThrottlePerSecond answers 429 to requests beyond N in one second;
	// 0 = no throttle.
	ThrottlePerSecond int
	// RetryAfter is the Retry-After sent with throttling answers, in whole
	// seconds (default 1 s).
	RetryAfter time.Duration
	// LegacyThrottle throttles with 503 + Retry-After, as BambooHR did until
	// September 2026 (https://documentation.bamboohr.com/docs/planned-changes-to-the-api).
	LegacyThrottle bool
	// Latency is added to every request.
	Latency time.Duration
	// MaxPhotoBytes overrides MaxPhotoBytes (0 = the documented limit).
	MaxPhotoBytes int
}

// Kind names a kind of request, for Requests.
type Kind string

// The request kinds the fake counts.
const (
	KindDirectory   Kind = "directory"
	KindReport      Kind = "report"
	KindPhotoGet    Kind = "photo_get"
	KindPhotoUpload Kind = "photo_upload"
	KindOther       Kind = "other"
)

// Hit is one request the fake answered.
type Hit struct {
	At     time.Time
	Kind   Kind
	ID     string // the employee, for photo requests
	Status int
}

type employee struct {
	Employee
	uploads int
}

type trigger struct {
	at int
	fn func(*Server)
}

// Server is the fake BambooHR API: an http.Handler, or a listener with
// Start.
type Server struct {
	opts Options

	mu               sync.Mutex
	list             []*employee
	byID             map[string]*employee
	counts           map[Kind]int
	hits             []Hit
	accepted         int
	total            int
	triggers         []trigger
	storm            int
	failNext         int
	failStatus       int
	revoked          bool
	directoryOff     bool
	directoryNoEmail bool
	reportsForbidden bool
	throttle         int
	latency          time.Duration
	slow             map[Kind]time.Duration
	windowStart      time.Time
	windowCount      int

	lnMu sync.Mutex
	srv  *http.Server
	url  string
}

// New returns a fake company seeded with opts.Employees.
func New(opts Options) *Server {
	if opts.Domain == "" {
		opts.Domain = DefaultDomain
	}
	if opts.Key == "" {
		opts.Key = DefaultKey
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	if opts.MaxPhotoBytes <= 0 {
		opts.MaxPhotoBytes = MaxPhotoBytes
	}
	s := &Server{opts: opts, byID: map[string]*employee{}, counts: map[Kind]int{},
		throttle: opts.ThrottlePerSecond, latency: opts.Latency}
	next := 101
	for _, e := range opts.Employees {
		if e.ID == "" {
			for s.byID[strconv.Itoa(next)] != nil {
				next++
			}
			e.ID = strconv.Itoa(next)
		}
		e.Photo = clone(e.Photo)
		emp := &employee{Employee: e}
		s.list = append(s.list, emp)
		s.byID[e.ID] = emp
	}
	return s
}

// Employees makes employees from work emails, named after the address
// ("ada.lovelace@acme.test" → Ada Lovelace), without photos.
func Employees(emails ...string) []Employee {
	out := make([]Employee, 0, len(emails))
	for _, email := range emails {
		local, _, _ := strings.Cut(email, "@")
		first, last, _ := strings.Cut(local, ".")
		out = append(out, Employee{Email: email, FirstName: title(first), LastName: title(last)})
	}
	return out
}

func title(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Domain is the company subdomain the fake serves.
func (s *Server) Domain() string { return s.opts.Domain }

// Key is the API key of the user who may upload photos.
func (s *Server) Key() string { return s.opts.Key }

// ReadOnlyKey is the API key of the user without the photo permission.
func (s *Server) ReadOnlyKey() string { return s.opts.ReadOnlyKey }

// Start listens on addr ("127.0.0.1:0" when empty) and serves in the
// background. It returns the base URL (what SHOTDESK_BAMBOOHR_URL takes).
func (s *Server) Start(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.srv != nil {
		return "", errors.New("bamboofake: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("bamboofake: listen on %s: %w", addr, err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.url = "http://" + net.JoinHostPort(host, port)
	go s.srv.Serve(ln) // returns http.ErrServerClosed on Close
	return s.url, nil
}

// URL is the base URL of a started server ("" before Start).
func (s *Server) URL() string {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	return s.url
}

// Close stops a started server, giving requests in flight 5 seconds.
func (s *Server) Close() error {
	s.lnMu.Lock()
	srv := s.srv
	s.srv, s.url = nil, ""
	s.lnMu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
		return fmt.Errorf("bamboofake: shutdown: %w", err)
	}
	return nil
}

// ---- state for tests ----

// Photo returns the current photo of employee id (false when there is
// none or no such employee).
func (s *Server) Photo(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.byID[id]
	if e == nil || e.Photo == nil {
		return nil, false
	}
	return clone(e.Photo), true
}

// IDOf returns the id of the employee with this work email ("" = none).
func (s *Server) IDOf(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.list {
		if strings.EqualFold(e.Email, email) {
			return e.ID
		}
	}
	return ""
}

// SetPhoto replaces (nil: removes) an employee's photo, as an admin would
// in BambooHR's web app (the API cannot remove one).
func (s *Server) SetPhoto(id string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.byID[id]; e != nil {
		e.Photo = clone(data)
	}
}

// PhotoUploads is how many photos employee id received through the API.
func (s *Server) PhotoUploads(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.byID[id]; e != nil {
		return e.uploads
	}
	return 0
}

// Requests is how many requests of kind the fake received (answered
// with any status).
func (s *Server) Requests(kind Kind) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

// Accepted is how many photos were stored (201).
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Hits lists every request answered so far, in order.
func (s *Server) Hits() []Hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Hit(nil), s.hits...)
}

// ---- faults ----

// Storm answers the next k requests with 429 and Retry-After (503 with
// LegacyThrottle).
func (s *Server) Storm(k int) { s.locked(func() { s.storm = k }) }

// FailNext answers the next k requests with status (500, 502, 503…),
// without Retry-After.
func (s *Server) FailNext(k, status int) {
	s.locked(func() { s.failNext, s.failStatus = k, status })
}

// RevokeKeys makes every key fail with 401 (a key deleted in BambooHR, or
// its user disabled) until RestoreKeys.
func (s *Server) RevokeKeys() { s.locked(func() { s.revoked = true }) }

// RestoreKeys undoes RevokeKeys.
func (s *Server) RestoreKeys() { s.locked(func() { s.revoked = false }) }

// DisableDirectory turns the company directory off (403), as a company can
// in its settings.
func (s *Server) DisableDirectory(off bool) { s.locked(func() { s.directoryOff = off }) }

// DirectoryWithoutEmail leaves the work email out of the directory's
// fieldset (the company chooses the fields it shows).
func (s *Server) DirectoryWithoutEmail(on bool) { s.locked(func() { s.directoryNoEmail = on }) }

// ForbidReports answers custom reports with 403.
func (s *Server) ForbidReports(on bool) { s.locked(func() { s.reportsForbidden = on }) }

// SetThrottle sets the requests per second beyond which the fake answers
// 429 (0 = none).
func (s *Server) SetThrottle(perSecond int) {
	s.locked(func() { s.throttle, s.windowCount = perSecond, 0 })
}

// SetLatency sets the delay added to every request.
func (s *Server) SetLatency(d time.Duration) { s.locked(func() { s.latency = d }) }

// SlowAnswers holds back the answers to requests of kind for d after the
// work is done (a photo stored, say): a slow way back, where a client that
// gives up cannot tell whether its request took effect. 0 undoes it.
func (s *Server) SlowAnswers(kind Kind, d time.Duration) {
	s.locked(func() {
		if s.slow == nil {
			s.slow = map[Kind]time.Duration{}
		}
		s.slow[kind] = d
	})
}

// At runs fn when the n-th request from now arrives (before answering
// it): a fault in the middle of a run. fn may call the fault methods.
func (s *Server) At(n int, fn func(*Server)) {
	s.locked(func() { s.triggers = append(s.triggers, trigger{at: s.total + n, fn: fn}) })
}

func (s *Server) locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
}

// ---- serving ----

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// ServeHTTP answers one request: faults and throttling first (as a gateway
// would), then authentication, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/gateway.php/"+s.opts.Domain+"/v1/")
	kind, id := classify(r.Method, rest, ok)

	s.mu.Lock()
	s.total++
	var due []func(*Server)
	keep := s.triggers[:0]
	for _, t := range s.triggers {
		if t.at <= s.total {
			due = append(due, t.fn)
		} else {
			keep = append(keep, t)
		}
	}
	s.triggers = keep
	s.counts[kind]++
	latency, slow := s.latency, s.slow[kind]
	s.mu.Unlock()
	for _, fn := range due {
		fn(s)
	}
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}

	out := w
	var held *heldAnswer
	if slow > 0 {
		held = &heldAnswer{header: http.Header{}}
		out = held
	}
	rec := &recorder{ResponseWriter: out}
	s.serve(rec, r, kind, id, rest, ok)
	if held != nil {
		time.Sleep(slow) // even if the client left: the work is done either way
		held.sendTo(w)
	}
	s.mu.Lock()
	s.hits = append(s.hits, Hit{At: time.Now(), Kind: kind, ID: id, Status: rec.status})
	s.mu.Unlock()
}

// heldAnswer buffers an answer for SlowAnswers.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldAnswer) Header() http.Header { return h.header }
func (h *heldAnswer) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}
func (h *heldAnswer) Write(b []byte) (int, error) { return h.body.Write(b) }

func (h *heldAnswer) sendTo(w http.ResponseWriter) {
	for k, v := range h.header {
		w.Header()[k] = v
	}
	w.WriteHeader(cmp.Or(h.status, http.StatusOK))
	w.Write(h.body.Bytes())
}

func classify(method, rest string, ok bool) (Kind, string) {
	if !ok {
		return KindOther, ""
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	switch {
	case method == http.MethodGet && rest == "employees/directory":
		return KindDirectory, ""
	case method == http.MethodPost && rest == "reports/custom":
		return KindReport, ""
	case method == http.MethodGet && len(parts) == 4 && parts[0] == "employees" && parts[2] == "photo":
		return KindPhotoGet, parts[1]
	case method == http.MethodPost && len(parts) == 3 && parts[0] == "employees" && parts[2] == "photo":
		return KindPhotoUpload, parts[1]
	}
	return KindOther, ""
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, kind Kind, id, rest string, ok bool) {
	if status, retry := s.fault(); status != 0 {
		if retry > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(retry))
		}
		fail(w, status, http.StatusText(status))
		return
	}
	canUpload, authOK := s.authorize(r)
	if !authOK {
		// BambooHR sends the challenge to non-browser clients.
		w.Header().Set("WWW-Authenticate", `Basic realm="BambooHR API"`)
		fail(w, http.StatusUnauthorized, "Invalid API key")
		return
	}
	switch kind {
	case KindDirectory:
		s.directory(w, r)
	case KindReport:
		s.report(w, r)
	case KindPhotoGet:
		s.photo(w, r, id, strings.Split(strings.TrimSuffix(rest, "/"), "/")[3])
	case KindPhotoUpload:
		s.upload(w, r, id, canUpload)
	default:
		fail(w, http.StatusNotFound, "Not found")
	}
}

// fault returns the status (and Retry-After seconds) a fault or the
// throttle answers this request with; 0 = none.
func (s *Server) fault() (status, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	throttled := http.StatusTooManyRequests
	if s.opts.LegacyThrottle {
		throttled = http.StatusServiceUnavailable
	}
	retry := max(1, int(s.opts.RetryAfter.Round(time.Second)/time.Second))
	switch {
	case s.storm > 0:
		s.storm--
		return throttled, retry
	case s.failNext > 0:
		s.failNext--
		return s.failStatus, 0
	}
	if s.throttle > 0 {
		now := time.Now()
		if now.Sub(s.windowStart) >= time.Second {
			s.windowStart, s.windowCount = now, 0
		}
		s.windowCount++
		if s.windowCount > s.throttle {
			wait := int((s.windowStart.Add(time.Second).Sub(now) + time.Second - 1) / time.Second)
			return throttled, max(1, wait)
		}
	}
	return 0, 0
}

// authorize checks HTTP Basic: the API key is the user name, the password
// is anything. It reports whether the key's user may upload photos.
func (s *Server) authorize(r *http.Request) (canUpload, ok bool) {
	user, _, hasBasic := r.BasicAuth()
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	if !hasBasic || revoked || user == "" {
		return false, false
	}
	if subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.Key)) == 1 {
		return true, true
	}
	if s.opts.ReadOnlyKey != "" && subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.ReadOnlyKey)) == 1 {
		return false, true
	}
	return false, false
}

// fail answers with status and BambooHR's error header.
func fail(w http.ResponseWriter, status int, message string) {
	w.Header().Set("X-BambooHR-Error-Message", message)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, message)
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

func encodeBase64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
