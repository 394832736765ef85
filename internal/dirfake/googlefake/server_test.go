package googlefake

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2/jws"
)

var (
	keyOnce sync.Once
	testSA  *ServiceAccount
)

// clock is a settable time for the fake.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func serve(t *testing.T, opts Options) (*Server, *ServiceAccount, *clock) {
	t.Helper()
	keyOnce.Do(func() {
		var err error
		if testSA, err = NewServiceAccount("sa@p.iam.gserviceaccount.com"); err != nil {
			panic(err)
		}
	})
	sa := *testSA
	sa.Scopes = []string{ScopeUser}
	c := &clock{t: time.Now()}
	opts.Now = c.now
	opts.ServiceAccounts = []*ServiceAccount{&sa}
	opts.Users = append([]User{{Email: "admin@example.com", Admin: true}, {Email: "bob@example.com", Aliases: []string{"robert@example.com"}}}, opts.Users...)
	s := New(opts)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, &sa, c
}

// assertion signs a claim set as the oauth2 library would, with changes.
func assertion(t *testing.T, s *Server, sa *ServiceAccount, change func(*jws.ClaimSet)) string {
	t.Helper()
	now := time.Now()
	cs := &jws.ClaimSet{Iss: sa.Email, Scope: ScopeUser, Aud: s.TokenURL(), Sub: "admin@example.com",
		Iat: now.Add(-10 * time.Second).Unix(), Exp: now.Add(50 * time.Minute).Unix()}
	if change != nil {
		change(cs)
	}
	a, err := jws.Encode(&jws.Header{Algorithm: "RS256", Typ: "JWT", KeyID: sa.KeyID}, cs, sa.Key)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func postToken(t *testing.T, s *Server, assertion string) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(s.TokenURL(), url.Values{"grant_type": {jwtBearerGrant}, "assertion": {assertion}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func token(t *testing.T, s *Server, sa *ServiceAccount) string {
	t.Helper()
	code, body := postToken(t, s, assertion(t, s, sa, nil))
	if code != http.StatusOK {
		t.Fatalf("token: %d %v", code, body)
	}
	return body["access_token"].(string)
}

func call(t *testing.T, s *Server, method, path, tok, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, resp.Header, out
}

func errMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func TestTokenEndpointChecksTheAssertion(t *testing.T) {
	s, sa, _ := serve(t, Options{})
	other, err := NewServiceAccount(sa.Email)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		assertion string
		code      int
		errCode   string
		words     string
	}{
		{"valid", assertion(t, s, sa, nil), 200, "", ""},
		{"signed by another key", assertion(t, s, &ServiceAccount{Email: sa.Email, KeyID: sa.KeyID, Key: other.Key}, nil), 400, "invalid_grant", "Invalid JWT Signature."},
		{"unknown account", assertion(t, s, &ServiceAccount{Email: "x@p.iam.gserviceaccount.com", Key: sa.Key}, nil), 400, "invalid_grant", "account not found"},
		{"wrong audience", assertion(t, s, sa, func(c *jws.ClaimSet) { c.Aud = "https://oauth2.googleapis.com/token" }), 400, "invalid_grant", "audience"},
		{"expired", assertion(t, s, sa, func(c *jws.ClaimSet) {
			c.Iat, c.Exp = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
		}), 400, "invalid_grant", "short-lived"},
		{"too long-lived", assertion(t, s, sa, func(c *jws.ClaimSet) { c.Exp = time.Now().Add(2 * time.Hour).Unix() }), 400, "invalid_grant", "short-lived"},
		{"scope not delegated", assertion(t, s, sa, func(c *jws.ClaimSet) { c.Scope = "https://www.googleapis.com/auth/admin.directory.group" }), 401, "unauthorized_client", "not authorized for any of the scopes"},
		{"unknown user", assertion(t, s, sa, func(c *jws.ClaimSet) { c.Sub = "ghost@example.com" }), 400, "invalid_grant", "Invalid email or User ID"},
		{"no scope", assertion(t, s, sa, func(c *jws.ClaimSet) { c.Scope = "" }), 400, "invalid_scope", ""},
		{"not a JWT", "abc", 400, "invalid_grant", ""},
	}
	for _, c := range cases {
		code, body := postToken(t, s, c.assertion)
		if code != c.code || (c.errCode != "" && body["error"] != c.errCode) ||
			!strings.Contains(str(body["error_description"]), c.words) {
			t.Errorf("%s: %d %v", c.name, code, body)
		}
	}
	resp, err := http.PostForm(s.TokenURL(), url.Values{"grant_type": {"client_credentials"}})
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("another grant: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if got := s.Requests(KindToken); got != len(cases)+1 {
		t.Fatalf("%d token requests counted, want %d", got, len(cases)+1)
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func TestAPIChecksTokenScopeAndRole(t *testing.T) {
	s, sa, clk := serve(t, Options{TokenLifetime: time.Minute})
	const photo = "/admin/directory/v1/users/bob@example.com/photos/thumbnail"
	if code, h, _ := call(t, s, "GET", photo, "", ""); code != 401 || h.Get("WWW-Authenticate") == "" {
		t.Fatalf("no token: %d", code)
	}
	tok := token(t, s, sa)
	if code, _, body := call(t, s, "GET", photo, tok, ""); code != 404 || !strings.Contains(errMessage(body), "photo") {
		t.Fatalf("no photo yet: %d %v", code, body)
	}
	clk.add(time.Minute)
	if code, _, _ := call(t, s, "GET", photo, tok, ""); code != 401 {
		t.Fatalf("expired token: %d", code)
	}
	tok = token(t, s, sa)
	s.ExpireTokens()
	if code, _, _ := call(t, s, "GET", photo, tok, ""); code != 401 {
		t.Fatalf("token after ExpireTokens: %d", code)
	}

	// A read-only token cannot write.
	s.Delegate(sa.ClientID, ScopeUserReadonly)
	code, body := postToken(t, s, assertion(t, s, sa, func(c *jws.ClaimSet) { c.Scope = ScopeUserReadonly }))
	if code != 200 {
		t.Fatalf("read-only token: %d %v", code, body)
	}
	ro := body["access_token"].(string)
	if code, _, _ := call(t, s, "GET", photo, ro, ""); code != 404 {
		t.Fatalf("read with a read-only token: %d", code)
	}
	if code, _, body := call(t, s, "DELETE", photo, ro, ""); code != 403 || !strings.Contains(errMessage(body), "insufficient authentication scopes") {
		t.Fatalf("write with a read-only token: %d %v", code, body)
	}

	// Acting as a user who is not an admin, or after the role is taken away.
	s.Delegate(sa.ClientID, ScopeUser)
	code, body = postToken(t, s, assertion(t, s, sa, func(c *jws.ClaimSet) { c.Sub = "bob@example.com" }))
	if code != 200 {
		t.Fatalf("token as bob: %d %v", code, body)
	}
	if code, _, body := call(t, s, "GET", photo, body["access_token"].(string), ""); code != 403 || errMessage(body) != "Not Authorized to access this resource/api" {
		t.Fatalf("as a non-admin: %d %v", code, body)
	}
	tok = token(t, s, sa)
	s.Forbid(true)
	if code, _, _ := call(t, s, "GET", photo, tok, ""); code != 403 {
		t.Fatalf("forbidden: %d", code)
	}
}

func TestPhotoUpdateEnforcesGooglesRules(t *testing.T) {
	s, sa, _ := serve(t, Options{})
	tok := token(t, s, sa)
	const photo = "/admin/directory/v1/users/robert@example.com/photos/thumbnail" // an alias works as userKey
	jpg := SamplePhoto(64, 1)
	put := func(data, mime string) (int, string) {
		body, _ := json.Marshal(map[string]any{"photoData": data, "mimeType": mime})
		code, _, out := call(t, s, "PUT", photo, tok, string(body))
		return code, errMessage(out)
	}
	std := base64.StdEncoding.EncodeToString(jpg)
	if !strings.ContainsAny(std, "+/") {
		t.Fatal("pick a sample whose base64 has + or /")
	}
	cases := []struct {
		name, data, mime string
		code             int
		words            string
	}{
		{"standard base64", std, "", 400, "web-safe"},
		{"not an image", base64.URLEncoding.EncodeToString([]byte("hello, world")), "", 400, "not a JPEG"},
		{"WebP", base64.URLEncoding.EncodeToString([]byte("RIFF\x00\x00\x00\x00WEBPVP8 ")), "", 400, "not a JPEG"},
		{"over 5 MB", base64.URLEncoding.EncodeToString(append(jpg, make([]byte, MaxPhotoBytes)...)), "", 400, "5 MB"},
		{"mimeType of another type", base64.URLEncoding.EncodeToString(jpg), "image/png", 400, "does not match"},
		{"mimeType not accepted", base64.URLEncoding.EncodeToString(jpg), "image/webp", 400, "is not JPEG"},
		{"empty", "", "", 400, "required"},
		{"padded web-safe", base64.URLEncoding.EncodeToString(jpg), "image/jpeg", 200, ""},
		{"unpadded, JPEG as Google names it", base64.RawURLEncoding.EncodeToString(jpg), "JPEG", 200, ""},
	}
	for _, c := range cases {
		code, words := put(c.data, c.mime)
		if code != c.code || !strings.Contains(words, c.words) {
			t.Errorf("%s: %d %q", c.name, code, words)
		}
	}
	if got, ct, ok := s.Photo("bob@example.com"); !ok || string(got) != string(jpg) || ct != "image/jpeg" {
		t.Fatal("the accepted photo is not stored")
	}
	code, _, body := call(t, s, "GET", photo, tok, "")
	if code != 200 || body["photoData"] != base64.URLEncoding.EncodeToString(jpg) || body["width"] != float64(64) {
		t.Fatalf("get: %d %v", code, body["width"])
	}
	if code, _, body := call(t, s, "GET", "/admin/directory/v1/users/nobody@example.com/photos/thumbnail", tok, ""); code != 404 || errMessage(body) != "Resource Not Found: userKey" {
		t.Fatalf("unknown user: %d %v", code, body)
	}
	if code, _, _ := call(t, s, "DELETE", photo, tok, ""); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code, _, _ := call(t, s, "DELETE", photo, tok, ""); code != 404 {
		t.Fatalf("delete again: %d", code)
	}
	if s.Requests(KindPhotoUpdate) != len(cases) || s.Requests(KindPhotoDelete) != 2 {
		t.Fatalf("counts: %v", s.Counts())
	}
}

func TestListPagesAndParameters(t *testing.T) {
	var users []User
	for i := range 7 {
		users = append(users, User{Email: "u" + string(rune('a'+i)) + "@example.com"})
	}
	s, sa, _ := serve(t, Options{Users: users})
	tok := token(t, s, sa)
	var emails []string
	next := ""
	for pages := 0; ; pages++ {
		code, _, body := call(t, s, "GET", "/admin/directory/v1/users?customer=my_customer&maxResults=4&pageToken="+next, tok, "")
		if code != 200 || pages > 3 {
			t.Fatalf("page %d: %d %v", pages, code, body)
		}
		for _, u := range body["users"].([]any) {
			emails = append(emails, u.(map[string]any)["primaryEmail"].(string))
		}
		n, _ := body["nextPageToken"].(string)
		if n == "" {
			break
		}
		next = n
	}
	if len(emails) != 9 || emails[0] != "admin@example.com" {
		t.Fatalf("listed %v", emails)
	}
	for query, want := range map[string]int{
		"":                                    400, // customer or domain is required
		"customer=my_customer&maxResults=501": 400,
		"customer=my_customer&maxResults=0":   400,
		"customer=my_customer&pageToken=zz":   400,
		"domain=example.com&maxResults=500":   200,
		"domain=other.com":                    403,
	} {
		if code, _, _ := call(t, s, "GET", "/admin/directory/v1/users?"+query, tok, ""); code != want {
			t.Errorf("%q: %d, want %d", query, code, want)
		}
	}
}

func TestFaults(t *testing.T) {
	s, sa, clk := serve(t, Options{RatePerSecond: 3})
	tok := token(t, s, sa)
	get := func() (int, http.Header, map[string]any) {
		return call(t, s, "GET", "/admin/directory/v1/users/bob@example.com/photos/thumbnail", tok, "")
	}
	for i := range 3 {
		if code, _, _ := get(); code != 404 {
			t.Fatalf("request %d under the rate: %d", i, code)
		}
	}
	if code, h, body := get(); code != 429 || h.Get("Retry-After") != "1" || !strings.Contains(errMessage(body), "Quota exceeded") {
		t.Fatalf("over the rate: %d %q %v", code, h.Get("Retry-After"), body)
	}
	clk.add(time.Second)
	if code, _, _ := get(); code != 404 {
		t.Fatalf("a second later: %d", code)
	}
	s.SetRate(0)
	s.Storm(2)
	for range 2 {
		if code, _, _ := get(); code != 429 {
			t.Fatalf("storm: %d", code)
		}
	}
	if code, _, _ := get(); code != 404 {
		t.Fatal("the storm did not end")
	}
	s.Fail(1, 503)
	if code, _, _ := get(); code != 503 {
		t.Fatalf("fault: %d", code)
	}
	if got := s.Requests(KindThrottled); got != 3 {
		t.Fatalf("%d throttled", got)
	}
	if got := s.Requests(KindFailed); got != 1 {
		t.Fatalf("%d failed", got)
	}
	s.SetLatency(30 * time.Millisecond)
	started := time.Now()
	get()
	if d := time.Since(started); d < 30*time.Millisecond {
		t.Fatalf("latency not added: %v", d)
	}
}

func TestThrottleAs403HasNoRetryAfter(t *testing.T) {
	s, sa, _ := serve(t, Options{ThrottleAs403: true})
	tok := token(t, s, sa)
	s.Storm(1)
	code, h, body := call(t, s, "GET", "/admin/directory/v1/users?customer=my_customer", tok, "")
	e := body["error"].(map[string]any)["errors"].([]any)[0].(map[string]any)
	if code != 403 || e["reason"] != "userRateLimitExceeded" || h.Get("Retry-After") != "" {
		t.Fatalf("got %d %v %q", code, e, h.Get("Retry-After"))
	}
}

func TestSelfSetPhotoStaysUntilDeleted(t *testing.T) {
	old := SamplePhoto(32, 7)
	s, sa, _ := serve(t, Options{Users: []User{{Email: "carol@example.com", Photo: old, SelfSetPhoto: true}}})
	tok := token(t, s, sa)
	const photo = "/admin/directory/v1/users/carol@example.com/photos/thumbnail"
	body, _ := json.Marshal(map[string]string{"photoData": base64.URLEncoding.EncodeToString(SamplePhoto(32, 8))})
	if code, _, _ := call(t, s, "PUT", photo, tok, string(body)); code != 200 {
		t.Fatalf("update: %d", code)
	}
	if got, _, _ := s.Photo("carol@example.com"); string(got) != string(old) {
		t.Fatal("the self-set photo was replaced without a delete")
	}
	call(t, s, "DELETE", photo, tok, "")
	call(t, s, "PUT", photo, tok, string(body))
	if got, _, _ := s.Photo("carol@example.com"); string(got) == string(old) {
		t.Fatal("the photo did not change after a delete")
	}
}
