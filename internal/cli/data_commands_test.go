package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// cliEnv runs commands against one sandbox and one data dir.
type cliEnv struct {
	t       *testing.T
	vars    map[string]string
	srv     *sandbox.Server
	baseURL string
	dataDir string
}

func newCLIEnv(t *testing.T, members int) *cliEnv {
	t.Helper()
	// Small photos: the sync downloads every favorite, also under -race.
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: members, Seed: 11, ImageScale: 0.15})
	dir := t.TempDir()
	return &cliEnv{t: t, srv: srv, baseURL: base, dataDir: dir, vars: map[string]string{
		"SHOTDESK_API_URL": base, "SHOTDESK_API_KEY": srv.APIKey(), "SHOTDESK_DATA_DIR": dir,
	}}
}

func (c *cliEnv) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Invocation{
		Stdout: &out, Stderr: &errOut, Version: "test",
		Getenv: func(k string) string { return c.vars[k] },
	})
	return code, out.String(), errOut.String()
}

func TestSyncMembersActionInvite(t *testing.T) {
	c := newCLIEnv(t, 150)

	// Before any sync, reads work and say the copy is empty.
	code, _, errOut := c.run("members")
	if code != ExitOK || !strings.Contains(errOut, "never been synced") {
		t.Fatalf("members before sync: %d %q", code, errOut)
	}

	code, out, errOut := c.run("sync")
	if code != ExitOK || !strings.Contains(out, "Synced: ") || !strings.Contains(out, "Photos for offline use") {
		t.Fatalf("sync: %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, c.srv.APIKey()) || strings.Contains(out+errOut, "signature=") {
		t.Fatal("sync output leaks the key or a signed URL")
	}

	code, out, _ = c.run("members", "--json")
	if code != ExitOK {
		t.Fatalf("members --json: %d", code)
	}
	var all []memberJSON
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("members --json is not JSON: %v", err)
	}
	if len(all) < 100 {
		t.Fatalf("members --json listed %d people", len(all))
	}
	var finished memberJSON
	for _, m := range all {
		if m.Status == "Finished" && m.Team != "" {
			finished = m
			break
		}
	}
	if finished.Email == "" || finished.CSVStatus != "Finished" || !finished.HasFavorite {
		t.Fatalf("no finished member with favorite: %+v", finished)
	}

	code, out, _ = c.run("members", "--status", "finished", "--json")
	var fin []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &fin) != nil || len(fin) == 0 {
		t.Fatalf("members --status finished: %d %q", code, out)
	}
	for _, m := range fin {
		if m.Status != "Finished" {
			t.Fatalf("--status finished listed %s (%s)", m.Email, m.Status)
		}
	}
	code, out, _ = c.run("members", "--search", finished.Email, "--json")
	var found []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &found) != nil || len(found) != 1 || found[0].Email != finished.Email {
		t.Fatalf("--search %s: %q", finished.Email, out)
	}
	code, out, _ = c.run("members", "--team", finished.Team, "--json")
	var inTeam []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &inTeam) != nil || len(inTeam) == 0 || len(inTeam) >= len(all) {
		t.Fatalf("--team %q listed %d of %d", finished.Team, len(inTeam), len(all))
	}
	for _, m := range inTeam {
		if m.Team != finished.Team {
			t.Fatalf("--team %q listed %s of team %q", finished.Team, m.Email, m.Team)
		}
	}

	// Mark actioned, see it, undo it; a second sync keeps the mark.
	if code, out, errOut := c.run("action", "--member", finished.Email); code != ExitOK || !strings.Contains(out, "marked as actioned") {
		t.Fatalf("action: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("re-sync: %s", errOut)
	}
	code, out, _ = c.run("members", "--status", "actioned", "--json")
	var actioned []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &actioned) != nil || len(actioned) != 1 || actioned[0].Email != finished.Email || actioned[0].ActionedAt == "" {
		t.Fatalf("actioned after re-sync: %q", out)
	}
	if code, _, _ := c.run("action", "--member", finished.Email, "--undo"); code != ExitOK {
		t.Fatal("undo failed")
	}
	code, out, _ = c.run("members", "--status", "actioned", "--json")
	if code != ExitOK || strings.TrimSpace(out) != "[]" {
		t.Fatalf("actioned after undo: %q", out)
	}

	// Bad input: clear errors, right exit codes, nothing changed.
	if code, _, errOut := c.run("members", "--status", "bogus"); code != ExitUsage || !strings.Contains(errOut, "unknown --status") {
		t.Errorf("bad --status: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("members", "--team", "No Such Team"); code != ExitUsage || !strings.Contains(errOut, "Teams: ") {
		t.Errorf("bad --team: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("action", "--member", "nobody@example.com"); code != ExitError || !strings.Contains(errOut, "There is no member") {
		t.Errorf("unknown member: %d %q", code, errOut)
	}
	if code, _, _ := c.run("action"); code != ExitUsage {
		t.Errorf("action without --member: %d", code)
	}
	if code, _, errOut := c.run("invite", "--email", "x@y"); code != ExitUsage || !strings.Contains(errOut, "not a valid email") {
		t.Errorf("invalid --email: %d %q", code, errOut)
	}

	// A roster with a bad row and a duplicate: dry run sends nothing.
	roster := filepath.Join(t.TempDir(), "roster.csv")
	content := "\ufeffFirst Name;Last Name;E-mail;Team\r\n" +
		"Ada;Lovelace;ada@example.com;" + finished.Team + "\r\n" +
		"Bad;Row;not-an-email;\r\n" +
		"\"Grace\nHopper\";X;grace@example.com;\r\n" +
		"Ada;Again; ADA@example.com ;\r\n"
	if err := os.WriteFile(roster, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	before := countServerInvites(t, c)
	code, out, errOut = c.run("invite", "--csv", roster, "--dry-run")
	if code != ExitSomeFailed || !strings.Contains(out, "2 to invite") || !strings.Contains(out, "1 invalid (line 3)") || !strings.Contains(out, "1 duplicate (line 6)") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errOut)
	}
	if got := countServerInvites(t, c); got != before {
		t.Fatalf("dry run sent invites: %d → %d", before, got)
	}
	code, out, errOut = c.run("invite", "--csv", roster)
	if code != ExitSomeFailed || !strings.Contains(out, "2 invited") {
		t.Fatalf("invite: %d\n%s\n%s", code, out, errOut)
	}
	if got := countServerInvites(t, c); got != before+2 {
		t.Fatalf("invites on the server: %d → %d, want +2", before, got)
	}
	// Run again: the offline copy (synced by countServerInvites) knows both.
	code, out, _ = c.run("invite", "--csv", roster)
	if !strings.Contains(out, "0 to invite, 2 already invited") {
		t.Fatalf("re-running the roster: %d %s", code, out)
	}
	if got := countServerInvites(t, c); got != before+2 {
		t.Fatalf("re-running the roster sent again: %d invites", got)
	}
}

