// Package sandboxtest starts an internal/sandbox server for a test. It is a
// separate package so that "testing" stays out of the sandbox's own import
// graph (the desktop app embeds the sandbox).
package sandboxtest

import (
	"net/http/httptest"
	"testing"

	"github.com/shotdesk/shotdesk/internal/sandbox"
)

// NewTest builds a sandbox from opts, serves it on a loopback httptest
// server and closes it when the test ends. baseURL ends with /api/v2; use
// srv for control methods (SetFaults, Advance, FinishModel, …) and
// srv.APIKey() for the Bearer key. Zero Options fields get the sandbox
// defaults (240 members); tests usually want Members 60-300.
func NewTest(t testing.TB, opts sandbox.Options) (baseURL string, srv *sandbox.Server) {
	t.Helper()
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL + "/api/v2", srv
}
