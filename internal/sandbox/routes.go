package sandbox

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// apiFunc handles one API operation and returns the 200 body or an error
// (an *apiError for documented failures).
type apiFunc func(r *http.Request) (any, error)

// methods dispatches one path by HTTP method.
type methods map[string]apiFunc

const apiPrefix = "/api/v2/organization"

func (s *Server) routes() http.Handler {
	api := http.NewServeMux()
	// ServeMux gives literal segments precedence over wildcards, which is
	// the routing the API needs: /team/accepted before /team,
	// /photos/favorite and /photos/download before /photos/{photoId},
	// /invites/revoke before /invites/{email}. Patterns carry no method so
	// that a wrong method reaches methods.serve and gets a JSON 404 rather
	// than ServeMux's plain-text 405.
	handle := func(path string, m methods) { api.Handle(apiPrefix+path, s.dispatch(m)) }
	handle("", methods{"GET": s.getOrganization})
	handle("/credits", methods{"GET": s.getCredits})
	handle("/invites", methods{"GET": s.listInvites, "POST": s.createInvite})
	handle("/invites/revoke", methods{"POST": s.revokeInvite})
	handle("/invites/{email}", methods{"GET": s.getInvite})
	handle("/team", methods{"GET": s.listMembers})
	handle("/team/accepted", methods{"GET": s.listMembersByStatus(memberAccepted)})
	handle("/team/pending", methods{"GET": s.listMembersByStatus(memberPending)})
	handle("/team/finished", methods{"GET": s.listMembersByStatus(memberFinished)})
	handle("/teams", methods{"GET": s.listTeams, "POST": s.createTeam})
	handle("/teams/{teamId}", methods{"PUT": s.renameTeam, "DELETE": s.deleteTeam})
	handle("/teams/{teamId}/members", methods{"POST": s.addTeamMembers})
	handle("/models", methods{"GET": s.listModels, "POST": s.createModel})
	handle("/models/{modelId}", methods{"GET": s.getModel, "DELETE": s.deleteModel})
	handle("/models/{modelId}/photos", methods{"GET": s.listPhotos})
	handle("/models/{modelId}/photos/favorite", methods{"GET": s.getFavorite})
	handle("/models/{modelId}/photos/download", methods{"POST": s.downloadPhotos})
	handle("/models/{modelId}/photos/{photoId}", methods{"GET": s.getPhoto})
	handle("/photos/favorites", methods{"GET": s.listOrgFavorites})
	api.Handle("/", s.dispatch(nil)) // unknown API route → 404 NOT_FOUND

	root := http.NewServeMux()
	root.Handle("/api/v2/", s.apiMiddleware(api))
	root.Handle("GET /cdn/photos/{photoId}/{file}", http.HandlerFunc(s.serveCDN))
	root.Handle("/_sandbox/", s.controlRoutes())
	root.HandleFunc("GET /auth/signup", s.serveSignupPage)
	root.HandleFunc("GET /auth/social", s.serveSignupPage)
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, notFound("Route %s %s not found", r.Method, r.URL.Path))
	})
	return root
}

func (s *Server) dispatch(m methods) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := m[r.Method]
		if !ok {
			// INFERRED: an Express-style server answers an unrouted
			// method/path pair with 404, and the spec has no 405.
			writeErr(w, notFound("Route %s %s not found", r.Method, r.URL.Path))
			return
		}
		body, err := h(r)
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, body)
	})
}

// apiMiddleware applies, in order: the link's round trip (RTT fault),
// rate-limit headers (every response), Bearer auth, the injected 429 burst, the real per-minute limit, then the
// injected latency / 5xx / truncation faults.
func (s *Server) apiMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.stats.api.Add(1)
		if !s.linkDelay(r) {
			return
		}
		now := s.now()
		authed := s.authorized(r)
		var st rateState
		if authed {
			st = s.limiter.take(now)
		} else {
			st = s.limiter.peek(now)
		}
		burst := false
		if authed && st.allowed {
			var reset time.Time
			if reset, burst = s.faults.takeBurst(now); burst {
				// An injected burst looks like an exhausted window whose
				// reset is near, so clients that wait for the reset recover
				// quickly in tests.
				st = rateState{limit: st.limit, remaining: 0, reset: reset}
			}
		}
		h := w.Header()
		h.Set("X-RateLimit-Limit", strconv.Itoa(st.limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(st.remaining))
		h.Set("X-RateLimit-Reset", apiTime(st.reset))
		if !authed {
			writeErr(w, errf(http.StatusUnauthorized, codeUnauthorized, "Invalid API key"))
			return
		}
		if !st.allowed || burst {
			writeErr(w, errf(http.StatusTooManyRequests, codeRateLimited, "Rate limit exceeded"))
			return
		}
		d := s.faults.decide(false)
		if !sleepCtx(r.Context(), d.latency) {
			return
		}
		if d.truncate {
			tw := newTruncatingWriter(w)
			defer tw.finish()
			w = tw
		}
		if s.faults.get().RepeatPages && r.URL.Query().Has("offset") {
			// A looping server: the first page again, whatever was asked.
			q := r.URL.Query()
			q.Del("offset")
			r = r.Clone(r.Context())
			r.URL.RawQuery = q.Encode()
		}
		if d.status != 0 {
			msg := "Internal server error (injected fault)"
			if d.status == http.StatusServiceUnavailable {
				msg = "Service unavailable (injected fault)"
			}
			writeErr(w, errf(d.status, codeInternal, "%s", msg))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sleepCtx waits d or until the request is abandoned; false means abandoned.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
