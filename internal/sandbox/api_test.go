package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPaginationIsStableAndComplete(t *testing.T) {
	h := newHarness(t, Options{Members: 300, Seed: 11})
	first := h.call("GET", "/organization/team?limit=7", nil).expect(t, 200, "").json(t)
	total := int(first["pagination"].(map[string]any)["total"].(float64))
	if total < 200 {
		t.Fatalf("total members %d, expected most of 300 people to have joined", total)
	}
	seen := map[string]bool{}
	var last time.Time
	for offset := 0; ; offset += 7 {
		body := h.call("GET", fmt.Sprintf("/organization/team?limit=7&offset=%d", offset), nil).expect(t, 200, "").json(t)
		pg := body["pagination"].(map[string]any)
		members := body["members"].([]any)
		for _, m := range members {
			mm := m.(map[string]any)
			id := mm["id"].(string)
			if seen[id] {
				t.Fatalf("member %s returned twice", id)
			}
			seen[id] = true
			joined, err := time.Parse(time.RFC3339Nano, mm["joinedAt"].(string))
			if err != nil {
				t.Fatal(err)
			}
			if !last.IsZero() && joined.After(last) {
				t.Fatalf("not newest first: %v after %v", joined, last)
			}
			last = joined
		}
		wantMore := offset+len(members) < total
		if pg["hasMore"].(bool) != wantMore {
			t.Fatalf("offset %d: hasMore %v, want %v", offset, pg["hasMore"], wantMore)
		}
		if !wantMore {
			break
		}
	}
	if len(seen) != total {
		t.Fatalf("paged %d distinct members, total says %d", len(seen), total)
	}
}

func TestPaginationClampsAndRejects(t *testing.T) {
	h := newHarness(t, Options{Members: 60})
	for q, want := range map[string]int{"limit=500": 200, "limit=0": 1, "": 50, "limit=13": 13} {
		pg := h.call("GET", "/organization/models?"+q, nil).expect(t, 200, "").json(t)["pagination"].(map[string]any)
		if int(pg["limit"].(float64)) != want {
			t.Errorf("%q: pagination.limit %v, want %d", q, pg["limit"], want)
		}
	}
	body := h.call("GET", "/organization/models?offset=100000", nil).expect(t, 200, "").json(t)
	if len(body["models"].([]any)) != 0 || body["pagination"].(map[string]any)["hasMore"].(bool) {
		t.Fatalf("offset past the end: %v", body)
	}
	for _, q := range []string{"limit=-1", "limit=ten", "limit=", "offset=-5", "offset=1e3", "limit=99999999999999999999"} {
		h.call("GET", "/organization/team?"+q, nil).expect(t, 400, codeInvalidRequest)
		h.call("GET", "/organization/photos/favorites?"+q, nil).expect(t, 400, codeInvalidRequest)
	}
}

func TestLiteralRoutesWinOverParams(t *testing.T) {
	h := newHarness(t, Options{Members: 60})
	acc := h.call("GET", "/organization/team/accepted", nil).expect(t, 200, "").json(t)
	if _, ok := acc["count"]; !ok {
		t.Fatalf("/team/accepted answered like /team: %v", acc)
	}
	fav := h.scenario(scFavorite).ModelIDs[0]
	body := h.call("GET", "/organization/models/"+fav+"/photos/favorite", nil).expect(t, 200, "").json(t)
	if p, _ := body["photo"].(map[string]any); p == nil || p["likedStatus"] != "loved" {
		t.Fatalf("favorite route did not return the loved photo: %v", body)
	}
	// GET on the literal revoke route is not an e-mail lookup.
	r := h.call("GET", "/organization/invites/revoke", nil).expect(t, 404, codeNotFound)
	if !strings.Contains(string(r.body), "Route") {
		t.Fatalf("expected a route-not-found message, got %s", r.body)
	}
	h.call("PATCH", "/organization/teams", map[string]any{"name": "x"}).expect(t, 404, codeNotFound)
	h.call("GET", "/organization/nothing/here", nil).expect(t, 404, codeNotFound)
	// Percent-encoded e-mail in the path.
	email := h.scenario(scPendingInvite).Email
	h.call("GET", "/organization/invites/"+strings.Replace(email, "@", "%40", 1), nil).expect(t, 200, "")
	h.call("GET", "/organization/invites/"+strings.ToUpper(email), nil).expect(t, 200, "")
}

