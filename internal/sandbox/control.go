package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// /_sandbox/ control routes: not part of the hosted API. They need the same
// Bearer key (except openapi.yaml), take JSON bodies, answer with the API
// envelope, and are never rate limited or faulted. See README.md.

func (s *Server) controlRoutes() http.Handler {
	mux := http.NewServeMux()
	handle := func(path string, m methods) { mux.Handle("/_sandbox"+path, s.dispatch(m)) }
	handle("/", methods{"GET": s.ctlIndex})
	handle("/state", methods{"GET": s.ctlState})
	handle("/scenarios", methods{"GET": s.ctlScenarios})
	handle("/stats", methods{"GET": s.ctlStats})
	handle("/clock", methods{"GET": s.ctlClock, "POST": s.ctlSetClock})
	handle("/faults", methods{"GET": s.ctlFaults, "POST": s.ctlSetFaults, "DELETE": s.ctlClearFaults})
	handle("/reset", methods{"POST": s.ctlReset})
	handle("/settings", methods{"POST": s.ctlSettings})
	handle("/invites/accept", methods{"POST": s.ctlAccept})
	handle("/models/start", methods{"POST": s.ctlStart})
	handle("/models/submit", methods{"POST": s.ctlSubmit})
	handle("/models/advance", methods{"POST": s.ctlAdvance})
	handle("/models/fail", methods{"POST": s.ctlFail})
	handle("/models/finish", methods{"POST": s.ctlFinish})
	handle("/models/favorite", methods{"POST": s.ctlFavorite})
	handle("/models/delete", methods{"POST": s.ctlDelete})

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.stats.control.Add(1)
		// Never delayed; a connection opened for control requests has
		// done its handshakes by the time an API request reuses it.
		s.firstOnConn(r)
		if r.URL.Path == "/_sandbox/openapi.yaml" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			w.Header().Set("Content-Type", "application/yaml")
			http.ServeContent(w, r, "openapi.yaml", time.Time{}, bytes.NewReader(specYAML))
			return
		}
		if !s.authorized(r) {
			writeErr(w, errf(http.StatusUnauthorized, codeUnauthorized, "Invalid API key"))
			return
		}
		mux.ServeHTTP(w, r)
	})
}

