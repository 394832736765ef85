package bamboohr_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/dirfake/bamboofake"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/bamboohr"
)

// sleeper records the waits the client asks for and shortens them to a
// couple of milliseconds: retries are instant, while a pause on 429 (which
// the pace measures on the real clock) passes without spinning the CPU.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	if d > 0 {
		s.mu.Lock()
		s.waits = append(s.waits, d)
		s.mu.Unlock()
	}
	t := time.NewTimer(min(d, 2*time.Millisecond))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *sleeper) asked(d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.waits, d)
}

// company is a fake with employees ada (photo), bob (no photo), cy (hidden
// from the directory), dee (terminated).
func company(t *testing.T, opts bamboofake.Options) *bamboofake.Server {
	t.Helper()
	if opts.Employees == nil {
		opts.Employees = bamboofake.Employees("ada.lovelace@acme.test", "bob.byte@acme.test", "cy.hidden@acme.test", "dee.gone@acme.test")
		opts.Employees[0].Photo = bamboofake.MustImage("png", 400, 400, 1)
		opts.Employees[2].Hidden = true
		opts.Employees[3].Inactive = true
	}
	if opts.ReadOnlyKey == "" {
		opts.ReadOnlyKey = "read-only-key"
	}
	srv := bamboofake.New(opts)
	if _, err := srv.Start(""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// connect makes the target for srv with key ("" = the key that may upload).
func connect(t testing.TB, srv *bamboofake.Server, key string, sleep func(context.Context, time.Duration) error) publish.Target {
	t.Helper()
	if key == "" {
		key = srv.Key()
	}
	tg, err := bamboohr.New(bamboohr.Config{BaseURL: srv.URL(), Domain: srv.Domain(), APIKey: key},
		publish.ClientConfig{Sleep: sleep})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func account(srv *bamboofake.Server, email string) publish.Account {
	return publish.Account{ID: srv.IDOf(email), Email: email}
}

func emails(accounts []publish.Account) string {
	var out []string
	for _, a := range accounts {
		out = append(out, a.Email)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func wantStop(t *testing.T, err error, words ...string) {
	t.Helper()
	var stop *publish.StopError
	if !errors.As(err, &stop) {
		t.Fatalf("error %v (%T), want a StopError", err, err)
	}
	for _, w := range words {
		if !strings.Contains(stop.Words, w) {
			t.Errorf("stop words %q lack %q", stop.Words, w)
		}
	}
}

func wantFail(t *testing.T, err error, words ...string) {
	t.Helper()
	var fail *publish.PersonError
	if !errors.As(err, &fail) {
		t.Fatalf("error %v (%T), want a PersonError", err, err)
	}
	for _, w := range words {
		if !strings.Contains(fail.Words, w) {
			t.Errorf("words %q lack %q", fail.Words, w)
		}
	}
}

func TestAccountsFromTheDirectory(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	accounts, err := connect(t, srv, "", nil).Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := emails(accounts); got != "ada.lovelace@acme.test,bob.byte@acme.test" {
		t.Errorf("accounts %s, want the active employees the directory shows", got)
	}
	if a := accounts[0]; a.ID != srv.IDOf(a.Email) || a.Name == "" {
		t.Errorf("account %+v", a)
	}
	if srv.Requests(bamboofake.KindReport) != 0 {
		t.Error("ran a report although the directory works")
	}
}

func TestAccountsFallBackToACustomReport(t *testing.T) {
	for _, fault := range []string{"directory off", "directory without work email", "directory empty"} {
		t.Run(fault, func(t *testing.T) {
			opts := bamboofake.Options{}
			if fault == "directory empty" {
				// Only a hidden employee: the directory answers 404.
				opts.Employees = bamboofake.Employees("cy.hidden@acme.test")
				opts.Employees[0].Hidden = true
			}
			srv := company(t, opts)
			srv.DisableDirectory(fault == "directory off")
			srv.DirectoryWithoutEmail(fault == "directory without work email")
			accounts, err := connect(t, srv, "", nil).Accounts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := "ada.lovelace@acme.test,bob.byte@acme.test,cy.hidden@acme.test" // the terminated one left out
			if fault == "directory empty" {
				want = "cy.hidden@acme.test"
			}
			if got := emails(accounts); got != want {
				t.Errorf("accounts %s, want %s", got, want)
			}
			for _, a := range accounts {
				if a.ID == "" || a.ID != srv.IDOf(a.Email) || a.Name == "" {
					t.Errorf("account %+v (the report sends ids as numbers)", a)
				}
			}
			if srv.Requests(bamboofake.KindReport) != 1 {
				t.Errorf("%d reports, want 1", srv.Requests(bamboofake.KindReport))
			}
		})
	}
}

func TestAccountsStopWhenNeitherDirectoryNorReports(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	srv.DisableDirectory(true)
	srv.ForbidReports(true)
	_, err := connect(t, srv, "", nil).Accounts(context.Background())
	wantStop(t, err, "Company Directory", "Access Levels", "Work Email")
}

// BambooHR's directory is one answer, not pages: a large company comes
// back whole, from the directory and from the report.
func TestAccountsListEveryone(t *testing.T) {
	var list []string
	for i := range 3000 {
		list = append(list, fmt.Sprintf("person.%04d@acme.test", i))
	}
	srv := company(t, bamboofake.Options{Employees: bamboofake.Employees(list...)})
	tg := connect(t, srv, "", nil)
	accounts, err := tg.Accounts(context.Background())
	if err != nil || len(accounts) != 3000 {
		t.Fatalf("directory: %d accounts, %v", len(accounts), err)
	}
	srv.DisableDirectory(true)
	accounts, err = tg.Accounts(context.Background())
	if err != nil || len(accounts) != 3000 || emails(accounts) != strings.Join(list, ",") {
		t.Fatalf("report: %d accounts, %v", len(accounts), err)
	}
}

func TestCurrent(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	tg := connect(t, srv, "", nil)
	ctx := context.Background()

	photo, err := tg.Current(ctx, account(srv, "ada.lovelace@acme.test"))
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := srv.Photo(srv.IDOf("ada.lovelace@acme.test"))
	// BambooHR labels it image/jpeg; the bytes say PNG.
	if !bytes.Equal(photo.Data, stored) || photo.ContentType != "image/png" {
		t.Errorf("current photo: %d bytes %s, want the %d PNG bytes stored", len(photo.Data), photo.ContentType, len(stored))
	}
	if _, err := tg.Current(ctx, account(srv, "bob.byte@acme.test")); !errors.Is(err, publish.ErrNoPhoto) {
		t.Errorf("no photo: %v, want ErrNoPhoto", err)
	}
	_, err = tg.Current(ctx, publish.Account{ID: "999", Email: "gone@acme.test"})
	wantFail(t, err, "no longer has employee 999")
}

func TestUploadAndItsRefusals(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	tg := connect(t, srv, "", nil)
	ctx := context.Background()
	bob := account(srv, "bob.byte@acme.test")
	good := publish.Photo{Data: bamboofake.MustImage("jpeg", 600, 600, 7), ContentType: "image/jpeg"}

	if err := tg.Info().Limits.Check(good); err != nil {
		t.Fatalf("a 600×600 JPEG breaks the limits: %v", err)
	}
	if err := tg.Upload(ctx, bob, good); err != nil {
		t.Fatal(err)
	}
	if got, _ := srv.Photo(bob.ID); !bytes.Equal(got, good.Data) {
		t.Fatal("the fake does not hold the uploaded photo")
	}
	// A GIF goes up as it is.
	gif := publish.Photo{Data: bamboofake.MustImage("gif", 300, 300, 8), ContentType: "image/gif"}
	if err := tg.Upload(ctx, bob, gif); err != nil {
		t.Fatal(err)
	}

	// What the runner's Limits check stops before sending, BambooHR refuses
	// too: each is one person's failure with BambooHR's own message.
	tooBig := append(append([]byte{}, good.Data...), make([]byte, bamboofake.MaxPhotoBytes+1-len(good.Data))...)
	for _, tc := range []struct {
		name  string
		photo publish.Photo
		words string
	}{
		{"over 20 MB", publish.Photo{Data: tooBig, ContentType: "image/jpeg"}, "20MB"},
		{"not square", publish.Photo{Data: bamboofake.MustImage("png", 600, 400, 9), ContentType: "image/png"}, "same number of pixels"},
		{"too small", publish.Photo{Data: bamboofake.MustImage("jpeg", 120, 120, 9), ContentType: "image/jpeg"}, "150x150"},
		{"not an image", publish.Photo{Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), ContentType: "image/svg+xml"}, "supported image format"},
		{"empty", publish.Photo{Data: []byte{}, ContentType: "image/jpeg"}, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name != "empty" && tg.Info().Limits.Check(tc.photo) == nil {
				t.Error("Limits.Check lets it through")
			}
			wantFail(t, tg.Upload(ctx, bob, tc.photo), "BambooHR refused the photo", tc.words)
		})
	}
	if got, _ := srv.Photo(bob.ID); !bytes.Equal(got, gif.Data) {
		t.Error("a refused photo replaced the last good one")
	}

	wantFail(t, tg.Upload(ctx, publish.Account{ID: "999"}, good), "no longer has employee 999")
}

func TestCredentialsAndPermissionsStopTheRun(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	ctx := context.Background()
	bob := account(srv, "bob.byte@acme.test")
	good := publish.Photo{Data: bamboofake.MustImage("jpeg", 600, 600, 7), ContentType: "image/jpeg"}

	readOnly := connect(t, srv, "read-only-key", nil)
	if _, err := readOnly.Accounts(ctx); err != nil {
		t.Fatalf("a key without the photo permission can still list: %v", err)
	}
	wantStop(t, readOnly.Upload(ctx, bob, good), "permission to upload employee photos", "Settings → Access Levels")

	wrongKey := "not-the-key-9f2c"
	wrong := connect(t, srv, wrongKey, nil)
	for name, err := range map[string]error{
		"accounts": func() error { _, err := wrong.Accounts(ctx); return err }(),
		"current":  func() error { _, err := wrong.Current(ctx, bob); return err }(),
		"upload":   wrong.Upload(ctx, bob, good),
	} {
		wantStop(t, err, "did not accept the API key", "API Keys")
		if strings.Contains(err.Error(), wrongKey) {
			t.Errorf("%s: the error shows the key: %v", name, err)
		}
	}
	if _, has := srv.Photo(bob.ID); has {
		t.Error("a refused upload was stored")
	}
}

func TestRemoveCannotDeleteAPhoto(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	tg := connect(t, srv, "", nil)
	ada := account(srv, "ada.lovelace@acme.test")
	err := tg.Remove(context.Background(), ada)
	wantFail(t, err, "ada.lovelace@acme.test had no photo", "cannot remove a photo", "by hand")
	if !errors.Is(err, bamboohr.ErrCannotRemove) {
		t.Errorf("%v is not ErrCannotRemove", err)
	}
	if _, has := srv.Photo(ada.ID); !has {
		t.Error("the photo went away")
	}
	// Once removed by hand, a revert counts as done.
	srv.SetPhoto(ada.ID, nil)
	if err := tg.Remove(context.Background(), ada); !errors.Is(err, publish.ErrNoPhoto) {
		t.Errorf("after removing by hand: %v, want ErrNoPhoto", err)
	}
}

func TestRetriesSendTheWholePhotoAgain(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	sl := &sleeper{}
	tg := connect(t, srv, "", sl.sleep)
	bob := account(srv, "bob.byte@acme.test")
	good := publish.Photo{Data: bamboofake.MustImage("jpeg", 600, 600, 11), ContentType: "image/jpeg"}

	srv.FailNext(2, 502)
	if err := tg.Upload(context.Background(), bob, good); err != nil {
		t.Fatal(err)
	}
	if got, _ := srv.Photo(bob.ID); !bytes.Equal(got, good.Data) || srv.Requests(bamboofake.KindPhotoUpload) != 3 {
		t.Errorf("after two 502s: %d upload requests, photo stored = %v", srv.Requests(bamboofake.KindPhotoUpload), bytes.Equal(got, good.Data))
	}

	// More failures than retries: the HTTP error's words.
	srv.FailNext(50, 500)
	err := tg.Upload(context.Background(), bob, good)
	if publish.StatusOf(err) != 500 || !strings.Contains(publish.Words(err), "problem on its side") {
		t.Errorf("after retries: %v / %q", err, publish.Words(err))
	}
	srv.FailNext(0, 0)
}

// Until September 2026 BambooHR throttled with 503 and Retry-After; the
// client waits what it asks.
func TestLegacyThrottleHonoursRetryAfter(t *testing.T) {
	srv := company(t, bamboofake.Options{LegacyThrottle: true, RetryAfter: 3 * time.Second})
	sl := &sleeper{}
	tg := connect(t, srv, "", sl.sleep)
	srv.Storm(2)
	if _, err := tg.Current(context.Background(), account(srv, "ada.lovelace@acme.test")); err != nil {
		t.Fatal(err)
	}
	if !sl.asked(3 * time.Second) {
		t.Errorf("waits %v, want Retry-After's 3 s", sl.waits)
	}
}

// One test with the real clock: after a 429 with Retry-After: 1, the next
// request reaches BambooHR no sooner than a second later.
func TestRetryAfterIsWaitedForReal(t *testing.T) {
	srv := company(t, bamboofake.Options{})
	tg := connect(t, srv, "", nil)
	srv.Storm(1)
	if _, err := tg.Accounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	hits := srv.Hits()
	if len(hits) != 2 || hits[0].Status != 429 || hits[1].Status != 200 {
		t.Fatalf("hits %+v", hits)
	}
	if gap := hits[1].At.Sub(hits[0].At); gap < 990*time.Millisecond {
		t.Errorf("retried after %v, before the 1 s Retry-After", gap)
	}
}

// A throttle of 8 requests a second, 20 photos read by 8 workers: every
// read succeeds, slowed down by the 429s rather than failed by them.
func TestThrottledReadsAllSucceed(t *testing.T) {
	var list []string
	for i := range 20 {
		list = append(list, fmt.Sprintf("p%02d@acme.test", i))
	}
	emps := bamboofake.Employees(list...)
	for i := range emps {
		emps[i].Photo = bamboofake.MustImage("jpeg", 160, 160, i)
	}
	srv := company(t, bamboofake.Options{Employees: emps, ThrottlePerSecond: 8})
	tg := connect(t, srv, "", nil)
	var wg sync.WaitGroup
	errs := make(chan error, len(list))
	next := make(chan string)
	for range tg.Info().Concurrency {
		wg.Go(func() {
			for email := range next {
				if _, err := tg.Current(context.Background(), account(srv, email)); err != nil {
					errs <- fmt.Errorf("%s: %w", email, err)
				}
			}
		})
	}
	for _, e := range list {
		next <- e
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	throttled := 0
	for _, h := range srv.Hits() {
		if h.Status == 429 {
			throttled++
		}
	}
	if throttled == 0 {
		t.Error("the fake never throttled: the test proves nothing")
	}
}
