package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// The window options are hardened: no context menu, no inspector, no webview
// drop, one instance, errors as JSON strings.
// newTestApp builds the App against a real sandbox over loopback and a
// real cache in a temp dir.
func newTestApp(t *testing.T) (*App, *sandbox.Server) {
	t.Helper()
	// A real listener (not httptest) so a test can take the server away.
	srv, err := sandbox.New(sandbox.Options{Members: 80, Seed: 5, ImageScale: 0.15})
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	a, err := New(Config{Version: "test", DataDir: t.TempDir(), APIURL: base, APIKey: srv.APIKey(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a, srv
}

func TestOptionsAreHardened(t *testing.T) {
	a, _ := newTestApp(t)
	o := a.Options(fstest.MapFS{"index.html": {Data: []byte("<html></html>")}})
	if o.EnableDefaultContextMenu {
		t.Error("default context menu is on")
	}
	if o.Debug.OpenInspectorOnStartup {
		t.Error("inspector opens on startup")
	}
	if o.DragAndDrop == nil || !o.DragAndDrop.DisableWebViewDrop {
		t.Error("files dropped on the window would navigate the webview")
	}
	if o.SingleInstanceLock == nil || o.SingleInstanceLock.UniqueId != SingleInstanceID {
		t.Error("no single-instance lock")
	}
	if o.BindingsAllowedOrigins != "" {
		t.Errorf("bindings allowed from other origins: %q", o.BindingsAllowedOrigins)
	}
	if o.ErrorFormatter == nil {
		t.Error("no error formatter: errors would reach the UI as bare strings")
	}
	if o.AssetServer == nil || o.AssetServer.Assets == nil {
		t.Error("no embedded assets")
	}
}

// The bound surface is reviewed. A new bound method must be added to
// testdata/bound_methods.golden on purpose, after checking it takes no
// free-form path, URL or secret and returns none.
func TestBoundSurface(t *testing.T) {
	a, _ := newTestApp(t)
	var got []string
	for _, b := range a.bound() {
		typ := reflect.TypeOf(b)
		for i := 0; i < typ.NumMethod(); i++ {
			got = append(got, typ.Elem().Name()+"."+typ.Method(i).Name)
		}
	}
	sort.Strings(got)
	raw, err := os.ReadFile("testdata/bound_methods.golden")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			want = append(want, line)
		}
	}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("bound methods changed.\n got: %v\nwant: %v\nReview the new surface, then update testdata/bound_methods.golden", got, want)
	}
}

func decode(t *testing.T, v any) AppError {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("FormatError returned %T, want a JSON string", v)
	}
	var ae AppError
	if err := json.Unmarshal([]byte(s), &ae); err != nil {
		t.Fatalf("FormatError output %q is not JSON: %v", s, err)
	}
	return ae
}

func TestFormatError(t *testing.T) {
	tests := []struct {
		err  error
		code string
	}{
		{invalidInput("items must be between 1 and 10000, got 0"), CodeInvalidInput},
		{fmt.Errorf("cancel x: %w", jobs.ErrNotFound), CodeNotFound},
		{fmt.Errorf("demo: %w", context.Canceled), CodeCancelled},
		{fmt.Errorf("open: %w", config.ErrNoAPIKey), CodeNoAPIKey},
		{errors.New("disk full"), CodeInternal},
	}
	for _, tt := range tests {
		ae := decode(t, FormatError(tt.err))
		if ae.Code != tt.code || ae.Message == "" {
			t.Errorf("FormatError(%v) = %+v, want code %s", tt.err, ae, tt.code)
		}
	}
}

func TestJobServiceReportsAJob(t *testing.T) {
	a, _ := newTestApp(t)
	// Any job goes through the same manager; this one fails two of ten items.
	id := a.jobs.Start(context.Background(), "count", func(ctx context.Context, tr *jobs.Tracker) error {
		tr.Phase("counting", 10)
		for i := 1; i <= 10; i++ {
			if i%4 == 0 {
				tr.Fail(fmt.Sprintf("item %d", i), "simulated failure")
				continue
			}
			tr.Add(1, 0)
		}
		return nil
	})
	ref := JobRef{JobID: id}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := a.jobs.Wait(ctx, ref.JobID); err != nil {
		t.Fatal(err)
	}
	snap, err := a.Jobs.Get(ref.JobID)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Report == nil || snap.Report.State != jobs.StateSucceeded || snap.Report.Done != 10 || snap.Report.Failed != 2 {
		t.Fatalf("snapshot = %+v", snap)
	}
	if _, err := time.Parse(time.RFC3339Nano, snap.Report.FinishedAt); err != nil {
		t.Errorf("finishedAt %q is not RFC 3339: %v", snap.Report.FinishedAt, err)
	}
	if _, err := a.Jobs.Get("job_missing"); decode(t, FormatError(err)).Code != CodeNotFound {
		t.Errorf("Get(missing) = %v", err)
	}
}

// Every error code the Go side can send is one the frontend knows, and the
// frontend knows no code Go never sends.
func TestErrorCodesMatchTheFrontend(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/api/errors.ts")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)export const errorCodes = \[(.*?)\] as const`).FindSubmatch(src)
	if m == nil {
		t.Fatal("errorCodes not found in frontend/src/api/errors.ts")
	}
	var ts []string
	for _, q := range regexp.MustCompile(`'([a-z_]+)'`).FindAllSubmatch(m[1], -1) {
		ts = append(ts, string(q[1]))
	}
	goCodes := append([]string(nil), AllCodes...)
	sort.Strings(ts)
	sort.Strings(goCodes)
	if !reflect.DeepEqual(ts, goCodes) {
		t.Fatalf("frontend codes %v, Go codes %v", ts, goCodes)
	}
	// And every kind of the use cases has a code.
	for _, k := range []workflow.Kind{workflow.KindInvalidInput, workflow.KindNotFound, workflow.KindCancelled, workflow.KindOffline,
		workflow.KindNoAPIKey, workflow.KindBadAPIKey, workflow.KindKeychainUnavailable, workflow.KindBusy, workflow.KindInternal} {
		if codeOfKind[k] == "" {
			t.Errorf("kind %s has no code", k)
		}
	}
}