type okBody struct {
	Success bool `json:"success"`
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func (s *Server) ctlIndex(r *http.Request) (any, error) {
	return struct {
		Success bool     `json:"success"`
		Routes  []string `json:"routes"`
		Docs    string   `json:"docs"`
	}{true, []string{
		"GET /_sandbox/openapi.yaml", "GET /_sandbox/state", "GET /_sandbox/scenarios", "GET /_sandbox/stats",
		"GET|POST /_sandbox/clock", "GET|POST|DELETE /_sandbox/faults", "POST /_sandbox/reset", "POST /_sandbox/settings",
		"POST /_sandbox/invites/accept", "POST /_sandbox/models/start", "POST /_sandbox/models/submit",
		"POST /_sandbox/models/advance", "POST /_sandbox/models/fail", "POST /_sandbox/models/finish",
		"POST /_sandbox/models/favorite", "POST /_sandbox/models/delete",
	}, "internal/sandbox/README.md"}, nil
}

func (s *Server) ctlState(r *http.Request) (any, error) {
	s.mu.RLock()
	o := s.org
	invites, members, models := map[string]int{}, map[string]int{}, map[string]int{}
	for _, inv := range o.invites {
		invites[inv.status()]++
	}
	for _, u := range o.users {
		members[u.memberStatus()]++
	}
	favorites := 0
	for _, m := range o.models {
		models[m.status]++
		if m.status == statusActive && m.favorite != nil {
			favorites++
		}
	}
	credits, wl, pil := o.credits, o.whitelabel, o.pendingInviteLimit
	teams := len(o.teams)
	photos := len(o.photoByID)
	s.mu.RUnlock()
	s.limiter.mu.Lock()
	limit := s.limiter.limit
	s.limiter.mu.Unlock()
	return struct {
		Success            bool           `json:"success"`
		Now                string         `json:"now"`
		Seed               int64          `json:"seed"`
		Credits            float64        `json:"credits"`
		Whitelabel         bool           `json:"whitelabel"`
		RateLimit          int            `json:"rateLimit"`
		PendingInviteLimit int            `json:"pendingInviteLimit"`
		URLTTL             string         `json:"urlTTL"`
		Teams              int            `json:"teams"`
		Photos             int            `json:"photos"`
		Favorites          int            `json:"favorites"`
		Invites            map[string]int `json:"invites"`
		Members            map[string]int `json:"members"`
		Models             map[string]int `json:"models"`
		Faults             Faults         `json:"faults"`
	}{true, apiTime(s.now()), s.opts.Seed, credits, wl, limit, pil, s.opts.URLTTL.String(),
		teams, photos, favorites, invites, members, models, s.faults.get()}, nil
}

func (s *Server) ctlScenarios(r *http.Request) (any, error) {
	return struct {
		Success   bool            `json:"success"`
		Scenarios []ScenarioEntry `json:"scenarios"`
	}{true, s.Scenarios()}, nil
}

func (s *Server) ctlStats(r *http.Request) (any, error) {
	return struct {
		Success bool  `json:"success"`
		Stats   Stats `json:"stats"`
	}{true, s.Stats()}, nil
}

type clockBody struct {
	Success bool   `json:"success"`
	Now     string `json:"now"`
}

func (s *Server) ctlClock(r *http.Request) (any, error) {
	return clockBody{true, apiTime(s.now())}, nil
}

// ctlSetClock: {"now": "2026-01-02T03:04:05Z"} sets the clock, {"advance":
// "25h"} moves it forward (negative durations move it back); both may be
// combined (set, then advance). {"reset": true} returns to the base clock.
func (s *Server) ctlSetClock(r *http.Request) (any, error) {
	var req struct {
		Now     *time.Time    `json:"now"`
		Advance *jsonDuration `json:"advance"`
		Reset   bool          `json:"reset"`
	}
	if err := decodeBody(r, &req, false); err != nil {
		return nil, err
	}
	if req.Now == nil && req.Advance == nil && !req.Reset {
		return nil, badRequest(`Give "now" (RFC 3339 time), "advance" (duration) or "reset": true`)
	}
	if req.Reset {
		s.clock.reset()
	}
	if req.Now != nil {
		s.SetNow(*req.Now)
	}
	if req.Advance != nil {
		s.Advance(time.Duration(*req.Advance))
	}
	return clockBody{true, apiTime(s.now())}, nil
}

type faultsBody struct {
	Success bool   `json:"success"`
	Faults  Faults `json:"faults"`
}

func (s *Server) ctlFaults(r *http.Request) (any, error) {
	return faultsBody{true, s.CurrentFaults()}, nil
}

// ctlSetFaults replaces the whole fault set with the body (absent fields
// are off).
func (s *Server) ctlSetFaults(r *http.Request) (any, error) {
	var f Faults
	if err := decodeBody(r, &f, false); err != nil {
		return nil, err
	}
	if err := s.SetFaults(f); err != nil {
		return nil, badRequest("%v", err)
	}
	return faultsBody{true, s.CurrentFaults()}, nil
}

func (s *Server) ctlClearFaults(r *http.Request) (any, error) {
	s.ResetFaults()
	return faultsBody{true, s.CurrentFaults()}, nil
}

// ctlReset clears faults and the rate-limit window; {"org": true} also
// rebuilds the seeded organization and resets the clock.
func (s *Server) ctlReset(r *http.Request) (any, error) {
	var req struct {
		Org bool `json:"org"`
	}
	if err := decodeBody(r, &req, true); err != nil {
		return nil, err
	}
	if req.Org {
		s.ResetOrg()
	} else {
		s.ResetFaults()
	}
	return okBody{true}, nil
}

func (s *Server) ctlSettings(r *http.Request) (any, error) {
	var req struct {
		Credits            *float64 `json:"credits"`
		Whitelabel         *bool    `json:"whitelabel"`
		RateLimit          *int     `json:"rateLimit"`
		PendingInviteLimit *int     `json:"pendingInviteLimit"`
	}
	if err := decodeBody(r, &req, false); err != nil {
		return nil, err
	}
	if req.Credits != nil && *req.Credits < 0 {
		return nil, badRequest("credits must not be negative")
	}
	if req.RateLimit != nil && *req.RateLimit < 1 {
		return nil, badRequest("rateLimit must be at least 1")
	}
	if req.PendingInviteLimit != nil && *req.PendingInviteLimit < 0 {
		return nil, badRequest("pendingInviteLimit must not be negative")
	}
	if req.Credits != nil {
		s.SetCredits(*req.Credits)
	}
	if req.Whitelabel != nil {
		s.SetWhitelabel(*req.Whitelabel)
	}
	if req.RateLimit != nil {
		s.SetRateLimit(*req.RateLimit)
	}
	if req.PendingInviteLimit != nil {
		s.SetPendingInviteLimit(*req.PendingInviteLimit)
	}
	return s.ctlState(r)
}

type modelRef struct {
	ModelID string `json:"modelId"`
	Email   string `json:"email"`
	PhotoID string `json:"photoId"`
	Photos  int    `json:"photos"`
	Name    string `json:"name"`
}

// ctlBody decodes a control body and checks that the fields in need are set.
func ctlBody(r *http.Request, need ...string) (modelRef, error) {
	var req modelRef
	if err := decodeBody(r, &req, false); err != nil {
		return req, err
	}
	for _, n := range need {
		if n == "modelId" && req.ModelID == "" || n == "email" && strings.TrimSpace(req.Email) == "" {
			return req, badRequest("%s is required", n)
		}
	}
	return req, nil
}

type modelStatusBody struct {
	Success bool    `json:"success"`
	Model   *jModel `json:"model,omitempty"`
}

func (s *Server) modelBody(id string) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, err := s.modelOr404(id)
	if err != nil {
		return nil, err
	}
	jm := s.org.jsonModel(m)
	return modelStatusBody{true, &jm}, nil
}