func TestRateLimitWindow(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := newHarness(t, Options{Members: 30, RateLimit: 5, Clock: func() time.Time { return now }})
	// 401s are answered with headers but do not spend the budget.
	r := h.callKey("GET", "/organization", nil, "wrong").expect(t, 401, codeUnauthorized)
	if r.header.Get("X-RateLimit-Remaining") != "5" {
		t.Fatalf("401 consumed budget: remaining %q", r.header.Get("X-RateLimit-Remaining"))
	}
	for i := 4; i >= 0; i-- {
		r := h.call("GET", "/organization/credits", nil).expect(t, 200, "")
		if got := r.header.Get("X-RateLimit-Remaining"); got != fmt.Sprint(i) {
			t.Fatalf("remaining %s, want %d", got, i)
		}
		if r.header.Get("X-RateLimit-Limit") != "5" {
			t.Fatalf("limit header %q", r.header.Get("X-RateLimit-Limit"))
		}
	}
	r = h.call("GET", "/organization/credits", nil).expect(t, 429, codeRateLimited)
	reset, err := time.Parse(time.RFC3339Nano, r.header.Get("X-RateLimit-Reset"))
	if err != nil {
		t.Fatalf("X-RateLimit-Reset not ISO-8601: %q", r.header.Get("X-RateLimit-Reset"))
	}
	if !reset.Equal(now.Add(time.Minute)) {
		t.Fatalf("reset %v, want %v", reset, now.Add(time.Minute))
	}
	h.srv.Advance(59 * time.Second)
	h.call("GET", "/organization/credits", nil).expect(t, 429, codeRateLimited)
	h.srv.Advance(time.Second)
	r = h.call("GET", "/organization/credits", nil).expect(t, 200, "")
	if r.header.Get("X-RateLimit-Remaining") != "4" {
		t.Fatalf("new window: remaining %q", r.header.Get("X-RateLimit-Remaining"))
	}
	// Control routes are never limited.
	for i := 0; i < 10; i++ {
		h.call("GET", "/_sandbox/clock", nil).expect(t, 200, "")
	}
}

