package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// contract sends real requests to the sandbox and validates every
// response (status, headers, body) against the embedded openapi.yaml with
// kin-openapi. Undocumented statuses fail (IncludeResponseStatus).
type contract struct {
	h      *harness
	doc    *openapi3.T
	router routers.Router
	seen   map[string]map[int]bool // operationId → statuses validated
}

func newContract(t *testing.T, h *harness) *contract {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(specYAML)
	if err != nil {
		t.Fatalf("load embedded spec: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("embedded spec is invalid: %v", err)
	}
	// Route loopback requests: the spec's server is the hosted API.
	doc.Servers = openapi3.Servers{{URL: h.ts.URL + "/api/v2"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	return &contract{h: h, doc: doc, router: router, seen: map[string]map[int]bool{}}
}

type call struct {
	method, path string
	body         any
	status       int
	code         string
	invalidReq   bool   // the request deliberately breaks the spec; skip request validation
	key          string // "" = the sandbox key; "-" = no Authorization header
}

func (c *contract) do(t *testing.T, k call) result {
	t.Helper()
	key := c.h.srv.APIKey()
	switch k.key {
	case "":
	case "-":
		key = ""
	default:
		key = k.key
	}
	var data []byte
	if k.body != nil {
		if s, ok := k.body.(string); ok {
			data = []byte(s)
		} else {
			var err error
			if data, err = json.Marshal(k.body); err != nil {
				t.Fatal(err)
			}
		}
	}
	req := c.h.request(k.method, k.path, nil, key)
	if data != nil {
		req.Body = io.NopCloser(bytes.NewReader(data))
		req.ContentLength = int64(len(data))
		req.Header.Set("Content-Type", "application/json")
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: no operation in the spec: %v", k.method, k.path, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if !k.invalidReq && k.key == "" {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Fatalf("%s %s: test request violates the spec: %v", k.method, k.path, err)
		}
	}
	if data != nil {
		req.Body = io.NopCloser(bytes.NewReader(data))
	}
	resp, err := c.h.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", k.method, k.path, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s %s: read: %v", k.method, k.path, err)
	}
	res := result{resp.StatusCode, resp.Header, b}
	res.expect(t, k.status, k.code)
	for _, hdr := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
		if resp.Header.Get(hdr) == "" {
			t.Fatalf("%s %s: missing %s", k.method, k.path, hdr)
		}
	}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(b)),
		Options:                opts,
	})
	if err != nil {
		t.Fatalf("%s %s → %d: response violates the spec: %v\nbody: %.600s", k.method, k.path, resp.StatusCode, err, b)
	}
	op := route.Operation.OperationID
	if c.seen[op] == nil {
		c.seen[op] = map[int]bool{}
	}
	c.seen[op][resp.StatusCode] = true
	return res
}

