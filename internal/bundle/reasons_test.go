package bundle

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
)

// A photo whose server did not answer in time is said to be slow, not
// offline (offline would also fail every other download of the export).
func TestSlowDownloadIsNotCalledOffline(t *testing.T) {
	err := fmt.Errorf("headshotpro: download https://cdn.example/p.jpg: %w: timeout awaiting response headers", headshotpro.ErrSlow)
	if headshotpro.IsOffline(err) {
		t.Fatal("ErrSlow counts as offline")
	}
	if got := downloadReason(err); !strings.Contains(got, "did not answer in time") || strings.Contains(got, "offline") {
		t.Fatalf("reason %q", got)
	}
}
