package app

import (
	"encoding/csv"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// Export CSV of the Members "Invited" tab writes those rows only, as the
// list shows them.
func TestExportCSVOfTheCurrentView(t *testing.T) {
	f := newExportFixture(t, nil)
	for _, req := range []PeopleRequest{{Tab: "Invited"}, {Tab: "Finished", Search: "a", Sort: "latest"}, {}} {
		list, err := f.a.People.List(PeopleRequest{Tab: req.Tab, Search: req.Search, Sort: req.Sort, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.ExportCSV(ExportCSVRequest{Tab: req.Tab, Search: req.Search, Sort: req.Sort})
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSVFile(t, res.Path)
		if res.Rows != list.Total || len(recs)-1 != list.Total || list.Total == 0 {
			t.Fatalf("%+v: %d rows written, the list shows %d", req, res.Rows, list.Total)
		}
		for i, p := range list.Items {
			if recs[i+1][1] != p.Email {
				t.Fatalf("%+v: row %d is %s, the list has %s", req, i+1, recs[i+1][1], p.Email)
			}
			if req.Tab == "Invited" && recs[i+1][3] != "Invited" {
				t.Fatalf("an invited row says %q", recs[i+1][3])
			}
		}
	}
	// A bad view is refused before any dialog opens.
	asked := false
	f.a.os.saveFile = func(string, string, string, []wruntime.FileFilter) (string, error) { asked = true; return "", nil }
	if _, err := f.svc.ExportCSV(ExportCSVRequest{Tab: "Sleeping", ChooseLocation: true}); err == nil || asked {
		t.Fatalf("bad tab: %v, dialog asked %v", err, asked)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Remind opens one mail draft at a time through the allow-listed opener,
// each under 2,000 characters, with everyone in Bcc once.
func TestRemindOpensMailDrafts(t *testing.T) {
	a, _ := newTestApp(t)
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	var opened []string
	a.os.openURL = func(u string) { opened = append(opened, u) }
	inv := service[*InvitesService](t, a)
	all, _ := a.People.List(PeopleRequest{Limit: 1000})
	var emails []string
	for _, p := range all.Items {
		emails = append(emails, p.Email)
	}
	first, err := inv.Remind(RemindRequest{Emails: append(emails, "outsider@elsewhere.example")})
	if err != nil {
		t.Fatal(err)
	}
	if first.Draft != 1 || first.Drafts < 2 || first.People != len(emails) || len(first.Skipped) != 1 || !strings.Contains(first.Message, "Mail draft 1 of") {
		t.Fatalf("first draft %+v", first)
	}
	for i := 2; i <= first.Drafts; i++ {
		r, err := inv.Remind(RemindRequest{Emails: emails, Draft: i})
		if err != nil || r.Draft != i {
			t.Fatalf("draft %d: %+v %v", i, r, err)
		}
	}
	if len(opened) != first.Drafts {
		t.Fatalf("opened %d links for %d drafts", len(opened), first.Drafts)
	}
	var got []string
	for _, link := range opened {
		if len(link) > workflow.MaxMailtoLen || !strings.HasPrefix(link, "mailto:?bcc=") {
			t.Fatalf("draft link %d characters: %.80s…", len(link), link)
		}
		u, _ := url.Parse(link)
		q, _ := url.ParseQuery(u.RawQuery)
		got = append(got, strings.Split(q.Get("bcc"), ",")...)
	}
	sort.Strings(got)
	sort.Strings(emails)
	if strings.Join(got, ",") != strings.Join(emails, ",") {
		t.Fatalf("the drafts address %d people, want %d", len(got), len(emails))
	}
	if _, err := inv.Remind(RemindRequest{Emails: emails, Draft: first.Drafts + 1}); err == nil {
		t.Fatal("a draft past the last opened")
	}
	if _, err := inv.Remind(RemindRequest{Emails: []string{"outsider@elsewhere.example"}}); err == nil {
		t.Fatal("a draft to nobody of the organization opened")
	}
	if len(opened) != first.Drafts {
		t.Fatalf("refused requests opened links: %v", opened[first.Drafts:])
	}
	// The opener itself refuses links Shotdesk did not make.
	for _, bad := range []string{"https://evil.example/app/", "mailto:ceo@elsewhere.example", "file:///etc/passwd"} {
		if err := a.openLink(bad); err == nil {
			t.Errorf("openLink(%q) allowed", bad)
		}
	}
	if len(opened) != first.Drafts {
		t.Fatalf("the opener opened %v", opened[first.Drafts:])
	}
}

// Re-send: revoke + invite through the outbox; the pending list says it is
// being sent again; after the sync the invite is a new one.
func TestResendPendingInvite(t *testing.T) {
	a, srv, l := newLinkedApp(t)
	base := "http://" + l.addr + "/api/v2"
	syncNow(t, a)
	inv := service[*InvitesService](t, a)
	list, _ := a.People.List(PeopleRequest{Tab: "Invited", Limit: 1})
	p := list.Items[0]
	l.down() // offline: both stay queued
	res, err := inv.Resend([]string{p.Email})
	if err != nil || len(res.Queued) != 1 || len(res.Skipped) != 0 || res.Summary != "1 invite will be sent again" {
		t.Fatalf("resend %+v %v", res, err)
	}
	waitSync(t, a)
	pend, _ := inv.Pending()
	if got := pend.Items[0]; got.Email != p.Email || !got.Resending || got.State != "queued" {
		t.Fatalf("pending while offline: %+v", got)
	}
	l.up()
	syncNow(t, a)
	waitSync(t, a)
	if n, revoked := serverInvites(t, base, srv.APIKey(), p.Email); n != 1 || !revoked {
		t.Fatalf("server: %d live invites, old revoked %v", n, revoked)
	}
	after, _ := a.People.List(PeopleRequest{Search: p.Email})
	if len(after.Items) != 1 || after.Items[0].Lifecycle != "Invited" || after.Items[0].InvitedAt <= p.InvitedAt {
		t.Fatalf("after: %+v (was %s)", after.Items, p.InvitedAt)
	}
	pend, _ = inv.Pending()
	for _, it := range pend.Items {
		if it.Email == p.Email && (it.Resending || it.RevokeQueued) {
			t.Fatalf("still resending: %+v", it)
		}
	}
}

// Give retry and friends: the notice says why the web page and what to do
// there; the demo organization opens nothing.
func TestOpenMemberPageWordsAndDemo(t *testing.T) {
	a, _ := newTestApp(t)
	syncNow(t, a)
	h := headshots(t, a)
	var opened []string
	a.os.openURL = func(u string) { opened = append(opened, u) }
	fin, _ := a.People.List(PeopleRequest{Tab: "Finished", Limit: 1})
	p := fin.Items[0]
	r, err := h.OpenMemberPage(p.MemberID, "access-link")
	if err != nil || !r.Opened || len(opened) != 1 || !strings.Contains(r.Notice, "public API cannot send access links") {
		t.Fatalf("real org: %+v %v %v", r, err, opened)
	}
	a.info.Demo = true
	r, err = h.OpenMemberPage(p.MemberID, "retry")
	if err != nil || r.Opened || len(opened) != 1 || !strings.Contains(r.Notice, "demo organization") {
		t.Fatalf("demo: %+v %v %v", r, err, opened)
	}
}

// Download this photo: into Downloads, or where the save dialog says.
func TestSavePhotoFromTheViewer(t *testing.T) {
	f := newExportFixture(t, nil)
	if err := os.MkdirAll(filepath.Join(f.home, "Downloads"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := headshots(t, f.a)
	fin, _ := f.a.People.List(PeopleRequest{Tab: "Finished", Limit: 1})
	d, err := h.MemberDetail(fin.Items[0].Key)
	if err != nil || len(d.Photos) == 0 {
		t.Fatalf("detail %+v %v", d, err)
	}
	ph := d.Photos[0].ID
	saved, err := h.SavePhoto(ph, false)
	if err != nil || saved.Label != "Downloads/"+fin.Items[0].Email+"-"+ph+".jpg" {
		t.Fatalf("saved %+v %v", saved, err)
	}
	chosen := filepath.Join(t.TempDir(), "portrait")
	f.a.os.saveFile = func(title, dir, name string, _ []wruntime.FileFilter) (string, error) {
		if name != fin.Items[0].Email+"-"+ph+".jpg" {
			t.Errorf("suggested name %q", name)
		}
		return chosen, nil
	}
	if _, err := h.SavePhoto(ph, true); err != nil {
		t.Fatal(err)
	}
	if raw, err := os.ReadFile(chosen + ".jpg"); err != nil || raw[0] != 0xFF || raw[1] != 0xD8 {
		t.Fatalf("chosen file: %v", err)
	}
	f.a.os.saveFile = func(string, string, string, []wruntime.FileFilter) (string, error) { return "", nil }
	if _, err := h.SavePhoto(ph, true); decode(t, FormatError(err)).Code != CodeCancelled {
		t.Fatalf("dismissed dialog: %v", err)
	}
}
