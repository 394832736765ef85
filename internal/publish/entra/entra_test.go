package entra_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/dirfake/graphfake"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/entra"
)

// startFake serves a fake tenant on loopback for the test's duration.
func startFake(t *testing.T, opts graphfake.Options, accounts ...graphfake.Account) *graphfake.Server {
	t.Helper()
	srv := graphfake.New(opts, accounts...)
	if _, err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// configFor is a Config that signs in to srv with its default client.
func configFor(srv *graphfake.Server) entra.Config {
	return entra.Config{Tenant: srv.Tenant(), ClientID: graphfake.DefaultClientID, ClientSecret: graphfake.DefaultClientSecret,
		GraphURL: srv.GraphURL(), LoginURL: srv.URL()}
}

// instant makes the client's waits (Retry-After, backoff) take no time.
func instant(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func newTarget(t *testing.T, cfg entra.Config, cc publish.ClientConfig) publish.Target {
	t.Helper()
	tg, err := entra.New(cfg, cc)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func account(srv *graphfake.Server, upn string) publish.Account {
	for _, a := range srv.Accounts() {
		if a.UPN == upn {
			return publish.Account{ID: a.ID, Email: a.UPN, Name: a.DisplayName}
		}
	}
	panic("no account " + upn)
}

func jpegPhoto(side, seed int) publish.Photo {
	return publish.Photo{Data: graphfake.SamplePhoto(side, seed), ContentType: "image/jpeg"}
}

func pngPhoto(t *testing.T, side int) publish.Photo {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, side, side))); err != nil {
		t.Fatal(err)
	}
	return publish.Photo{Data: buf.Bytes(), ContentType: "image/png"}
}

func wantStop(t *testing.T, err error, words ...string) {
	t.Helper()
	var stop *publish.StopError
	if !errors.As(err, &stop) {
		t.Fatalf("want a StopError, got %T: %v", err, err)
	}
	for _, w := range words {
		if !strings.Contains(stop.Words, w) {
			t.Errorf("words %q do not mention %q", stop.Words, w)
		}
	}
}

func wantPersonError(t *testing.T, err error, words ...string) {
	t.Helper()
	var pe *publish.PersonError
	if !errors.As(err, &pe) {
		t.Fatalf("want a PersonError, got %T: %v", err, err)
	}
	for _, w := range words {
		if !strings.Contains(pe.Words, w) {
			t.Errorf("words %q do not mention %q", pe.Words, w)
		}
	}
}

// ---- configuration ----------------------------------------------------------

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	_, err := entra.ConfigFromEnv(env(nil))
	if !errors.Is(err, entra.ErrNotConfigured) {
		t.Errorf("nothing set: %v, want ErrNotConfigured", err)
	}

	cfg, err := entra.ConfigFromEnv(env(map[string]string{entra.EnvTenant: "contoso.onmicrosoft.com"}))
	if err == nil || errors.Is(err, entra.ErrNotConfigured) || !strings.Contains(err.Error(), entra.EnvClientID) || !strings.Contains(err.Error(), entra.EnvClientSecret) {
		t.Errorf("half set: %v, want the two missing variables named", err)
	}
	if cfg.Tenant != "contoso.onmicrosoft.com" {
		t.Errorf("half set: the tenant read is %q", cfg.Tenant)
	}

	full := map[string]string{entra.EnvTenant: " contoso.onmicrosoft.com ", entra.EnvClientID: graphfake.DefaultClientID, entra.EnvClientSecret: "s3cr~et"}
	cfg, err = entra.ConfigFromEnv(env(full))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Tenant != "contoso.onmicrosoft.com" || cfg.ClientSecret != "s3cr~et" || cfg.GraphURL != "" || cfg.LoginURL != "" {
		t.Errorf("full: %v", cfg)
	}

	full[entra.EnvGraphURL] = "http://graph.example.com/v1.0"
	if _, err := entra.ConfigFromEnv(env(full)); err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Errorf("plain http off this computer: %v, want refused", err)
	}
	full[entra.EnvGraphURL] = "http://127.0.0.1:9/v1.0"
	full[entra.EnvLoginURL] = "http://localhost:9"
	if _, err := entra.ConfigFromEnv(env(full)); err != nil {
		t.Errorf("plain http to loopback: %v, want accepted", err)
	}
}