func TestLifecycleThroughControlRoutes(t *testing.T) {
	h := newHarness(t, Options{Members: 40, Seed: 5})
	team := h.call("GET", "/organization/teams", nil).json(t)["teams"].([]any)[0].(map[string]any)["id"].(string)
	email := "lifecycle.test@northwind.example"
	credits := func() float64 { return h.call("GET", "/organization/credits", nil).json(t)["credits"].(float64) }
	inviteStatus := func() string {
		return h.call("GET", "/organization/invites/"+email, nil).expect(t, 200, "").json(t)["invite"].(map[string]any)["status"].(string)
	}
	before := credits()
	h.call("POST", "/organization/invites", map[string]any{"email": email, "teamId": team}).expect(t, 200, "")
	if s := inviteStatus(); s != "pending" {
		t.Fatalf("new invite status %q", s)
	}
	if credits() != before {
		t.Fatal("creating an invite spent a credit")
	}
	mem := h.call("POST", "/_sandbox/invites/accept", map[string]any{"email": email, "name": "Lifecycle Tester"}).expect(t, 200, "").json(t)["member"].(map[string]any)
	if mem["status"] != "accepted" || mem["teamId"] != team {
		t.Fatalf("accepted member %v", mem)
	}
	if s := inviteStatus(); s != "accepted" {
		t.Fatalf("after accept: %q", s)
	}
	h.call("POST", "/_sandbox/invites/accept", map[string]any{"email": email}).expect(t, 400, codeAlreadyExists)

	model := h.call("POST", "/_sandbox/models/start", map[string]any{"email": email}).expect(t, 200, "").json(t)["model"].(map[string]any)
	id := model["id"].(string)
	if model["status"] != "onboarding" || model["title"] != "Lifecycle Tester" || inviteStatus() != "uploading" {
		t.Fatalf("after start: %v / %s", model, inviteStatus())
	}
	h.call("POST", "/_sandbox/models/submit", map[string]any{"modelId": id}).expect(t, 200, "")
	if credits() != before-1 {
		t.Fatalf("submit should spend one credit: %v → %v", before, credits())
	}
	if s := inviteStatus(); s != "generating" {
		t.Fatalf("after submit: %q", s)
	}
	for _, want := range []string{"pending", "generatingHeadshots"} {
		m := h.call("POST", "/_sandbox/models/advance", map[string]any{"modelId": id}).expect(t, 200, "").json(t)["model"].(map[string]any)
		if m["status"] != want {
			t.Fatalf("advance → %v, want %s", m["status"], want)
		}
	}
	h.call("GET", "/organization/models/"+id+"/photos", nil).expect(t, 200, "")
	m := h.call("POST", "/_sandbox/models/finish", map[string]any{"modelId": id, "photos": 9}).expect(t, 200, "").json(t)["model"].(map[string]any)
	if m["status"] != "active" || m["finishedAt"] == nil {
		t.Fatalf("after finish: %v", m)
	}
	photos := h.call("GET", "/organization/models/"+id+"/photos", nil).json(t)["photos"].([]any)
	if len(photos) != 9 || inviteStatus() != "completed" {
		t.Fatalf("after finish: %d photos, invite %s", len(photos), inviteStatus())
	}
	noFav := h.call("GET", "/organization/models/"+id+"/photos/favorite", nil).json(t)
	if noFav["photo"] != nil || noFav["message"] == nil {
		t.Fatalf("no favorite yet: %v", noFav)
	}
	pick := photos[3].(map[string]any)["id"].(string)
	h.call("POST", "/_sandbox/models/favorite", map[string]any{"modelId": id, "photoId": pick}).expect(t, 200, "")
	favs := h.call("GET", "/organization/photos/favorites?limit=200&teamId="+team, nil).json(t)["photos"].([]any)
	found := false
	for _, f := range favs {
		fm := f.(map[string]any)
		if fm["teamId"] != team {
			t.Fatalf("teamId filter leaked %v", fm["teamId"])
		}
		if fm["id"] == pick {
			found = true
			if fm["email"] != email || fm["name"] != "Lifecycle Tester" || fm["title"] != "Lifecycle Tester" || fm["modelId"] != id || fm["teamName"] == nil {
				t.Fatalf("favorite lacks member context: %v", fm)
			}
		}
	}
	if !found {
		t.Fatal("picked favorite missing from org favorites")
	}
	h.call("POST", "/_sandbox/models/delete", map[string]any{"modelId": id}).expect(t, 200, "")
	if s := inviteStatus(); s != "deleted" {
		t.Fatalf("after delete: %q", s)
	}
	if n := len(h.call("GET", "/organization/models/"+id+"/photos", nil).json(t)["photos"].([]any)); n != 0 {
		t.Fatalf("deleted model still lists %d photos", n)
	}
	// Control errors use the envelope and the documented codes.
	h.call("POST", "/_sandbox/models/finish", map[string]any{"modelId": id}).expect(t, 400, codeInvalidRequest)
	h.call("POST", "/_sandbox/models/advance", map[string]any{"modelId": "nope"}).expect(t, 404, codeNotFound)
	h.call("POST", "/_sandbox/models/advance", map[string]any{}).expect(t, 400, codeInvalidRequest)
	h.callKey("POST", "/_sandbox/models/advance", map[string]any{"modelId": id}, "bad").expect(t, 401, codeUnauthorized)
}

func TestSubmitByEmailNeedsCredits(t *testing.T) {
	h := newHarness(t, Options{Members: 40})
	email := h.scenario(scAccepted).Email
	h.srv.SetCredits(0.25)
	h.call("POST", "/_sandbox/models/submit", map[string]any{"email": email}).expect(t, 402, codeInsufficient)
	h.srv.SetCredits(1.25)
	m := h.call("POST", "/_sandbox/models/submit", map[string]any{"email": email}).expect(t, 200, "").json(t)["model"].(map[string]any)
	if m["status"] != "waiting" {
		t.Fatalf("submit by email: %v", m)
	}
	if c := h.call("GET", "/organization/credits", nil).json(t)["credits"].(float64); c != 0.25 {
		t.Fatalf("credits %v, want 0.25", c)
	}
	// With 0.25 credits left invites still work (balance > 0) ...
	h.call("POST", "/organization/invites", map[string]any{"email": "quarter@northwind.example"}).expect(t, 200, "")
	// ... and at exactly 0 they fail.
	h.call("POST", "/_sandbox/settings", map[string]any{"credits": 0}).expect(t, 200, "")
	h.call("POST", "/organization/invites", map[string]any{"email": "zero@northwind.example"}).expect(t, 402, codeInsufficient)
}

