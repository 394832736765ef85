package google

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/api/googleapi"

	"github.com/shotdesk/shotdesk/internal/dirfake/googlefake"
	"github.com/shotdesk/shotdesk/internal/publish"
)

const adminEmail = "it-admin@example.com"

// One RSA key for the whole package: generating one takes a while.
var (
	saOnce sync.Once
	saKey  *googlefake.ServiceAccount
)

func testServiceAccount(t *testing.T) *googlefake.ServiceAccount {
	t.Helper()
	saOnce.Do(func() {
		var err error
		saKey, err = googlefake.NewServiceAccount("shotdesk@project.iam.gserviceaccount.com")
		if err != nil {
			panic(err)
		}
	})
	// Each test gets its own copy: the fake may change the delegation.
	sa := *saKey
	sa.Scopes = []string{googlefake.ScopeUser}
	return &sa
}

func instant(ctx context.Context, _ time.Duration) error { return ctx.Err() }

type env struct {
	fake   *googlefake.Server
	sa     *googlefake.ServiceAccount
	target publish.Target
}

// start serves a fake with users (the admin first) and connects a target
// acting as adminEmail, with instant retries unless opts say otherwise.
func start(t *testing.T, fo googlefake.Options, users []googlefake.User, co *publish.ClientConfig) *env {
	t.Helper()
	sa := testServiceAccount(t)
	fo.Users = append([]googlefake.User{{Email: adminEmail, Name: "IT Admin", Admin: true}}, users...)
	fo.ServiceAccounts = append(fo.ServiceAccounts, sa)
	if fo.RetryAfter == 0 {
		// Short pauses: ClientConfig.Sleep does not shorten the shared
		// pause after a 429, which waits out Retry-After in real time.
		fo.RetryAfter = 10 * time.Millisecond
	}
	fake := googlefake.New(fo)
	if err := fake.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	cc := publish.ClientConfig{Sleep: instant}
	if co != nil {
		cc = *co
	}
	tg, err := New(Config{ServiceAccountJSON: sa.JSON(fake.TokenURL()), Admin: adminEmail,
		AdminURL: fake.URL(), TokenURL: fake.TokenURL()}, cc)
	if err != nil {
		t.Fatal(err)
	}
	return &env{fake: fake, sa: sa, target: tg}
}

func people(n int, photoEvery int) []googlefake.User {
	var us []googlefake.User
	for i := range n {
		u := googlefake.User{Email: fmt.Sprintf("person%04d@example.com", i), Name: fmt.Sprintf("Person %d", i)}
		if photoEvery > 0 && i%photoEvery == 0 {
			u.Photo = googlefake.SamplePhoto(96, byte(i))
		}
		us = append(us, u)
	}
	return us
}

func account(t *testing.T, tg publish.Target, email string) publish.Account {
	t.Helper()
	accts, err := tg.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		if a.Email == email {
			return a
		}
	}
	t.Fatalf("no account %s", email)
	return publish.Account{}
}

var (
	baseOnce sync.Once
	base600  []byte
)

// jpeg600 is a 600×600 JPEG, different for each seed: one encoded image
// with the seed in a comment segment (encoding each one is slow under -race).
func jpeg600(seed byte) publish.Photo {
	baseOnce.Do(func() { base600 = googlefake.SamplePhoto(Limits.Side, 0) })
	data := append([]byte{0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x03, seed}, base600[2:]...)
	return publish.Photo{Data: data, ContentType: "image/jpeg"}
}

func TestConfigFromEnv(t *testing.T) {
	_, err := ConfigFromEnv(func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), EnvKeyFile) || !strings.Contains(err.Error(), EnvAdmin) {
		t.Fatalf("missing variables: %v", err)
	}
	vars := map[string]string{EnvKeyFile: "/keys/sa.json", EnvAdmin: " admin@example.com ", EnvAdminURL: "http://127.0.0.1:9", EnvTokenURL: "http://127.0.0.1:9/token"}
	cfg, err := ConfigFromEnv(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ServiceAccountFile != "/keys/sa.json" || cfg.Admin != "admin@example.com" || cfg.AdminURL != "http://127.0.0.1:9" || cfg.TokenURL != "http://127.0.0.1:9/token" {
		t.Fatalf("config: %+v", cfg)
	}
}