func TestNewSaysWhichFieldIsWrong(t *testing.T) {
	good := entra.Config{Tenant: "contoso.onmicrosoft.com", ClientID: graphfake.DefaultClientID, ClientSecret: "x~y"}
	cases := []struct {
		name   string
		change func(*entra.Config)
		words  string
	}{
		{"no tenant", func(c *entra.Config) { c.Tenant = "" }, "the tenant is missing"},
		{"common tenant", func(c *entra.Config) { c.Tenant = "common" }, "not one directory"},
		{"bad tenant", func(c *entra.Config) { c.Tenant = "not a tenant" }, "neither a tenant ID"},
		{"no client", func(c *entra.Config) { c.ClientID = "" }, "client ID is missing"},
		{"bad client", func(c *entra.Config) { c.ClientID = "my-app" }, "is not a GUID"},
		{"no secret", func(c *entra.Config) { c.ClientSecret = "" }, "client secret is missing"},
		{"secret id", func(c *entra.Config) { c.ClientSecret = "0b5f3a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b" }, "looks like the secret's ID"},
		{"graph url", func(c *entra.Config) { c.GraphURL = "ftp://graph" }, "Graph URL"},
		{"login url", func(c *entra.Config) { c.LoginURL = "http://login.example.com" }, "sign-in URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.change(&c)
			_, err := entra.New(c, publish.ClientConfig{})
			if err == nil || !strings.Contains(err.Error(), tc.words) {
				t.Errorf("got %v, want words %q", err, tc.words)
			}
		})
	}
	if _, err := entra.New(good, publish.ClientConfig{}); err != nil {
		t.Errorf("good config: %v", err)
	}
}

func TestConfigNeverShowsTheSecret(t *testing.T) {
	c := entra.Config{Tenant: "contoso.onmicrosoft.com", ClientID: graphfake.DefaultClientID, ClientSecret: "do-not-print-me"}
	var b strings.Builder
	for _, s := range []string{c.String(), c.GoString()} {
		b.WriteString(s)
	}
	if strings.Contains(b.String(), "do-not-print-me") {
		t.Errorf("the secret is printed: %s", b.String())
	}
}

func TestInfo(t *testing.T) {
	srv := startFake(t, graphfake.Options{})
	info := newTarget(t, configFor(srv), publish.ClientConfig{}).Info()
	if info.Name != "entra" || info.Where != srv.Tenant() || info.Limits.Side != 648 || info.Concurrency <= 0 {
		t.Errorf("info %+v", info)
	}
	// The limits the runner enforces before sending.
	if err := info.Limits.Check(jpegPhoto(648, 1)); err != nil {
		t.Errorf("a 648×648 JPEG: %v", err)
	}
	var buf bytes.Buffer
	_ = gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, 10, 10), []color.Color{color.Black}), nil)
	if err := info.Limits.Check(publish.Photo{Data: buf.Bytes(), ContentType: "image/gif"}); err == nil {
		t.Error("a GIF passed the limits")
	}
	buf.Reset()
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 60, 40)), nil); err != nil {
		t.Fatal(err)
	}
	wide := publish.Photo{Data: buf.Bytes(), ContentType: "image/jpeg"}
	if err := info.Limits.Check(wide); err == nil || !strings.Contains(err.Error(), "square") {
		t.Errorf("a 60×40 photo: %v, want refused as not square", err)
	}
}

// ---- accounts ---------------------------------------------------------------