func (s *Server) ctlAccept(r *http.Request) (any, error) {
	req, err := ctlBody(r, "email")
	if err != nil {
		return nil, err
	}
	if _, err := s.AcceptInvite(req.Email, req.Name); err != nil {
		return nil, err
	}
	e, _ := normalizeEmail(req.Email)
	s.mu.RLock()
	defer s.mu.RUnlock()
	return struct {
		Success bool    `json:"success"`
		Member  jMember `json:"member"`
	}{true, s.org.jsonMember(s.org.userByEmail[e])}, nil
}

func (s *Server) ctlStart(r *http.Request) (any, error) {
	req, err := ctlBody(r, "email")
	if err != nil {
		return nil, err
	}
	id, err := s.StartUpload(req.Email)
	if err != nil {
		return nil, err
	}
	return s.modelBody(id)
}

func (s *Server) ctlSubmit(r *http.Request) (any, error) {
	req, err := ctlBody(r)
	if err != nil {
		return nil, err
	}
	ref := req.ModelID
	if ref == "" {
		ref = req.Email
	}
	if ref == "" {
		return nil, badRequest("modelId or email is required")
	}
	id, err := s.SubmitPhotos(ref)
	if err != nil {
		return nil, err
	}
	return s.modelBody(id)
}

func (s *Server) ctlAdvance(r *http.Request) (any, error) {
	req, err := ctlBody(r, "modelId")
	if err != nil {
		return nil, err
	}
	if _, err := s.AdvanceModel(req.ModelID); err != nil {
		return nil, err
	}
	return s.modelBody(req.ModelID)
}

func (s *Server) ctlFail(r *http.Request) (any, error) {
	req, err := ctlBody(r, "modelId")
	if err != nil {
		return nil, err
	}
	if err := s.FailModel(req.ModelID); err != nil {
		return nil, err
	}
	return s.modelBody(req.ModelID)
}

func (s *Server) ctlFinish(r *http.Request) (any, error) {
	req, err := ctlBody(r, "modelId")
	if err != nil {
		return nil, err
	}
	if err := s.FinishModel(req.ModelID, req.Photos); err != nil {
		return nil, err
	}
	return s.modelBody(req.ModelID)
}

func (s *Server) ctlFavorite(r *http.Request) (any, error) {
	req, err := ctlBody(r, "modelId")
	if err != nil {
		return nil, err
	}
	pid, err := s.PickFavorite(req.ModelID, req.PhotoID)
	if err != nil {
		return nil, err
	}
	return struct {
		Success bool   `json:"success"`
		ModelID string `json:"modelId"`
		PhotoID string `json:"photoId"`
	}{true, req.ModelID, pid}, nil
}

func (s *Server) ctlDelete(r *http.Request) (any, error) {
	req, err := ctlBody(r, "modelId")
	if err != nil {
		return nil, err
	}
	if err := s.DeleteModel(req.ModelID); err != nil {
		return nil, err
	}
	return s.modelBody(req.ModelID)
}

// serveSignupPage stands in for the invite link and the whitelabel signed
// URL the API returns, so a human who opens one sees what to do next.
func (s *Server) serveSignupPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if id := r.URL.Query().Get("invite"); id != "" {
		s.mu.RLock()
		email := ""
		for _, inv := range s.org.invites {
			if inv.id == id {
				email = inv.email
				break
			}
		}
		s.mu.RUnlock()
		if email == "" {
			http.Error(w, "Shotdesk sandbox: unknown invite "+id, http.StatusNotFound)
			return
		}
		w.Write([]byte("Shotdesk sandbox: here " + email + " would sign up.\n" +
			"Simulate it with: POST /_sandbox/invites/accept {\"email\": \"" + email + "\"} (Bearer key required)\n"))
		return
	}
	w.Write([]byte("Shotdesk sandbox: here a whitelabel end user would upload photos.\n" +
		"Simulate it with POST /_sandbox/models/submit {\"modelId\": \"...\"}\n"))
}