func TestContract(t *testing.T) {
	h := newHarness(t, Options{Members: 120, Seed: 7})
	c := newContract(t, h)
	s := h.srv

	fav := h.scenario(scFavorite)
	favModel := fav.ModelIDs[0]
	noFav := h.scenario(scNoFavorite).ModelIDs[0]
	pendingInvite := h.scenario(scPendingInvite).Email
	var photoID string
	{
		r := h.call("GET", "/organization/models/"+favModel+"/photos/favorite", nil).expect(t, 200, "")
		photoID = r.json(t)["photo"].(map[string]any)["id"].(string)
	}
	teams := h.call("GET", "/organization/teams", nil).json(t)["teams"].([]any)
	teamID := teams[0].(map[string]any)["id"].(string)
	team2 := teams[1].(map[string]any)["id"].(string)

	calls := []call{
		// Organization and credits.
		{method: "GET", path: "/organization", status: 200},
		{method: "GET", path: "/organization", status: 401, code: codeUnauthorized, key: "-"},
		{method: "GET", path: "/organization", status: 401, code: codeUnauthorized, key: "sk_wrong"},
		{method: "GET", path: "/organization/credits", status: 200},
		// Invites.
		{method: "GET", path: "/organization/invites", status: 200},
		{method: "POST", path: "/organization/invites", body: map[string]any{"email": "new.hire@northwind.example", "teamId": teamID}, status: 200},
		{method: "POST", path: "/organization/invites", body: map[string]any{"email": "solo@northwind.example"}, status: 200},
		{method: "POST", path: "/organization/invites", body: map[string]any{"email": "new.hire@northwind.example"}, status: 400, code: codeAlreadyExists},
		{method: "POST", path: "/organization/invites", body: map[string]any{"email": fav.Email}, status: 400, code: codeAlreadyExists},
		{method: "POST", path: "/organization/invites", body: map[string]any{"email": "not-an-email"}, status: 400, code: codeInvalidEmail, invalidReq: true},
		{method: "POST", path: "/organization/invites", body: map[string]any{}, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "POST", path: "/organization/invites", body: `{"email": "x@y.example", "bogus": 1}`, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "POST", path: "/organization/invites", body: `{"email": `, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "POST", path: "/organization/invites", body: map[string]any{"email": "t@northwind.example", "teamId": "team_nope"}, status: 404, code: codeNotFound},
		{method: "GET", path: "/organization/invites/" + pendingInvite, status: 200},
		{method: "GET", path: "/organization/invites/nobody@northwind.example", status: 404, code: codeNotFound},
		{method: "GET", path: "/organization/invites/garbage", status: 400, code: codeInvalidEmail, invalidReq: true},
		{method: "POST", path: "/organization/invites/revoke", body: map[string]any{"email": "solo@northwind.example"}, status: 200},
		{method: "POST", path: "/organization/invites/revoke", body: map[string]any{"email": "solo@northwind.example"}, status: 400, code: codeAlreadyDeleted},
		{method: "POST", path: "/organization/invites/revoke", body: map[string]any{"email": "ghost@northwind.example"}, status: 404, code: codeNotFound},
		{method: "POST", path: "/organization/invites/revoke", body: map[string]any{"email": fav.Email}, status: 400, code: codeInvalidRequest},
		// Team members.
		{method: "GET", path: "/organization/team", status: 200},
		{method: "GET", path: "/organization/team?status=finished&limit=5&offset=3", status: 200},
		{method: "GET", path: "/organization/team?status=bogus", status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "GET", path: "/organization/team?limit=abc", status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "GET", path: "/organization/team?offset=-1", status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "GET", path: "/organization/team/accepted", status: 200},
		{method: "GET", path: "/organization/team/pending", status: 200},
		{method: "GET", path: "/organization/team/finished", status: 200},
		{method: "POST", path: "/organization/teams/" + team2 + "/members", body: map[string]any{"emails": []string{fav.Email, pendingInvite}}, status: 200},
		{method: "POST", path: "/organization/teams/team_nope/members", body: map[string]any{"emails": []string{fav.Email}}, status: 404, code: codeNotFound},
		{method: "POST", path: "/organization/teams/" + team2 + "/members", body: map[string]any{"emails": []string{}}, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "POST", path: "/organization/teams/" + team2 + "/members", body: map[string]any{"emails": []string{"stranger@elsewhere.example"}}, status: 404, code: codeNotFound},
		// Teams.
		{method: "GET", path: "/organization/teams", status: 200},
		{method: "POST", path: "/organization/teams", body: map[string]any{"name": "Product"}, status: 200},
		{method: "POST", path: "/organization/teams", body: map[string]any{"name": "product "}, status: 400, code: codeInvalidRequest},
		{method: "POST", path: "/organization/teams", body: map[string]any{"name": "   "}, status: 400, code: codeInvalidRequest},
		{method: "POST", path: "/organization/teams", body: map[string]any{}, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "PUT", path: "/organization/teams/" + teamID, body: map[string]any{"name": "Renamed Team"}, status: 200},
		{method: "PUT", path: "/organization/teams/" + teamID, body: map[string]any{"name": "Product"}, status: 400, code: codeInvalidRequest},
		{method: "PUT", path: "/organization/teams/team_nope", body: map[string]any{"name": "X"}, status: 404, code: codeNotFound},
		{method: "DELETE", path: "/organization/teams/team_nope", status: 404, code: codeNotFound},
		// Models.
		{method: "GET", path: "/organization/models", status: 200},
		{method: "GET", path: "/organization/models?status=active&teamId=" + teamID + "&limit=200", status: 200},
		{method: "GET", path: "/organization/models?status=done", status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "POST", path: "/organization/models", body: map[string]any{"email": "end.user@customer.example", "isDevelopment": true, "version": "one-shot"}, status: 200},
		{method: "POST", path: "/organization/models", body: map[string]any{"email": "bad"}, status: 400, code: codeInvalidEmail, invalidReq: true},
		{method: "POST", path: "/organization/models", body: map[string]any{"email": "a@b.example", "version": "v9"}, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "POST", path: "/organization/models", body: map[string]any{"email": "a@b.example", "teamId": "team_nope"}, status: 404, code: codeNotFound},
		{method: "GET", path: "/organization/models/" + favModel, status: 200},
		{method: "GET", path: "/organization/models/000000000000000000000000", status: 404, code: codeNotFound},
		// Photos.
		{method: "GET", path: "/organization/models/" + favModel + "/photos", status: 200},
		{method: "GET", path: "/organization/models/" + favModel + "/photos?include=all&likedStatus=loved&limit=1", status: 200},
		{method: "GET", path: "/organization/models/" + favModel + "/photos?status=deleted", status: 200},
		{method: "GET", path: "/organization/models/" + favModel + "/photos?likedStatus=hated", status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "GET", path: "/organization/models/000000000000000000000000/photos", status: 404, code: codeNotFound},
		{method: "GET", path: "/organization/models/" + favModel + "/photos/favorite?include=all", status: 200},
		{method: "GET", path: "/organization/models/" + noFav + "/photos/favorite", status: 200},
		{method: "GET", path: "/organization/models/000000000000000000000000/photos/favorite", status: 404, code: codeNotFound},
		{method: "GET", path: "/organization/models/" + favModel + "/photos/" + photoID + "?include=all", status: 200},
		{method: "GET", path: "/organization/models/" + noFav + "/photos/" + photoID, status: 404, code: codeNotFound},
		{method: "POST", path: "/organization/models/" + favModel + "/photos/download", status: 200},
		{method: "POST", path: "/organization/models/" + favModel + "/photos/download", body: map[string]any{"photoIds": []string{photoID}, "include": "all"}, status: 200},
		{method: "POST", path: "/organization/models/" + favModel + "/photos/download", body: map[string]any{"photoIds": []string{"nope"}}, status: 404, code: codeNotFound},
		{method: "POST", path: "/organization/models/" + favModel + "/photos/download", body: map[string]any{"include": "some"}, status: 400, code: codeInvalidRequest, invalidReq: true},
		{method: "GET", path: "/organization/photos/favorites", status: 200},
		{method: "GET", path: "/organization/photos/favorites?teamId=" + team2 + "&include=all&limit=2&offset=1", status: 200},
		{method: "GET", path: "/organization/photos/favorites?limit=1.5", status: 400, code: codeInvalidRequest, invalidReq: true},
		// Destructive ones last.
		{method: "DELETE", path: "/organization/models/" + noFav, status: 200},
		{method: "DELETE", path: "/organization/models/" + noFav, status: 400, code: codeAlreadyDeleted},
		{method: "DELETE", path: "/organization/models/000000000000000000000000", status: 404, code: codeNotFound},
		{method: "DELETE", path: "/organization/teams/" + teamID, status: 200},
	}
	for _, k := range calls {
		c.do(t, k)
	}

	// 402 and 403 need settings changes.
	s.SetCredits(0)
	c.do(t, call{method: "POST", path: "/organization/invites", body: map[string]any{"email": "broke@northwind.example"}, status: 402, code: codeInsufficient})
	c.do(t, call{method: "POST", path: "/organization/models", body: map[string]any{"email": "broke@customer.example"}, status: 402, code: codeInsufficient})
	s.SetCredits(5)
	s.SetPendingInviteLimit(1)
	c.do(t, call{method: "POST", path: "/organization/invites", body: map[string]any{"email": "many@northwind.example"}, status: 429, code: codeInviteLimit})
	s.SetPendingInviteLimit(0)
	s.SetWhitelabel(false)
	c.do(t, call{method: "POST", path: "/organization/models", body: map[string]any{"email": "wl@customer.example"}, status: 403, code: codeForbidden})
	s.SetWhitelabel(true)

	// Injected 429 and 500 go through the documented responses too.
	if err := s.SetFaults(Faults{RateLimitBurst: 1}); err != nil {
		t.Fatal(err)
	}
	c.do(t, call{method: "GET", path: "/organization/team", status: 429, code: codeRateLimited})
	if err := s.SetFaults(Faults{ErrorRate: 1, ErrorStatus: 500}); err != nil {
		t.Fatal(err)
	}
	c.do(t, call{method: "GET", path: "/organization/models", status: 500, code: codeInternal})
	s.ResetFaults()

	// Every operation of the spec got at least one validated 200.
	var missing []string
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !c.seen[op.OperationID][http.StatusOK] {
				missing = append(missing, method+" "+path)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("operations without a validated 200: %s", strings.Join(missing, ", "))
	}
	if n := len(c.seen); n != 24 {
		t.Fatalf("validated %d operations, want all 24", n)
	}
}