func TestAccountsFollowsEveryPage(t *testing.T) {
	people := graphfake.People(2100, "contoso.com", 0)
	people = append(people, graphfake.Account{UPN: "jo@contoso.onmicrosoft.com", Mail: "jo.smith@contoso.com", DisplayName: "Jo Smith"})
	srv := startFake(t, graphfake.Options{}, people...)
	accts, err := newTarget(t, configFor(srv), publish.ClientConfig{}).Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 2101 {
		t.Fatalf("%d accounts, want 2101", len(accts))
	}
	if got := srv.Stats().List; got != 3 {
		t.Errorf("%d pages read, want 3 (999 a page)", got)
	}
	ids := map[string]bool{}
	for _, a := range accts {
		if ids[a.ID] {
			t.Fatalf("account %s listed twice", a.ID)
		}
		ids[a.ID] = true
	}
	noMail := accts[24] // person0025 has no mail: its UPN is its address
	if noMail.Email != "person0025@contoso.com" || len(noMail.Aliases) != 0 {
		t.Errorf("account without mail: %+v", noMail)
	}
	if upper := accts[9]; upper.Email != "PERSON0010@contoso.com" || len(upper.Aliases) != 0 {
		t.Errorf("mail differing from the UPN only in case: %+v", upper)
	}
	jo := accts[2100]
	if jo.Email != "jo.smith@contoso.com" || len(jo.Aliases) != 1 || jo.Aliases[0] != "jo@contoso.onmicrosoft.com" || jo.Name != "Jo Smith" {
		t.Errorf("mail and UPN differ: %+v, want the UPN as an alias", jo)
	}
}

func TestAccountsRefusesANextLinkElsewhere(t *testing.T) {
	// Mounted by hand with a BaseURL that is not where it is served, so its
	// next links point at another host: the token must not follow them.
	fake := graphfake.New(graphfake.Options{BaseURL: "http://127.0.0.2:9"}, graphfake.People(1000, "contoso.com", 0)...)
	hs := httptest.NewServer(fake)
	defer hs.Close()
	cfg := entra.Config{Tenant: fake.Tenant(), ClientID: graphfake.DefaultClientID, ClientSecret: graphfake.DefaultClientSecret,
		GraphURL: hs.URL + "/v1.0", LoginURL: hs.URL}
	_, err := newTarget(t, cfg, publish.ClientConfig{}).Accounts(context.Background())
	if err == nil || !strings.Contains(err.Error(), "another address") {
		t.Fatalf("got %v, want the next link refused", err)
	}
	if fake.Stats().List != 1 {
		t.Errorf("%d pages read, want only the first", fake.Stats().List)
	}
}

// ---- photos -----------------------------------------------------------------

func TestCurrentUploadRemove(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(4, "contoso.com", 2)...) // 1 and 3 have a photo
	tg := newTarget(t, configFor(srv), publish.ClientConfig{})
	ctx := context.Background()
	with, without := account(srv, "person0001@contoso.com"), account(srv, "person0002@contoso.com")

	cur, err := tg.Current(ctx, with)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := srv.Photo(with.ID)
	if !bytes.Equal(cur.Data, old.Data) || cur.ContentType != "image/jpeg" {
		t.Errorf("current photo: %d bytes %s, want the fake's %d bytes image/jpeg", len(cur.Data), cur.ContentType, len(old.Data))
	}
	if _, err := tg.Current(ctx, without); !errors.Is(err, publish.ErrNoPhoto) {
		t.Errorf("no photo: %v, want ErrNoPhoto", err)
	}

	for i, a := range []publish.Account{with, without} {
		p := jpegPhoto(648, 10+i)
		if err := tg.Upload(ctx, a, p); err != nil {
			t.Fatal(err)
		}
		got, ok := srv.Photo(a.ID)
		if !ok || !bytes.Equal(got.Data, p.Data) || got.ContentType != "image/jpeg" {
			t.Errorf("%s: the fake does not hold the uploaded photo", a.Email)
		}
	}
	png := pngPhoto(t, 100)
	if err := tg.Upload(ctx, without, png); err != nil {
		t.Fatalf("a PNG (a kept photo put back): %v", err)
	}
	if got, _ := srv.Photo(without.ID); got.ContentType != "image/png" {
		t.Errorf("PNG stored as %s", got.ContentType)
	}

	if err := tg.Remove(ctx, with); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.Photo(with.ID); ok {
		t.Error("the photo is still there after Remove")
	}
	if err := tg.Remove(ctx, with); !errors.Is(err, publish.ErrNoPhoto) {
		t.Errorf("removing a photo that is not there: %v, want ErrNoPhoto", err)
	}
	if s := srv.Stats(); s.Get != 2 || s.Put != 3 || s.Delete != 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestUnknownUserFailsThatPersonOnly(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(2, "contoso.com", 0)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{})
	gone := publish.Account{ID: "00000000-dead-4000-8000-000000000000", Email: "gone@contoso.com"}
	ctx := context.Background()
	_, err := tg.Current(ctx, gone)
	wantPersonError(t, err, "does not know this person")
	wantPersonError(t, tg.Upload(ctx, gone, jpegPhoto(64, 1)), "does not know this person")
	wantPersonError(t, tg.Remove(ctx, gone), "does not know this person")
}