func TestFiltersAndIncludes(t *testing.T) {
	h := newHarness(t, Options{Members: 120, Seed: 2})
	teams := h.call("GET", "/organization/teams", nil).json(t)["teams"].([]any)
	team := teams[1].(map[string]any)["id"].(string)
	for _, st := range modelStatuses {
		models := h.call("GET", "/organization/models?limit=200&status="+st, nil).expect(t, 200, "").json(t)["models"].([]any)
		if len(models) == 0 {
			t.Errorf("no model with status %s in a 120-member org", st)
		}
		for _, m := range models {
			if m.(map[string]any)["status"] != st {
				t.Fatalf("status filter %s returned %v", st, m.(map[string]any)["status"])
			}
		}
	}
	for _, m := range h.call("GET", "/organization/models?limit=200&teamId="+team, nil).json(t)["models"].([]any) {
		if m.(map[string]any)["teamId"] != team {
			t.Fatal("teamId filter leaked another team")
		}
	}
	fav := h.scenario(scFavorite).ModelIDs[0]
	loved := h.call("GET", "/organization/models/"+fav+"/photos?likedStatus=loved&include=all", nil).json(t)["photos"].([]any)
	if len(loved) != 1 {
		t.Fatalf("%d loved photos, want exactly the favorite", len(loved))
	}
	urls := loved[0].(map[string]any)["urls"].(map[string]any)
	if len(urls) != 3 || !strings.Contains(urls["thumbnail"].(string), "/thumbnail.jpg?") || !strings.HasPrefix(urls["original"].(string), h.ts.URL+"/cdn/photos/") {
		t.Fatalf("include=all urls: %v", urls)
	}
	mainOnly := h.call("GET", "/organization/models/"+fav+"/photos?limit=1", nil).json(t)["photos"].([]any)[0].(map[string]any)["urls"].(map[string]any)
	if len(mainOnly) != 1 || mainOnly["main"] == nil {
		t.Fatalf("default include should be main only: %v", mainOnly)
	}
	for st, want := range map[string]string{"accepted": "accepted", "pending": "pending", "finished": "finished"} {
		for _, m := range h.call("GET", "/organization/team?limit=200&status="+st, nil).json(t)["members"].([]any) {
			if m.(map[string]any)["status"] != want {
				t.Fatalf("member status filter %s leaked %v", st, m)
			}
		}
		body := h.call("GET", "/organization/team/"+st, nil).json(t)
		if int(body["count"].(float64)) != len(body["members"].([]any)) || len(body["members"].([]any)) == 0 {
			t.Fatalf("/team/%s count mismatch or empty: %v", st, body["count"])
		}
	}
}

func TestDeleteTeamKeepsMembers(t *testing.T) {
	h := newHarness(t, Options{Members: 80, Seed: 9})
	team := h.call("GET", "/organization/teams", nil).json(t)["teams"].([]any)[0].(map[string]any)["id"].(string)
	before := len(h.call("GET", "/organization/models?limit=200&teamId="+team, nil).json(t)["models"].([]any))
	if before == 0 {
		t.Fatal("seed put nobody in the first team")
	}
	org := h.call("DELETE", "/organization/teams/"+team, nil).expect(t, 200, "").json(t)["organization"].(map[string]any)
	for _, tm := range org["teams"].([]any) {
		if tm.(map[string]any)["id"] == team {
			t.Fatal("deleted team still listed")
		}
	}
	if n := len(h.call("GET", "/organization/models?limit=200&teamId="+team, nil).json(t)["models"].([]any)); n != 0 {
		t.Fatalf("%d models still point at the deleted team", n)
	}
	for _, inv := range h.call("GET", "/organization/invites", nil).json(t)["invites"].([]any) {
		if inv.(map[string]any)["teamId"] == team {
			t.Fatal("invite still points at the deleted team")
		}
	}
}