func TestNewChecksTheConfigInWords(t *testing.T) {
	sa := testServiceAccount(t)
	key := sa.JSON(DefaultTokenURL)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no admin", Config{ServiceAccountJSON: key}, "admin's email is missing"},
		{"admin not an email", Config{ServiceAccountJSON: key, Admin: "root"}, "not an email"},
		{"no key", Config{Admin: adminEmail}, "JSON key is missing"},
		{"key file missing", Config{ServiceAccountFile: filepath.Join(dir, "nope.json"), Admin: adminEmail}, "could not be read"},
		{"not JSON", Config{ServiceAccountJSON: []byte("-----BEGIN"), Admin: adminEmail}, "not JSON"},
		{"OAuth client, not a service account", Config{ServiceAccountJSON: []byte(`{"installed":{"client_id":"x"}}`), Admin: adminEmail}, "not a service account key"},
		{"plain http off this computer", Config{ServiceAccountJSON: key, Admin: adminEmail, AdminURL: "http://admin.example.com"}, EnvAdminURL},
		{"token URL not https", Config{ServiceAccountJSON: key, Admin: adminEmail, TokenURL: "ftp://x/token"}, EnvTokenURL},
	}
	for _, c := range cases {
		_, err := New(c.cfg, publish.ClientConfig{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want words with %q", c.name, err, c.want)
		}
	}
	tg, err := New(Config{ServiceAccountFile: keyFile, Admin: adminEmail}, publish.ClientConfig{})
	if err != nil {
		t.Fatalf("key from a file: %v", err)
	}
	info := tg.Info()
	if info.Name != "google" || info.Where != "example.com (as "+adminEmail+")" || info.Limits.Side != 600 || info.Concurrency != 8 {
		t.Fatalf("info: %+v", info)
	}
	if strings.Contains(fmt.Sprint(info), "PRIVATE KEY") {
		t.Fatal("the key leaked into Info")
	}
}

func TestAccountsListsEveryPage(t *testing.T) {
	users := people(1203, 0)
	users[7].Aliases = []string{"alias7@example.com"}
	e := start(t, googlefake.Options{}, users, nil)
	accts, err := e.target.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 1204 {
		t.Fatalf("%d accounts, want 1204", len(accts))
	}
	if got := e.fake.Requests(googlefake.KindList); got != 3 {
		t.Fatalf("%d list requests, want 3 pages of 500", got)
	}
	seen := map[string]bool{}
	for _, a := range accts {
		if a.ID == "" || seen[a.Email] {
			t.Fatalf("account %+v missing an id or listed twice", a)
		}
		seen[a.Email] = true
		if a.Email == users[7].Email && (len(a.Aliases) != 1 || a.Aliases[0] != "alias7@example.com" || a.Name != "Person 7") {
			t.Fatalf("alias or name lost: %+v", a)
		}
	}
}

func TestCurrentUploadRemove(t *testing.T) {
	users := people(3, 2) // person0000 and person0002 have photos
	e := start(t, googlefake.Options{}, users, nil)
	ctx := context.Background()
	withPhoto, without := account(t, e.target, "person0000@example.com"), account(t, e.target, "person0001@example.com")

	cur, err := e.target.Current(ctx, withPhoto)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cur.Data, users[0].Photo) || cur.ContentType != "image/jpeg" {
		t.Fatalf("current photo: %d bytes %s", len(cur.Data), cur.ContentType)
	}
	if _, err := e.target.Current(ctx, without); !errors.Is(err, publish.ErrNoPhoto) {
		t.Fatalf("no photo: %v", err)
	}

	p := jpeg600(200)
	if err := e.target.Upload(ctx, without, p); err != nil {
		t.Fatal(err)
	}
	if got, ct, ok := e.fake.Photo(without.Email); !ok || !bytes.Equal(got, p.Data) || ct != "image/jpeg" {
		t.Fatalf("uploaded photo not stored (ok=%v, %s)", ok, ct)
	}
	if err := e.target.Remove(ctx, without); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := e.fake.Photo(without.Email); ok {
		t.Fatal("photo still there after Remove")
	}
	if err := e.target.Remove(ctx, without); !errors.Is(err, publish.ErrNoPhoto) {
		t.Fatalf("removing no photo: %v", err)
	}

	gone := publish.Account{ID: "999", Email: "gone@example.com"}
	for name, err := range map[string]error{
		"current": func() error { _, err := e.target.Current(ctx, gone); return err }(),
		"upload":  e.target.Upload(ctx, gone, p),
		"remove":  e.target.Remove(ctx, gone),
	} {
		var perr *publish.PersonError
		if !errors.As(err, &perr) || publish.StatusOf(err) != http.StatusNotFound || !strings.Contains(perr.Words, "does not know gone@example.com") {
			t.Errorf("%s of an unknown user: %v", name, err)
		}
	}
}