func TestPhotoRefusalsFailThePerson(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 0)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	a := account(srv, "person0001@contoso.com")
	ctx := context.Background()

	// Upload is called with photos already within Limits; these bypass
	// the runner's check to see the fake (and Graph) refuse them.
	big := append(graphfake.SamplePhoto(64, 1), make([]byte, graphfake.MaxPhotoBytes)...)
	wantPersonError(t, tg.Upload(ctx, a, publish.Photo{Data: big, ContentType: "image/jpeg"}), "4 MB")

	var buf bytes.Buffer
	_ = gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, 10, 10), []color.Color{color.Black}), nil)
	wantPersonError(t, tg.Upload(ctx, a, publish.Photo{Data: buf.Bytes(), ContentType: "image/gif"}), "image/jpeg or image/png")

	wantPersonError(t, tg.Upload(ctx, a, publish.Photo{Data: []byte("not an image"), ContentType: "image/jpeg"}), "not a readable")

	if _, ok := srv.Photo(a.ID); ok {
		t.Error("a refused photo was stored")
	}
}

// ---- throttling, faults, sign-in ----------------------------------------------

func TestStormIsRetried(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	a := account(srv, "person0001@contoso.com")
	srv.Storm(5, 30)
	if _, err := tg.Current(context.Background(), a); err != nil {
		t.Fatalf("after a storm of 5: %v", err)
	}
	if s := srv.Stats(); s.Throttled != 5 || s.Get != 6 {
		t.Errorf("stats %+v, want 5 throttled of 6", s)
	}
}

func TestEndlessStormGivesUpWithWords(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant, MaxRetries: 2})
	srv.Storm(100, 30)
	_, err := tg.Current(context.Background(), account(srv, "person0001@contoso.com"))
	if publish.StatusOf(err) != http.StatusTooManyRequests || !strings.Contains(publish.Words(err), "slow down") {
		t.Fatalf("got %v (%q), want the 429's words", err, publish.Words(err))
	}
}

// TestRetryAfterIsHonoured waits for real: a storm answering Retry-After: 1
// and a throttle of 5 requests a second.
func TestRetryAfterIsHonoured(t *testing.T) {
	srv := startFake(t, graphfake.Options{RatePerSecond: 5}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{})
	a := account(srv, "person0001@contoso.com")
	ctx := context.Background()
	srv.Storm(1, 1)
	start := time.Now()
	if _, err := tg.Current(ctx, a); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("answered after %v; Retry-After asked for 1 s", waited)
	}
	// 12 requests against 5 a second: some are throttled, none fails.
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := tg.Current(ctx, a)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if srv.Stats().Throttled <= 1 {
		t.Errorf("the throttle never answered 429: %+v", srv.Stats())
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 0)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant, MaxRetries: 3})
	a := account(srv, "person0001@contoso.com")
	srv.FailNext(2, http.StatusServiceUnavailable)
	if err := tg.Upload(context.Background(), a, jpegPhoto(64, 1)); err != nil {
		t.Fatalf("after two 503s: %v", err)
	}
	srv.FailNext(10, http.StatusInternalServerError)
	err := tg.Upload(context.Background(), a, jpegPhoto(64, 2))
	if publish.StatusOf(err) != http.StatusInternalServerError || !strings.Contains(publish.Words(err), "problem on its side") {
		t.Fatalf("got %v (%q), want the 500's words", err, publish.Words(err))
	}
}