func TestBadInputNeverFiveHundreds(t *testing.T) {
	h := newHarness(t, Options{Members: 30})
	big := `{"email":"` + strings.Repeat("a", maxBodyBytes) + `@x.example"}`
	bodies := []string{big, `[]`, `null`, `"str"`, `{"email": 5}`, `{"email":"a@b.example"} trailing`, `{"email":"a@b.example"}{}`, "\x00\x01", `{"name":` + strings.Repeat("[", 5000)}
	paths := []string{"/organization/invites", "/organization/invites/revoke", "/organization/teams", "/organization/models",
		"/_sandbox/faults", "/_sandbox/clock", "/_sandbox/settings", "/_sandbox/invites/accept"}
	for _, p := range paths {
		for _, b := range bodies {
			r := h.call("POST", p, b)
			if r.status != http.StatusBadRequest {
				t.Errorf("POST %s with %.40q: status %d, want 400 (%.200s)", p, b, r.status, r.body)
			}
		}
	}
	r := h.call("POST", "/organization/invites", big).expect(t, 400, codeInvalidRequest)
	if !strings.Contains(string(r.body), "too large") {
		t.Fatalf("oversize body message: %s", r.body)
	}
	h.call("POST", "/organization/invites", `{"email":"x@y.example","extra":true}`).expect(t, 400, codeInvalidRequest)
}

// TestRandomRequestsNeverFail throws a deterministic mix of real route
// templates with good and bad path values, queries, bodies and methods at
// the API: every answer must be a documented non-5xx status with a JSON
// envelope.
func TestRandomRequestsNeverFail(t *testing.T) {
	h := newHarness(t, Options{Members: 40, Seed: 21, RateLimit: 100_000})
	fav := h.scenario(scFavorite)
	photo := h.call("GET", "/organization/models/"+fav.ModelIDs[0]+"/photos?limit=1", nil).json(t)["photos"].([]any)[0].(map[string]any)["id"].(string)
	team := h.call("GET", "/organization/teams", nil).json(t)["teams"].([]any)[0].(map[string]any)["id"].(string)
	templates := []string{"", "/credits", "/invites", "/invites/{e}", "/invites/revoke", "/team", "/team/accepted",
		"/team/pending", "/team/finished", "/teams", "/teams/{t}", "/teams/{t}/members", "/models", "/models/{m}",
		"/models/{m}/photos", "/models/{m}/photos/favorite", "/models/{m}/photos/download", "/models/{m}/photos/{p}",
		"/photos/favorites", "/{x}", "/models/{m}/{x}"}
	values := map[string][]string{
		"{e}": {fav.Email, "a%40b.example", "nobody@x.example", "junk", "%2F", strings.Repeat("z", 300) + "@x.example"},
		"{t}": {team, "team_x", "%00", "é"},
		"{m}": {fav.ModelIDs[0], "000000000000000000000000", "x y", ".."},
		"{p}": {photo, "nope", "%2e%2e"},
		"{x}": {"", "zzz", "%2F%2F", "favorite"},
	}
	queries := []string{"", "?limit=5", "?limit=-1", "?offset=x", "?status=active", "?status=nope", "?include=all",
		"?include=x", "?likedStatus=loved", "?teamId=", "?limit=1&limit=2", "?%zz", "?offset=999999"}
	bodies := []any{nil, "{}", `{"email":"a@b.example"}`, `{"name":"x"}`, `{"emails":["a@b.example"]}`,
		`{"photoIds":[1]}`, "[", `{"email":null}`, `{"name":""}`, `{"photoIds":[]}`}
	methods := []string{"GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"}
	rng := uint64(7)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	allowed := map[int]bool{200: true, 400: true, 402: true, 403: true, 404: true, 429: true}
	seen := map[int]int{}
	for i := 0; i < 500; i++ {
		path := "/organization" + templates[next(len(templates))]
		for k, vals := range values {
			path = strings.ReplaceAll(path, k, vals[next(len(vals))])
		}
		path += queries[next(len(queries))]
		method := methods[next(len(methods))]
		var body any
		if method != "GET" {
			body = bodies[next(len(bodies))]
		}
		r := h.call(method, path, body)
		if !allowed[r.status] {
			t.Fatalf("%s %s %v: status %d: %.200s", method, path, body, r.status, r.body)
		}
		if _, ok := r.json(t)["success"].(bool); !ok {
			t.Fatalf("%s %s: no success flag: %.200s", method, path, r.body)
		}
		seen[r.status]++
	}
	// The mix must reach handlers, not just the 404 fallback.
	if seen[200] < 40 || seen[400] < 40 {
		t.Fatalf("status mix %v: too few requests reached real handlers", seen)
	}
	t.Logf("status mix %v", seen)
}