func TestUploadReplacesAPhotoTheUserSetThemselves(t *testing.T) {
	users := people(1, 0)
	users[0].Photo, users[0].SelfSetPhoto = googlefake.SamplePhoto(96, 9), true
	e := start(t, googlefake.Options{}, users, nil)
	a := account(t, e.target, users[0].Email)
	p := jpeg600(10)
	if err := e.target.Upload(context.Background(), a, p); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := e.fake.Photo(a.Email); !bytes.Equal(got, p.Data) {
		t.Fatal("a photo the user set stayed in place: Upload must delete it first")
	}
}

func TestRefusedPhotoFailsWithGooglesWordsAndTheOldPhotoIsPutBack(t *testing.T) {
	users := people(1, 1)
	e := start(t, googlefake.Options{}, users, nil)
	ctx := context.Background()
	a := account(t, e.target, users[0].Email)
	if _, err := e.target.Current(ctx, a); err != nil { // as the runner does: read (and keep) first
		t.Fatal(err)
	}
	// Labelled PNG but a JPEG: Google refuses it (400) after the delete.
	err := e.target.Upload(ctx, a, publish.Photo{Data: jpeg600(1).Data, ContentType: "image/png"})
	var perr *publish.PersonError
	if !errors.As(err, &perr) || publish.StatusOf(err) != http.StatusBadRequest || !strings.Contains(perr.Words, "does not match the photo") {
		t.Fatalf("refused photo: %v", err)
	}
	if got, _, ok := e.fake.Photo(a.Email); !ok || !bytes.Equal(got, users[0].Photo) {
		t.Fatal("the old photo was not put back after the refused upload")
	}

}

func TestLimitsMatchWhatGoogleAccepts(t *testing.T) {
	cases := []struct {
		name string
		p    publish.Photo
		ok   bool
	}{
		{"600 JPEG", jpeg600(3), true},
		{"too large", publish.Photo{Data: append(jpeg600(3).Data, make([]byte, Limits.MaxBytes)...), ContentType: "image/jpeg"}, false},
		{"GIF", publish.Photo{Data: gif1x1, ContentType: "image/gif"}, false},
		{"not square", publish.Photo{Data: wideJPEG(), ContentType: "image/jpeg"}, false},
	}
	for _, c := range cases {
		if err := Limits.Check(c.p); (err == nil) != c.ok {
			t.Errorf("%s: Check = %v", c.name, err)
		}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(jpeg600(3).Data))
	if err != nil || cfg.Width != Limits.Side || len(jpeg600(3).Data) > Limits.MaxBytes {
		t.Fatalf("a rendered photo is not within the limits: %v %+v", err, cfg)
	}
}

var gif1x1 = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// wideJPEG is a 20×10 JPEG.
func wideJPEG() []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 20, 10)), nil); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func TestScopeNotDelegatedStopsWithTheAdminConsoleSteps(t *testing.T) {
	for name, scopes := range map[string][]string{
		"read-only scope only": {googlefake.ScopeUserReadonly},
		"no delegation":        nil,
	} {
		t.Run(name, func(t *testing.T) {
			e := start(t, googlefake.Options{}, people(2, 0), nil)
			e.fake.Delegate(e.sa.ClientID, scopes...)
			_, err := e.target.Accounts(context.Background())
			var stop *publish.StopError
			if !errors.As(err, &stop) {
				t.Fatalf("want a StopError, got %v", err)
			}
			for _, w := range []string{"Domain Wide Delegation", e.sa.ClientID, Scope, "API controls"} {
				if !strings.Contains(stop.Words, w) {
					t.Errorf("words %q lack %q", stop.Words, w)
				}
			}
			if e.fake.Requests(googlefake.KindList) != 0 {
				t.Error("the API was called without a token")
			}
		})
	}
}