func countServerInvites(t *testing.T, c *cliEnv) int {
	t.Helper()
	code, out, errOut := c.run("sync", "--no-photos")
	if code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}
	// "N people (M members, K invites)"
	i := strings.Index(out, " members, ")
	j := strings.Index(out, " invites)")
	if i < 0 || j < 0 {
		t.Fatalf("unexpected sync summary %q", out)
	}
	n, err := strconv.Atoi(out[i+len(" members, ") : j])
	if err != nil {
		t.Fatalf("parse %q: %v", out, err)
	}
	return n
}

// An invite made offline is queued, then sent by the next sync, once.
func TestOfflineInviteThenSync(t *testing.T) {
	c := newCLIEnv(t, 40)
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatal(errOut)
	}
	online := c.vars["SHOTDESK_API_URL"]
	c.vars["SHOTDESK_API_URL"] = "http://127.0.0.1:1/api/v2" // nothing listens there
	code, out, errOut := c.run("invite", "--email", "plane.ride@example.com")
	if code != ExitOK || !strings.Contains(out, "1 queued") || !strings.Contains(out, "unreachable") {
		t.Fatalf("offline invite: %d\n%s\n%s", code, out, errOut)
	}
	// Offline reads still work.
	if code, _, errOut := c.run("members"); code != ExitOK || !strings.Contains(errOut, "offline copy from") {
		t.Fatalf("offline members: %d %q", code, errOut)
	}
	c.vars["SHOTDESK_API_URL"] = online
	before := countServerInvites(t, c) // this sync replays the queue first
	code, out, _ = c.run("members", "--search", "plane.ride@example.com", "--json")
	var got []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &got) != nil || len(got) != 1 || got[0].Status != "Invited" {
		t.Fatalf("queued invite after sync: %q", out)
	}
	if after := countServerInvites(t, c); after != before {
		t.Fatalf("second sync sent the invite again: %d → %d", before, after)
	}
}

