package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

// A refused key does not poison the queue: the invite waits, untouched,
// and the next sync with a working key sends it.
func TestRefusedKeyKeepsInvitesQueued(t *testing.T) {
	c := newCLIEnv(t, 60)
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatal(errOut)
	}
	good := c.vars["SHOTDESK_API_KEY"]
	c.vars["SHOTDESK_API_KEY"] = "sk_wrong"
	code, _, errOut := c.run("invite", "--email", "keyless@example.com")
	if code != ExitError || !strings.Contains(errOut, "did not accept the API key") || !strings.Contains(errOut, "stay queued") {
		t.Fatalf("invite with a refused key: %d %q", code, errOut)
	}
	code, out, _ := c.run("outbox")
	if code != ExitOK || !strings.Contains(out, "keyless@example.com") || !strings.Contains(out, "pending") {
		t.Fatalf("outbox after a refused key: %d %q", code, out)
	}
	c.vars["SHOTDESK_API_KEY"] = good
	if code, out, errOut := c.run("sync", "--no-photos"); code != ExitOK || !strings.Contains(out, "1 sent") {
		t.Fatalf("sync with the right key: %d %q %q", code, out, errOut)
	}
	if code, out, _ := c.run("outbox"); code != ExitOK || !strings.Contains(out, "Nothing is queued") {
		t.Fatalf("outbox after sending: %d %q", code, out)
	}
}

// Work queued for one organization is never sent with another's key.
func TestQueuedWorkStaysWithItsOrganization(t *testing.T) {
	c := newCLIEnv(t, 60)
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatal(errOut)
	}
	urlA, keyA := c.vars["SHOTDESK_API_URL"], c.vars["SHOTDESK_API_KEY"]
	c.vars["SHOTDESK_API_URL"] = "http://127.0.0.1:1/api/v2"
	if code, _, errOut := c.run("invite", "--email", "for.org.a@example.com"); code != ExitOK {
		t.Fatalf("queue offline: %q", errOut)
	}
	baseB, orgB := sandboxtest.NewTest(t, sandbox.Options{Members: 60, Seed: 12})
	c.vars["SHOTDESK_API_URL"], c.vars["SHOTDESK_API_KEY"] = baseB, orgB.APIKey()
	code, _, errOut := c.run("sync", "--no-photos")
	if code != ExitError || !strings.Contains(errOut, "nothing was sent or changed") {
		t.Fatalf("sync with organization B: %d %q", code, errOut)
	}
	clientB, err := headshotpro.New(baseB, orgB.APIKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := clientB.Invite(context.Background(), "for.org.a@example.com"); !errors.Is(err, headshotpro.ErrNotFound) {
		t.Fatalf("organization B has A's invite (or cannot say): %v", err)
	}
	// Back with A's own key, the invite goes to A.
	c.vars["SHOTDESK_API_URL"], c.vars["SHOTDESK_API_KEY"] = urlA, keyA
	if code, out, errOut := c.run("sync", "--no-photos"); code != ExitOK || !strings.Contains(out, "1 sent") {
		t.Fatalf("sync with A's key: %d %q %q", code, out, errOut)
	}
}