func TestAdminProblemsStopTheRun(t *testing.T) {
	t.Run("unknown admin", func(t *testing.T) {
		e := start(t, googlefake.Options{}, nil, nil)
		tg, err := New(Config{ServiceAccountJSON: e.sa.JSON(e.fake.TokenURL()), Admin: "nobody@example.com",
			AdminURL: e.fake.URL(), TokenURL: e.fake.TokenURL()}, publish.ClientConfig{Sleep: instant})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tg.Accounts(context.Background())
		var stop *publish.StopError
		if !errors.As(err, &stop) || !strings.Contains(stop.Words, "does not know the admin nobody@example.com") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("not an admin", func(t *testing.T) {
		e := start(t, googlefake.Options{}, people(1, 0), nil)
		tg, err := New(Config{ServiceAccountJSON: e.sa.JSON(e.fake.TokenURL()), Admin: "person0000@example.com",
			AdminURL: e.fake.URL(), TokenURL: e.fake.TokenURL()}, publish.ClientConfig{Sleep: instant})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tg.Accounts(context.Background())
		var stop *publish.StopError
		if !errors.As(err, &stop) || publish.StatusOf(err) != http.StatusForbidden || !strings.Contains(stop.Words, "Users → Read and Users → Update") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("role taken away mid-run", func(t *testing.T) {
		e := start(t, googlefake.Options{}, people(1, 0), nil)
		a := account(t, e.target, "person0000@example.com")
		e.fake.Forbid(true)
		err := e.target.Upload(context.Background(), a, jpeg600(4))
		var stop *publish.StopError
		if !errors.As(err, &stop) || !strings.Contains(stop.Words, adminEmail+" is not allowed") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("key deleted", func(t *testing.T) {
		e := start(t, googlefake.Options{}, nil, nil)
		other, err := googlefake.NewServiceAccount(e.sa.Email) // same account, a key Google does not know
		if err != nil {
			t.Fatal(err)
		}
		tg, err := New(Config{ServiceAccountJSON: other.JSON(e.fake.TokenURL()), Admin: adminEmail,
			AdminURL: e.fake.URL(), TokenURL: e.fake.TokenURL()}, publish.ClientConfig{Sleep: instant})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tg.Accounts(context.Background())
		var stop *publish.StopError
		if !errors.As(err, &stop) || !strings.Contains(stop.Words, "deleted, disabled or replaced") || strings.Contains(err.Error(), "PRIVATE KEY") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestExpiredTokenIsRenewedOnce(t *testing.T) {
	e := start(t, googlefake.Options{}, people(2, 1), nil)
	ctx := context.Background()
	a := account(t, e.target, "person0000@example.com")
	e.fake.ExpireTokens()
	if _, err := e.target.Current(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := e.fake.Requests(googlefake.KindToken); got != 2 {
		t.Fatalf("%d token requests, want 2 (one renewal)", got)
	}
	if got := e.fake.Requests(googlefake.KindUnauthorized); got != 1 {
		t.Fatalf("%d 401s, want 1", got)
	}
}

func TestShortLivedTokensAreFetchedAgain(t *testing.T) {
	// Tokens that live less than the shared client's one-minute margin are
	// fetched again before each request rather than used until refused.
	e := start(t, googlefake.Options{TokenLifetime: 30 * time.Second}, people(1, 1), nil)
	a := account(t, e.target, "person0000@example.com")
	for range 3 {
		if _, err := e.target.Current(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.fake.Requests(googlefake.KindToken); got != 4 {
		t.Fatalf("%d token requests, want 4", got)
	}
	if e.fake.Requests(googlefake.KindUnauthorized) != 0 {
		t.Fatal("a short-lived token was used until refused")
	}
}

func TestThrottlingIsWaitedOut(t *testing.T) {
	t.Run("429 with a real Retry-After", func(t *testing.T) {
		// A real wait: Retry-After: 1, honoured by the shared client.
		e := start(t, googlefake.Options{RetryAfter: time.Second}, people(1, 0), &publish.ClientConfig{})
		a := account(t, e.target, "person0000@example.com")
		e.fake.Storm(1)
		started := time.Now()
		if err := e.target.Upload(context.Background(), a, jpeg600(5)); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(started); waited < time.Second {
			t.Fatalf("Retry-After was not honoured (waited %v)", waited)
		}
		if got := e.fake.Requests(googlefake.KindThrottled); got != 1 {
			t.Fatalf("%d throttled, want 1", got)
		}
		if _, _, ok := e.fake.Photo(a.Email); !ok {
			t.Fatal("photo not stored after the storm")
		}
	})
	t.Run("403 userRateLimitExceeded as documented", func(t *testing.T) {
		// Without Retry-After the client backs off 0.5 s, in real time.
		e := start(t, googlefake.Options{ThrottleAs403: true}, people(1, 0), nil)
		a := account(t, e.target, "person0000@example.com")
		e.fake.Storm(1)
		if err := e.target.Upload(context.Background(), a, jpeg600(6)); err != nil {
			t.Fatalf("a documented rate limit must be retried, not taken for a permission: %v", err)
		}
		if got := e.fake.Requests(googlefake.KindThrottled); got != 1 {
			t.Fatalf("%d throttled, want 1", got)
		}
		if _, _, ok := e.fake.Photo(a.Email); !ok {
			t.Fatal("photo not stored after the rate limit")
		}
	})
	t.Run("a storm longer than the retries", func(t *testing.T) {
		e := start(t, googlefake.Options{}, people(1, 0), nil)
		a := account(t, e.target, "person0000@example.com")
		e.fake.Storm(100)
		_, err := e.target.Current(context.Background(), a)
		var stop *publish.StopError
		if err == nil || errors.As(err, &stop) || publish.StatusOf(err) != http.StatusTooManyRequests ||
			!strings.Contains(publish.Words(err), "slow down") {
			t.Fatalf("got %v (%q)", err, publish.Words(err))
		}
	})
	t.Run("a rate of N per second", func(t *testing.T) {
		e := start(t, googlefake.Options{RatePerSecond: 40, RetryAfter: time.Second}, people(60, 1), &publish.ClientConfig{})
		accts, err := e.target.Accounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(accts))
		sem := make(chan struct{}, 8)
		for _, a := range accts[1:] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				if _, err := e.target.Current(context.Background(), a); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if e.fake.Requests(googlefake.KindThrottled) == 0 {
			t.Fatal("60 reads at once never met the 40/s limit: the throttle did not work")
		}
	})
}

func TestServerErrorsAreRetriedThenReported(t *testing.T) {
	e := start(t, googlefake.Options{}, people(1, 1), nil)
	a := account(t, e.target, "person0000@example.com")
	e.fake.Fail(2, http.StatusServiceUnavailable)
	if _, err := e.target.Current(context.Background(), a); err != nil {
		t.Fatalf("two 503s must be retried: %v", err)
	}
	e.fake.Fail(100, http.StatusInternalServerError)
	_, err := e.target.Current(context.Background(), a)
	var stop *publish.StopError
	if err == nil || errors.As(err, &stop) || !strings.Contains(publish.Words(err), "problem on its side") {
		t.Fatalf("got %v (%q)", err, publish.Words(err))
	}
}

func TestThumbnailAsGoogleDocumentsIt(t *testing.T) {
	e := start(t, googlefake.Options{Thumbnail: true}, people(1, 0), nil)
	ctx := context.Background()
	a := account(t, e.target, "person0000@example.com")
	if err := e.target.Upload(ctx, a, jpeg600(7)); err != nil {
		t.Fatal(err)
	}
	cur, err := e.target.Current(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(cur.Data))
	if err != nil || cfg.Width != 96 || cfg.Height != 96 || cur.ContentType != "image/jpeg" {
		t.Fatalf("read back %v %+v %s, want the 96×96 JPEG thumbnail", err, cfg, cur.ContentType)
	}
	// What Current returns can be sent back (a revert).
	if err := e.target.Upload(ctx, a, cur); err != nil {
		t.Fatal(err)
	}
}

func TestA403RateLimitIsNotAMissingPermission(t *testing.T) {
	tg := &target{base: "https://admin.googleapis.com", admin: adminEmail}
	err := tg.wrap(context.Background(), &googleapi.Error{Code: http.StatusForbidden, Message: "User Rate Limit Exceeded",
		Errors: []googleapi.ErrorItem{{Reason: "userRateLimitExceeded"}}}, "GET", "users", "list the users", "")
	var stop *publish.StopError
	if errors.As(err, &stop) || publish.StatusOf(err) != http.StatusTooManyRequests {
		t.Fatalf("got %v", err)
	}
	err = tg.wrap(context.Background(), &googleapi.Error{Code: http.StatusForbidden, Message: "Not Authorized to access this resource/api",
		Errors: []googleapi.ErrorItem{{Reason: "forbidden"}}}, "GET", "users", "list the users", "")
	if !errors.As(err, &stop) {
		t.Fatalf("a real 403 must stop the run: %v", err)
	}
}

func TestRateLimitTransportTurns403Into429(t *testing.T) {
	for body, want := range map[string]int{
		`{"error":{"code":403,"errors":[{"reason":"userRateLimitExceeded"}]}}`: http.StatusTooManyRequests,
		`{"error":{"code":403,"errors":[{"reason":"quotaExceeded"}]}}`:         http.StatusTooManyRequests,
		`{"error":{"code":403,"errors":[{"reason":"dailyLimitExceeded"}]}}`:    http.StatusForbidden,
		`{"error":{"code":403,"errors":[{"reason":"forbidden"}]}}`:             http.StatusForbidden,
		`not json`: http.StatusForbidden,
	} {
		rt := rateLimitTransport{base: roundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusForbidden, Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}}, nil
		})}
		resp, err := rt.RoundTrip(&http.Request{})
		if err != nil || resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d", body, resp.StatusCode, want)
		}
		if got, _ := io.ReadAll(resp.Body); string(got) != body {
			t.Errorf("%s: body not kept for the library: %q", body, got)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