func TestExpiredTokenIsRenewedOnce(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	srv := startFake(t, graphfake.Options{Now: now}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	a := account(srv, "person0001@contoso.com")
	ctx := context.Background()
	if _, err := tg.Current(ctx, a); err != nil {
		t.Fatal(err)
	}
	// The tenant's clock passes the token's lifetime; this computer's
	// does not, so the client learns it from the 401.
	mu.Lock()
	clock = clock.Add(2 * time.Hour)
	mu.Unlock()
	if _, err := tg.Current(ctx, a); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	srv.ExpireTokens()
	if _, err := tg.Current(ctx, a); err != nil {
		t.Fatalf("after ExpireTokens: %v", err)
	}
	if s := srv.Stats(); s.Token != 3 || s.Unauthorized != 2 {
		t.Errorf("stats %+v, want 3 tokens and 2 refusals", s)
	}
}

func TestShortLivedTokensKeepWorking(t *testing.T) {
	srv := startFake(t, graphfake.Options{TokenLifetime: 2 * time.Second}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	a := account(srv, "person0001@contoso.com")
	for range 3 {
		if _, err := tg.Current(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	if s := srv.Stats(); s.Unauthorized != 0 || s.Token < 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestRefusedTokenStopsTheRun(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	srv.RejectTokens(2) // the renewed token is refused too
	_, err := tg.Current(context.Background(), account(srv, "person0001@contoso.com"))
	wantStop(t, err, "did not accept", "admin", entra.PermissionPhotos)
	if s := srv.Stats(); s.Token != 2 {
		t.Errorf("%d tokens fetched, want 2 (one renewal)", s.Token)
	}
}

func TestMissingPermissionStopsAndNamesIt(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	a := account(srv, "person0001@contoso.com")
	ctx := context.Background()

	srv.SetPermissions(graphfake.DefaultClientID, graphfake.UserReadAll) // no photo permission
	wantStop(t, tg.Upload(ctx, a, jpegPhoto(64, 1)), "ProfilePhoto.ReadWrite.All", "API permissions", "Grant admin consent for contoso.onmicrosoft.com")
	wantStop(t, tg.Remove(ctx, a), "ProfilePhoto.ReadWrite.All")
	if _, err := tg.Current(ctx, a); err != nil { // User.Read.All may read photos
		t.Errorf("reading with User.Read.All: %v", err)
	}
	srv.SetPermissions(graphfake.DefaultClientID) // none at all
	_, err := tg.Current(ctx, a)
	wantStop(t, err, "ProfilePhoto.ReadWrite.All", "read person0001@contoso.com's photo")

	srv.SetPermissions(graphfake.DefaultClientID, graphfake.ProfilePhotoReadWriteAll) // cannot list users
	_, err = tg.Accounts(ctx)
	wantStop(t, err, "User.Read.All", "list the users")

	if s := srv.Stats(); s.Forbidden != 4 {
		t.Errorf("stats %+v, want 4 refusals", s)
	}
}

func TestRefusedSignInStopsWithWords(t *testing.T) {
	srv := startFake(t, graphfake.Options{}, graphfake.People(1, "contoso.com", 1)...)
	a := account(srv, "person0001@contoso.com")
	cases := []struct {
		name   string
		change func(*entra.Config)
		words  string
	}{
		{"wrong secret", func(c *entra.Config) { c.ClientSecret = "wrong~secret" }, "refused the client secret"},
		{"unknown tenant", func(c *entra.Config) { c.Tenant = "fabrikam.onmicrosoft.com" }, "does not know the tenant"},
		{"unknown client", func(c *entra.Config) { c.ClientID = "11111111-2222-4333-8444-555555555555" }, "no app registration with this client ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := configFor(srv)
			tc.change(&cfg)
			_, err := newTarget(t, cfg, publish.ClientConfig{Sleep: instant}).Current(context.Background(), a)
			wantStop(t, err, tc.words)
			if strings.Contains(err.Error(), cfg.ClientSecret) {
				t.Errorf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestB2CTenantStopsWithWords(t *testing.T) {
	srv := startFake(t, graphfake.Options{B2C: true}, graphfake.People(1, "contoso.com", 0)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	err := tg.Upload(context.Background(), account(srv, "person0001@contoso.com"), jpegPhoto(64, 1))
	wantStop(t, err, "Azure AD B2C")
}

func TestLatencyIsAdded(t *testing.T) {
	srv := startFake(t, graphfake.Options{Latency: 80 * time.Millisecond}, graphfake.People(1, "contoso.com", 1)...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{})
	a := account(srv, "person0001@contoso.com")
	if _, err := tg.Current(context.Background(), a); err != nil { // token + GET
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := tg.Current(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 80*time.Millisecond {
		t.Errorf("a request took %v with 80 ms latency", took)
	}
}
