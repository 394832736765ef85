package graphfake_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/dirfake/graphfake"
)

// The Graph client's paths are tested in publish/entra; these are the
// fake's own rules a client there does not reach.

func token(t *testing.T, hs *httptest.Server, tenant string, basic bool) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {graphfake.GraphScope}}
	if !basic {
		form.Set("client_id", graphfake.DefaultClientID)
		form.Set("client_secret", graphfake.DefaultClientSecret)
	}
	req, _ := http.NewRequest(http.MethodPost, hs.URL+"/"+tenant+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(graphfake.DefaultClientID, graphfake.DefaultClientSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func call(t *testing.T, method, u, tok string) int {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestTokenByTenantIDAndBasicAuth(t *testing.T) {
	hs := httptest.NewServer(graphfake.New(graphfake.Options{TokenLifetime: time.Minute}))
	defer hs.Close()
	status, body := token(t, hs, graphfake.DefaultTenantID, true)
	if status != http.StatusOK || body["access_token"] == "" || body["expires_in"] != float64(60) {
		t.Errorf("tenant id, basic auth: %d %v", status, body)
	}
	status, body = token(t, hs, "other.onmicrosoft.com", false)
	if status != http.StatusBadRequest || !strings.Contains(body["error_description"].(string), "AADSTS90002") {
		t.Errorf("unknown tenant: %d %v", status, body)
	}
}

func TestPagingAndPhotoRoutes(t *testing.T) {
	fake := graphfake.New(graphfake.Options{}, graphfake.People(3, "contoso.com", 2)...)
	hs := httptest.NewServer(fake)
	defer hs.Close()
	_, body := token(t, hs, graphfake.DefaultTenant, false)
	tok := body["access_token"].(string)

	if got := call(t, http.MethodGet, hs.URL+"/v1.0/users?$top=1000", tok); got != http.StatusBadRequest {
		t.Errorf("$top=1000: %d, want 400 (Graph takes 1-999)", got)
	}
	if got := call(t, http.MethodGet, hs.URL+"/v1.0/users?$top=2", "not-a-token"); got != http.StatusUnauthorized {
		t.Errorf("unknown token: %d, want 401", got)
	}
	if got := call(t, http.MethodDelete, hs.URL+"/v1.0/users/person0001@contoso.com/photo", tok); got != http.StatusOK {
		t.Errorf("DELETE …/photo by UPN: %d, want 200", got)
	}
	if _, ok := fake.Photo("person0001@contoso.com"); ok {
		t.Error("the photo is still there")
	}
	if got := call(t, http.MethodDelete, hs.URL+"/v1.0/users/person0002@contoso.com/photo/$value", tok); got != http.StatusNotFound {
		t.Errorf("DELETE of a photo that is not there: %d, want 404", got)
	}
	if got := call(t, http.MethodGet, hs.URL+"/v1.0/groups", tok); got != http.StatusNotFound {
		t.Errorf("a route the fake does not serve: %d, want 404", got)
	}
	fake.FailNext(1, http.StatusBadGateway)
	if got := call(t, http.MethodGet, hs.URL+"/v1.0/users", tok); got != http.StatusBadGateway {
		t.Errorf("FailNext: %d, want 502", got)
	}
	if s := fake.Stats(); s.Token != 1 || s.List != 3 || s.Delete != 2 || s.Unauthorized != 1 || s.Faults != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestThrottleAnswersRetryAfter(t *testing.T) {
	fake := graphfake.New(graphfake.Options{RatePerSecond: 2}, graphfake.People(1, "contoso.com", 0)...)
	hs := httptest.NewServer(fake)
	defer hs.Close()
	_, body := token(t, hs, graphfake.DefaultTenant, false)
	tok := body["access_token"].(string)
	var statuses []int
	var retryAfter string
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1.0/users", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			retryAfter = resp.Header.Get("Retry-After")
		}
	}
	if statuses[0] != 200 || statuses[1] != 200 || statuses[2] != http.StatusTooManyRequests || retryAfter != "1" {
		t.Errorf("statuses %v, Retry-After %q; want 200 200 429 with Retry-After: 1", statuses, retryAfter)
	}
}