// kill -9 of a syncing process leaves a consistent cache with markers and
// the outbox intact.
func TestKillDuringSync(t *testing.T) {
	c := newCLIEnv(t, 400)
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatal(errOut)
	}
	code, out, _ := c.run("members", "--status", "finished", "--json")
	var fin []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &fin) != nil || len(fin) == 0 {
		t.Fatal("no finished member")
	}
	if code, _, _ := c.run("action", "--member", fin[0].Email); code != ExitOK {
		t.Fatal("action failed")
	}
	c.vars["SHOTDESK_API_URL"] = "http://127.0.0.1:1/api/v2"
	if code, _, _ := c.run("invite", "--email", "queued@example.com"); code != ExitOK {
		t.Fatal("queue invite failed")
	}

	// Slow the server so the child is mid-pull or mid-apply when killed.
	c.srv.SetFaults(sandbox.Faults{Latency: 15 * time.Millisecond})
	for _, delay := range []time.Duration{100 * time.Millisecond, 250 * time.Millisecond, 450 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringSync$")
		cmd.Env = append(os.Environ(), "SHOTDESK_TEST_SYNC_CHILD=1",
			"SHOTDESK_API_URL="+c.baseURL, "SHOTDESK_API_KEY="+c.srv.APIKey(), "SHOTDESK_DATA_DIR="+c.dataDir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		st, err := store.Open(filepath.Join(c.dataDir, "cache.db"))
		if err != nil {
			t.Fatalf("reopen after kill at %v: %v", delay, err)
		}
		p, err := st.Person(context.Background(), fin[0].Email)
		if err != nil || !p.Actioned {
			t.Fatalf("marker lost after kill at %v: %+v %v", delay, p, err)
		}
		// The child replays the queue before pulling, so the invite may
		// have gone out; either way the item is there, never half-done.
		items, err := st.Outbox(context.Background())
		if err != nil || len(items) != 1 || (items[0].State != store.OutboxPending && items[0].State != store.OutboxDone) {
			t.Fatalf("outbox after kill at %v: %+v %v", delay, items, err)
		}
		page, err := st.People(context.Background(), store.PeopleQuery{})
		if err != nil || page.Total < 300 {
			t.Fatalf("people after kill at %v: %d %v", delay, page.Total, err)
		}
		st.Close()
	}
	c.srv.ResetFaults()
	c.vars["SHOTDESK_API_URL"] = c.baseURL
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("sync after kills: %s", errOut)
	}
	code, out, _ = c.run("members", "--search", "queued@example.com", "--json")
	var q []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &q) != nil || len(q) != 1 || q[0].Status != "Invited" {
		t.Fatalf("the queued invite was not delivered exactly once: %q", out)
	}
}

// TestMain lets TestKillDuringSync run a real sync in a child process (the
// test binary itself) that the parent can kill -9.
func TestMain(m *testing.M) {
	if os.Getenv("SHOTDESK_TEST_SYNC_CHILD") == "1" {
		os.Exit(Run(context.Background(), []string{"sync", "--no-photos"}, Invocation{
			Stdout: os.Stdout, Stderr: os.Stderr, Version: "test", Getenv: os.Getenv,
		}))
	}
	// Any command in a child process, with main.go's signal handling.
	if args := os.Getenv("SHOTDESK_TEST_CHILD_ARGS"); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Run(ctx, strings.Fields(args), Invocation{Stdout: os.Stdout, Stderr: os.Stderr, Version: "test", Getenv: os.Getenv})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestInterruptedPhotoDownloadsFail: Ctrl-C or SIGTERM while photos
// download ends the sync with a non-zero exit that says what is missing.
func TestInterruptedPhotoDownloadsFail(t *testing.T) {
	c := newCLIEnv(t, 120)
	if err := c.srv.SetFaults(sandbox.Faults{CDNLatency: 500 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		dataDir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SHOTDESK_TEST_CHILD_ARGS=sync",
			"SHOTDESK_API_URL="+c.baseURL, "SHOTDESK_API_KEY="+c.srv.APIKey(), "SHOTDESK_DATA_DIR="+dataDir)
		var stderr lockedBuffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until the people are saved (the sync's last phase ends) and
		// photos are downloading.
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(stderr.String(), "saving") && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond)
		_ = cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() == 0 {
			t.Fatalf("%v during photo downloads: exit %v\n%s", sig, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "not downloaded yet") {
			t.Errorf("%v: stderr does not say what is incomplete:\n%s", sig, stderr.String())
		}
	}
}
