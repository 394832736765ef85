package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
	"github.com/shotdesk/shotdesk/internal/workflow"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// service returns the bound service of type T.
func service[T any](t *testing.T, a *App) T {
	t.Helper()
	for _, b := range a.bound() {
		if s, ok := b.(T); ok {
			return s
		}
	}
	var zero T
	t.Fatalf("no bound %T", zero)
	return zero
}

// link serves a sandbox on a fixed loopback address that a test can take
// down (offline) and bring back on the same address.
type link struct {
	t    *testing.T
	addr string
	h    http.Handler
	srv  *http.Server
}

func (l *link) up() {
	l.t.Helper()
	ln, err := net.Listen("tcp", l.addr)
	if err != nil {
		l.t.Fatal(err)
	}
	l.addr = ln.Addr().String()
	l.srv = &http.Server{Handler: l.h}
	go l.srv.Serve(ln)
}

func (l *link) down() { l.srv.Close() }

// newLinkedApp is newTestApp behind a link the test can cut.
func newLinkedApp(t *testing.T) (*App, *sandbox.Server, *link) {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{Members: 60, Seed: 9, ImageScale: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	l := &link{t: t, addr: "127.0.0.1:0", h: srv.Handler()}
	l.up()
	t.Cleanup(func() { l.down() })
	a, err := New(Config{Version: "test", DataDir: t.TempDir(), APIURL: "http://" + l.addr + "/api/v2", APIKey: srv.APIKey(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	stopJobs(t, a)
	return a, srv, l
}

// stopJobs cancels leftover jobs (photo downloads after a sync) before the
// cache closes.
func stopJobs(t *testing.T, a *App) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = a.jobs.Shutdown(ctx)
	})
}

// waitSync waits until no sync is running (one started by a queued action).
func waitSync(t *testing.T, a *App) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for a.sync().Status().State == "syncing" {
		if time.Now().After(deadline) {
			t.Fatal("sync did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func waitJobDone(t *testing.T, a *App, id string) jobs.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rep, err := a.jobs.Wait(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// serverInvites counts the server's non-revoked invites for email.
func serverInvites(t *testing.T, base, key, email string) (n int, revoked bool) {
	t.Helper()
	c, err := headshotpro.New(base, key)
	if err != nil {
		t.Fatal(err)
	}
	all, err := c.Invites(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range all {
		if strings.EqualFold(inv.Email, email) {
			if inv.Status == domain.InviteRevoked {
				revoked = true
			} else {
				n++
			}
		}
	}
	return n, revoked
}

func TestPreviewRoster(t *testing.T) {
	a, _ := newTestApp(t)
	stopJobs(t, a)
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	teams, _ := a.People.Teams()
	if len(teams) == 0 {
		t.Fatal("sandbox has no teams")
	}
	invited, _ := a.People.List(PeopleRequest{Tab: "Invited", Limit: 1})
	if len(invited.Items) == 0 {
		t.Fatal("sandbox has no pending invite")
	}
	existing := invited.Items[0].Email
	inv := service[*InvitesService](t, a)

	// BOM, semicolons, CRLF, a quoted cell spanning two lines, an invalid,
	// a duplicate (other case), an unknown team and an existing invite.
	text := "\ufeffEmail;Name;Team\r\n" +
		"ana@example.com;Ana;" + strings.ToUpper(teams[0].Name) + "\r\n" +
		"bad-email;Bob;\r\n" +
		"\"carl@example.com\";\"Carl\nSecond line\";\r\n" +
		"ANA@Example.com;Ana again;\r\n" +
		"dora@example.com;Dora;No Such Team\r\n" +
		existing + ";Already;\r\n"
	p, err := inv.PreviewRoster(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line          int
		status, email string
		reason        string
	}{
		{2, workflow.RowInvite, "ana@example.com", ""},
		{3, workflow.RowInvalid, "bad-email", ""},
		{4, workflow.RowInvite, "carl@example.com", ""},
		{6, workflow.RowDuplicate, "ANA@Example.com", "duplicate of line 2"},
		{7, workflow.RowUnknownTeam, "dora@example.com", "No Such Team"},
		{8, workflow.RowExisting, existing, "already invited"},
	}
	if len(p.Rows) != len(want) {
		t.Fatalf("rows %+v", p.Rows)
	}
	for i, w := range want {
		r := p.Rows[i]
		if r.Line != w.line || r.Status != w.status || r.Email != w.email || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
	if p.Rows[0].TeamID != teams[0].ID || p.Rows[2].Name != "Carl\nSecond line" {
		t.Errorf("team or name lost: %+v %+v", p.Rows[0], p.Rows[2])
	}
	if p.ToInvite != 2 || p.Problems != 3 || p.Skipped != 1 || !p.HasTeams || p.Source != "Pasted CSV" {
		t.Errorf("counts %+v", p)
	}
	if !strings.Contains(p.Summary, "2 to invite") || !strings.Contains(p.Summary, "line 3") || !strings.Contains(p.Summary, "line 7") {
		t.Errorf("summary %q", p.Summary)
	}

	// A pasted list: commas, semicolons and line breaks.
	p, err = inv.PreviewRoster("x@example.com, y@example.com\n\nnot-an-email; X@EXAMPLE.COM\n")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source != "Pasted list" || p.ToInvite != 2 || len(p.Rows) != 4 || p.Rows[2].Line != 3 || p.Rows[2].Status != workflow.RowInvalid || p.Rows[3].Reason != "duplicate of line 1" {
		t.Errorf("pasted list %+v", p)
	}
	// A roster file (what ChooseRoster reads after the dialog): UTF-16LE
	// with a BOM and tabs, as Excel's "Unicode Text" writes it.
	path := filepath.Join(t.TempDir(), "roster.txt")
	u16 := []byte{0xFF, 0xFE}
	for _, r := range "Email\tName\r\nzoe@example.com\tZoë\r\nnope\tX\r\n" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	if err := os.WriteFile(path, u16, 0o600); err != nil {
		t.Fatal(err)
	}
	a.os.openFile = func(string, []wruntime.FileFilter) (string, error) { return path, nil }
	p, err = inv.ChooseRoster()
	if err != nil || p.Source != "roster.txt" || p.ToInvite != 1 || p.Rows[0].Name != "Zoë" || p.Rows[1].Line != 3 || p.Rows[1].Status != workflow.RowInvalid {
		t.Fatalf("file preview %+v %v", p, err)
	}
	for _, bad := range []string{"", "   ", "name;team\nAna;Sales\n"} {
		if _, err := inv.PreviewRoster(bad); decode(t, FormatError(err)).Code != CodeInvalidInput {
			t.Errorf("PreviewRoster(%q) = %v, want invalid_input", bad, err)
		}
	}
	if _, err := inv.SendInvites(SendInvitesRequest{Emails: []string{"not an email"}}); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("SendInvites(bad) = %v", err)
	}
	if _, err := inv.SendInvites(SendInvitesRequest{Emails: []string{"a@example.com"}, TeamID: "nope"}); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("SendInvites(unknown team) = %v", err)
	}
}

func TestSendInvitesOnceThenRevoke(t *testing.T) {
	a, srv, l := newLinkedApp(t)
	base := "http://" + l.addr + "/api/v2"
	syncNow(t, a)
	teams, _ := a.People.Teams()
	inv := service[*InvitesService](t, a)

	ref, err := inv.SendInvites(SendInvitesRequest{Emails: []string{"new.one@example.com", "New.Two@example.com", "new.one@example.com"}, TeamID: teams[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	rep := waitJobDone(t, a, ref.JobID)
	if rep.State != jobs.StateSucceeded || rep.Result != "2 invited" || rep.Failed != 0 {
		t.Fatalf("send report %+v", rep)
	}
	waitSync(t, a)
	if n, _ := serverInvites(t, base, srv.APIKey(), "new.one@example.com"); n != 1 {
		t.Fatalf("server has %d invites for new.one", n)
	}
	pend, err := inv.Pending()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]PendingInvite{}
	for _, p := range pend.Items {
		found[p.Email] = p
	}
	if p := found["new.two@example.com"]; p.State != "pending" || p.TeamName != teams[0].Name {
		t.Fatalf("new invite in the pending list: %+v", p)
	}

	// The same address again: the preview says so, and a forced send
	// finds the server's invite and sends nothing.
	pv, _ := inv.PreviewRoster("new.one@example.com")
	if pv.ToInvite != 0 || pv.Rows[0].Status != workflow.RowExisting {
		t.Fatalf("preview of an invited address: %+v", pv)
	}
	ref, _ = inv.SendInvites(SendInvitesRequest{Emails: []string{"new.one@example.com"}})
	waitJobDone(t, a, ref.JobID)
	waitSync(t, a)
	if n, _ := serverInvites(t, base, srv.APIKey(), "new.one@example.com"); n != 1 {
		t.Fatalf("second send: server has %d invites", n)
	}

	if err := inv.Revoke("new.two@example.com"); err != nil {
		t.Fatal(err)
	}
	waitSync(t, a)
	if n, revoked := serverInvites(t, base, srv.APIKey(), "new.two@example.com"); n != 0 || !revoked {
		t.Fatalf("after revoke: %d live, revoked %v", n, revoked)
	}
	pend, _ = inv.Pending()
	for _, p := range pend.Items {
		if p.Email == "new.two@example.com" {
			t.Fatalf("revoked invite still listed: %+v", p)
		}
	}
}

func TestInvitesOfflineQueuedThenSent(t *testing.T) {
	a, srv, l := newLinkedApp(t)
	base := "http://" + l.addr + "/api/v2"
	syncNow(t, a)
	inv := service[*InvitesService](t, a)
	out := service[*OutboxService](t, a)

	l.down()
	ref, err := inv.SendInvites(SendInvitesRequest{Emails: []string{"plane@example.com", "train@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	rep := waitJobDone(t, a, ref.JobID)
	if rep.State != jobs.StateSucceeded || !strings.Contains(rep.Result, "2 queued") {
		t.Fatalf("offline send %+v", rep)
	}
	waitSync(t, a)
	if st, _ := a.Sync.Status(); st.Pending != 2 || st.State != "offline" {
		t.Fatalf("status offline %+v", st)
	}
	pend, _ := inv.Pending()
	if len(pend.Items) < 2 || pend.Items[0].State != "queued" || pend.Items[1].State != "queued" {
		t.Fatalf("queued invites not listed first: %+v", pend.Items[:2])
	}
	items, _ := out.List()
	if len(items) != 2 || items[0].State != "pending" || items[0].Label != "Invite plane@example.com" {
		t.Fatalf("outbox %+v", items)
	}
	// Revoking a queued invite just drops it: it never reaches the server.
	if err := inv.Revoke("train@example.com"); err != nil {
		t.Fatal(err)
	}
	if items, _ := out.List(); len(items) != 1 {
		t.Fatalf("outbox after revoking a queued invite %+v", items)
	}

	l.up()
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync back online %+v", rep)
	}
	if st, _ := a.Sync.Status(); st.Pending != 0 || st.State != "idle" {
		t.Fatalf("status online %+v", st)
	}
	if n, _ := serverInvites(t, base, srv.APIKey(), "plane@example.com"); n != 1 {
		t.Fatalf("queued invite sent %d times", n)
	}
	if n, _ := serverInvites(t, base, srv.APIKey(), "train@example.com"); n != 0 {
		t.Fatal("dropped invite was sent")
	}
	pend, _ = inv.Pending()
	if pend.Items[0].Email == "plane@example.com" && pend.Items[0].State != "pending" {
		t.Fatalf("sent invite %+v", pend.Items[0])
	}
}

func TestOutboxNeedsAttentionRetryDiscard(t *testing.T) {
	a, _, _ := newLinkedApp(t)
	syncNow(t, a)
	out := service[*OutboxService](t, a)
	// Renaming onto an id the server does not know is refused for good.
	if _, err := syncer.QueueTeamAction(context.Background(), a.d().Store, store.KindRenameTeam, syncer.TeamPayload{TeamID: "team_does_not_exist", Name: "Ghost"}); err != nil {
		t.Fatal(err)
	}
	syncNow(t, a)
	items, _ := out.List()
	if len(items) != 1 || items[0].State != "needs_attention" || items[0].Message == "" || strings.Contains(items[0].Message, "http://") {
		t.Fatalf("refused item %+v", items)
	}
	if st, _ := a.Sync.Status(); st.NeedsAttention != 1 {
		t.Fatalf("status %+v", st)
	}
	if err := out.Retry(items[0].ID); err != nil {
		t.Fatal(err)
	}
	waitSync(t, a)
	items, _ = out.List()
	if len(items) != 1 || items[0].State != "needs_attention" || items[0].Attempts != 2 {
		t.Fatalf("after retry %+v", items)
	}
	if err := out.Discard(items[0].ID); err != nil {
		t.Fatal(err)
	}
	if items, _ := out.List(); len(items) != 0 {
		t.Fatalf("after discard %+v", items)
	}
	if st, _ := a.Sync.Status(); st.NeedsAttention != 0 {
		t.Fatalf("status after discard %+v", st)
	}
}

func TestTeamsThroughTheOutbox(t *testing.T) {
	a, _, l := newLinkedApp(t)
	syncNow(t, a)
	ts := service[*TeamsService](t, a)
	before, err := ts.List()
	if err != nil || len(before.Teams) == 0 {
		t.Fatalf("teams %+v %v", before, err)
	}
	sum := before.Unassigned
	for _, tm := range before.Teams {
		sum += tm.Members
	}
	if sum != before.Total {
		t.Errorf("member counts %d + unassigned don't add up to %d", sum, before.Total)
	}

	l.down()
	if err := ts.Create("  Design   Ops "); err != nil {
		t.Fatal(err)
	}
	waitSync(t, a)
	if err := ts.Create("design ops"); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("duplicate create = %v", err)
	}
	list, _ := ts.List()
	row, ok := teamByName(list, "Design Ops")
	if !ok || row.Pending != "create" || row.ID != "" {
		t.Fatalf("queued team %+v", list.Teams)
	}
	if st, _ := a.Sync.Status(); st.Pending != 1 {
		t.Fatalf("pending %+v", st)
	}
	l.up()
	syncNow(t, a)
	list, _ = ts.List()
	row, ok = teamByName(list, "Design Ops")
	if !ok || row.Pending != "" || row.ID == "" || row.Members != 0 {
		t.Fatalf("created team %+v", list.Teams)
	}

	// Rename offline: shown with the new name, pending, until the sync.
	l.down()
	if err := ts.Rename(row.ID, "Design Operations"); err != nil {
		t.Fatal(err)
	}
	waitSync(t, a)
	list, _ = ts.List()
	if r, ok := teamByName(list, "Design Operations"); !ok || r.Pending != "rename" || r.OldName != "Design Ops" {
		t.Fatalf("queued rename %+v", list.Teams)
	}
	l.up()
	syncNow(t, a)
	list, _ = ts.List()
	if r, ok := teamByName(list, "Design Operations"); !ok || r.Pending != "" {
		t.Fatalf("renamed %+v", list.Teams)
	}

	// Move a member in.
	people, _ := a.People.List(PeopleRequest{Tab: "Finished", Limit: 2})
	emails := []string{people.Items[0].Email, people.Items[1].Email}
	if err := ts.AssignMembers(row.ID, []string{"nobody@nowhere.example"}); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("assign a stranger = %v", err)
	}
	if err := ts.AssignMembers(row.ID, emails); err != nil {
		t.Fatal(err)
	}
	waitSync(t, a)
	syncNow(t, a)
	list, _ = ts.List()
	if r, _ := teamByName(list, "Design Operations"); r.Members != 2 || r.PendingMoves != 0 {
		t.Fatalf("after assign %+v", r)
	}

	// Delete: the team goes, its people stay in the organization.
	if err := ts.Delete(row.ID); err != nil {
		t.Fatal(err)
	}
	waitSync(t, a)
	syncNow(t, a)
	list, _ = ts.List()
	if _, ok := teamByName(list, "Design Operations"); ok {
		t.Fatalf("deleted team still listed %+v", list.Teams)
	}
	for _, e := range emails {
		if p, err := a.d().Store.Person(context.Background(), e); err != nil || p.TeamID == row.ID {
			t.Fatalf("%s after team delete: %+v %v", e, p, err)
		}
	}
	if list.Total != before.Total {
		t.Fatalf("org size changed %d → %d", before.Total, list.Total)
	}
	if err := ts.Rename("nope", "X"); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("rename unknown = %v", err)
	}
	if err := ts.Create(strings.Repeat("x", 81)); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("long name = %v", err)
	}
}

func teamByName(l workflow.TeamList, name string) (workflow.TeamRow, bool) {
	for _, r := range l.Teams {
		if r.Name == name {
			return r, true
		}
	}
	return workflow.TeamRow{}, false
}

// fakeKeychain stands in for the OS keychain: tests never touch the real one.
type fakeKeychain struct {
	key         string
	sets        int
	unavailable bool
}

func (f *fakeKeychain) Get(context.Context) (string, error) {
	if f.unavailable {
		return "", errors.Join(config.ErrNoAPIKey, errors.New("the system keychain is unavailable (no D-Bus)"))
	}
	if f.key == "" {
		return "", config.ErrNoAPIKey
	}
	return f.key, nil
}

func (f *fakeKeychain) Set(_ context.Context, k string) error {
	if f.unavailable {
		return errors.New("no D-Bus session")
	}
	f.sets++
	f.key = k
	return nil
}

func (f *fakeKeychain) Delete(context.Context) error { f.key = ""; return nil }

func TestSettingsAPIKey(t *testing.T) {
	a, srv, l := newLinkedApp(t)
	dataDir := t.TempDir()
	env := map[string]string{config.EnvDataDir: dataDir, config.EnvAPIURL: "http://" + l.addr + "/api/v2"}
	kc := &fakeKeychain{}
	s := service[*SettingsService](t, a)
	s.keychain, s.getenv = kc, func(k string) string { return env[k] }

	st, err := s.Status()
	if err != nil || st.KeySource != "none" || st.MaskedKey != "" || st.APIURL != env[config.EnvAPIURL] || !st.APIURLFromEnv {
		t.Fatalf("status %+v %v", st, err)
	}
	// A wrong key is refused by the API and not saved.
	_, err = s.SaveAPIKey("sk_wrong_key_1234")
	if e := decode(t, FormatError(err)); e.Code != CodeBadAPIKey || !strings.Contains(e.Message, "did not accept this key") || strings.Contains(e.Message, "sk_wrong") {
		t.Fatalf("wrong key: %+v", e)
	}
	if kc.sets != 0 {
		t.Fatal("a refused key was saved")
	}
	for _, bad := range []string{"", "sk key with spaces", strings.Repeat("k", 600)} {
		if _, err := s.SaveAPIKey(bad); decode(t, FormatError(err)).Code != CodeInvalidInput {
			t.Errorf("SaveAPIKey(%.10q) = %v", bad, err)
		}
	}
	// The right key is checked, saved, and only ever shown masked.
	key := srv.APIKey()
	st, err = s.SaveAPIKey("  " + key + "\n")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(st)
	// Connected in place: no restart, the organization is open now.
	if kc.key != key || st.KeySource != "keychain" || st.MaskedKey != config.MaskKey(key) || strings.Contains(string(raw), key) ||
		st.Restart != "" || !strings.Contains(st.Notice, "Connected to") {
		t.Fatalf("after save: %s (stored %q)", raw, kc.key)
	}
	if info, _ := a.System.Info(); info.Demo {
		t.Fatalf("still the demo after connecting: %+v", info)
	}
	if _, err := a.People.List(PeopleRequest{}); err != nil {
		t.Fatalf("the connected organization's list: %v", err)
	}
	st, _ = s.SignOut()
	if kc.key != "" || st.KeySource != "none" || !strings.Contains(st.Notice, "Signed out") {
		t.Fatalf("after sign out %+v", st)
	}

	// Offline: the key cannot be checked, so it is not saved.
	l.down()
	if _, err := s.SaveAPIKey(key); decode(t, FormatError(err)).Code != CodeOffline || kc.sets != 1 {
		t.Fatalf("offline save = %v (sets %d)", err, kc.sets)
	}
	l.up()

	// No keychain: said plainly, with the CLI alternative.
	kc.unavailable = true
	st, _ = s.Status()
	if !strings.Contains(st.KeychainProblem, "SHOTDESK_API_KEY") {
		t.Fatalf("keychain problem %q", st.KeychainProblem)
	}
	if _, err := s.SaveAPIKey(key); decode(t, FormatError(err)).Code != CodeKeychainUnavailable {
		t.Fatalf("save without keychain = %v", err)
	}
	// The person chooses the labelled fallback: a file only they can read.
	s.keychain = config.Stored{Keychain: kc, File: config.KeyFile{Dir: a.cfg.RealDataDir}}
	st, err = s.SaveAPIKeyWithoutKeychain(key)
	if err != nil || st.KeySource != "file" || !strings.Contains(st.Notice, "Connected to") {
		t.Fatalf("save to the key file: %+v %v", st, err)
	}
	if fi, err := os.Stat(filepath.Join(a.cfg.RealDataDir, "api-key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if st, _ := s.SignOut(); st.KeySource != "none" {
		t.Fatalf("sign out leaves the key file: %+v", st)
	}

	// The API URL: validated, saved to settings.json, used at the next start.
	delete(env, config.EnvAPIURL)
	if _, err := s.SetAPIURL("http://api.example.com/v2"); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Fatalf("plain http accepted: %v", err)
	}
	st, err = s.SetAPIURL("https://eu.example.com/api/v2/")
	if err != nil || st.APIURL != "https://eu.example.com/api/v2" || st.APIURLFromEnv {
		t.Fatalf("set URL %+v %v", st, err)
	}
	if _, url, _ := config.Paths("", "", s.getenv); url != "https://eu.example.com/api/v2" {
		t.Fatalf("Paths ignores the saved URL: %q", url)
	}
	if st, _ = s.SetAPIURL(""); st.APIURL != config.DefaultAPIURL {
		t.Fatalf("reset URL %+v", st)
	}

	if res, err := s.ClearPhotoCache(); err != nil || res.FreedBytes < 0 {
		t.Fatalf("clear cache %+v %v", res, err)
	}
}
