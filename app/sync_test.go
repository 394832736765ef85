package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// The status bar gets a failed sync in words, with a code to branch on:
// never the request line, never a bare "online" state.
func TestSyncStatusInWords(t *testing.T) {
	cause := fmt.Errorf("sync: organization: get organization: %w", &headshotpro.APIError{Status: 503, Code: "INTERNAL_ERROR",
		Message: "Service unavailable", Method: "GET", URL: "http://127.0.0.1:8787/api/v2/organization"})
	st := toSyncStatus(syncer.Status{State: syncer.StateError, Online: true, LastError: cause.Error(), Err: cause})
	if st.State != "error" || st.ErrorCode != CodeOffline {
		t.Fatalf("status %+v", st)
	}
	if strings.Contains(st.LastError, "http") || strings.Contains(st.LastError, "INTERNAL_ERROR") || !strings.Contains(st.LastError, "problem on its side (HTTP 503)") {
		t.Fatalf("lastError %q", st.LastError)
	}
	if ok := toSyncStatus(syncer.Status{State: syncer.StateIdle, Online: true}); ok.LastError != "" || ok.ErrorCode != "" {
		t.Fatalf("a good sync carries an error: %+v", ok)
	}
}
