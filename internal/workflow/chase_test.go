package workflow

import (
	"context"
	"encoding/csv"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// chaseDesk is a Desk synced against a fresh sandbox, with its API URL.
func chaseDesk(t *testing.T, members int) (*Desk, *sandbox.Server, string) {
	t.Helper()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: members, Seed: 11, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	if f, err := d.Freshen(context.Background(), false, nil); err != nil || !f.Synced {
		t.Fatalf("sync: %+v %v", f, err)
	}
	return d, srv, base
}

func readCSV(t *testing.T, path string) [][]string {
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

// emailsOf lists the people a store query selects, in its order.
func emailsOf(t *testing.T, d *Desk, q store.PeopleQuery) []string {
	t.Helper()
	page, err := d.Store.People(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range page.Items {
		out = append(out, p.Email)
	}
	return out
}

// "Export this view": the file holds exactly the rows the list's query
// selects, in its order; the zero view is everybody.
func TestStatusCSVExportsTheView(t *testing.T) {
	ctx := context.Background()
	d, _, _ := chaseDesk(t, 120)
	teams, _ := d.Teams(ctx)

	for _, v := range []View{
		{Status: "invited"},
		{Status: "Invited", TeamID: teams[0].ID},
		{Status: "finished", Sort: store.SortLatest},
		{Status: "actioned"},
		{Search: "an"},
		{Status: "no-favorite", Search: "e"},
		{},
	} {
		q, err := ViewQuery(v)
		if err != nil {
			t.Fatal(v, err)
		}
		want := emailsOf(t, d, q)
		res, err := d.ExportStatusCSV(ctx, StatusCSVRequest{Team: v.TeamID, View: View{Status: v.Status, Search: v.Search, Sort: v.Sort}, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(v, err)
		}
		recs := readCSV(t, res.Path)
		var got []string
		for _, r := range recs[1:] {
			got = append(got, r[1])
			if v.Status == "invited" && r[3] != "Invited" {
				t.Errorf("%+v: row %v is not an invite", v, r)
			}
			if v.TeamID != "" && r[0] != teams[0].Name {
				t.Errorf("%+v: row %v is in another team", v, r)
			}
		}
		if res.Rows != len(want) || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("view %+v: %d rows %v, the list shows %d: %v", v, res.Rows, got, len(want), want)
		}
	}
	all, _ := d.Store.Counts(ctx, "")
	invited := emailsOf(t, d, store.PeopleQuery{Lifecycle: domain.LifecycleInvited})
	if len(invited) == 0 || len(invited) >= all.Total {
		t.Fatalf("the sandbox needs some invites: %d of %d", len(invited), all.Total)
	}

	var we *Error
	if _, err := d.ExportStatusCSV(ctx, StatusCSVRequest{View: View{Status: "bogus"}, Dir: t.TempDir()}); !errors.As(err, &we) || we.Kind != KindInvalidInput {
		t.Fatalf("unknown status: %v", err)
	}
	if _, err := d.ExportStatusCSV(ctx, StatusCSVRequest{View: View{Sort: "shoe size"}, Dir: t.TempDir()}); !errors.As(err, &we) || we.Kind != KindInvalidInput {
		t.Fatalf("unknown sort: %v", err)
	}
}

func firstOf(t *testing.T, d *Desk, lc domain.Lifecycle) store.Person {
	t.Helper()
	page, err := d.Store.People(context.Background(), store.PeopleQuery{Lifecycle: lc, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no %s person: %v", lc, err)
	}
	return page.Items[0]
}

// Re-sending an invite is a revoke and a new invite, queued together; the
// server ends with one live invite (a new one) and the old one revoked.
func TestResendInvites(t *testing.T) {
	ctx := context.Background()
	d, _, _ := chaseDesk(t, 80)
	inv := firstOf(t, d, domain.LifecycleInvited)
	joined := firstOf(t, d, domain.LifecycleFinished)

	res, err := d.ResendInvites(ctx, []string{strings.ToUpper(inv.Email), joined.Email, "nobody@nowhere.example", "not-an-email", inv.Email})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Queued) != 1 || res.Queued[0] != inv.Email || len(res.Skipped) != 3 {
		t.Fatalf("result %+v", res)
	}
	reasons := map[string]string{}
	for _, f := range res.Skipped {
		reasons[f.Item] = f.Reason
	}
	if !strings.Contains(reasons[joined.Email], "already joined") || !strings.Contains(reasons["nobody@nowhere.example"], "not in the offline copy") ||
		!strings.Contains(reasons["not-an-email"], "not a valid") {
		t.Fatalf("reasons %v", reasons)
	}
	if res.Summary != "1 invite will be sent again; 3 skipped" {
		t.Fatalf("summary %q", res.Summary)
	}
	actions, _, _ := syncer.Actions(ctx, d.Store)
	if len(actions) != 2 || actions[0].Kind != store.KindRevokeInvite || actions[1].Kind != store.KindInvite ||
		actions[0].Email != inv.Email || actions[1].Email != inv.Email || actions[1].TeamID != inv.TeamID ||
		actions[0].Entity != actions[1].Entity {
		t.Fatalf("outbox %+v", actions)
	}
	pending, _, _ := d.PendingInvites(ctx, 10)
	if pending[0].Email != inv.Email || !pending[0].Resending || pending[0].State != PendingQueued {
		t.Fatalf("pending list while queued: %+v", pending[0])
	}
	// Asking again while it is queued does nothing.
	again, _ := d.ResendInvites(ctx, []string{inv.Email})
	if len(again.Queued) != 0 || len(again.Skipped) != 1 || !strings.Contains(again.Skipped[0].Reason, "being sent again") {
		t.Fatalf("second resend: %+v", again)
	}

	if _, err := d.Sender.SendQueued(ctx); err != nil {
		t.Fatal(err)
	}
	if f, err := d.Freshen(ctx, false, nil); err != nil || !f.Synced {
		t.Fatalf("sync: %v", err)
	}
	after, err := d.Store.Person(ctx, inv.Email)
	if err != nil || after.Lifecycle != domain.LifecycleInvited || !after.InvitedAt.After(inv.InvitedAt) {
		t.Fatalf("after the resend: %+v (was invited %v) %v", after, inv.InvitedAt, err)
	}
	actions, _, _ = syncer.Actions(ctx, d.Store)
	for _, a := range actions {
		if a.State != store.OutboxDone {
			t.Fatalf("left in the outbox: %+v", a)
		}
	}
	if _, err := d.ResendInvites(ctx, nil); err == nil {
		t.Fatal("an empty resend was accepted")
	}
}

// A roster of people becomes mail drafts under MaxMailtoLen, Bcc only,
// with every person of the offline copy in exactly one draft and nobody
// else.
func TestReminderDrafts(t *testing.T) {
	ctx := context.Background()
	d, _, _ := chaseDesk(t, 300)
	everyone := emailsOf(t, d, store.PeopleQuery{})
	in := append([]string{"stranger@elsewhere.example", "bad address", strings.ToUpper(everyone[0])}, everyone...)
	r, err := d.Reminder(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Drafts) < 3 || r.People != len(everyone) || len(r.Skipped) != 2 {
		t.Fatalf("%d drafts for %d people, skipped %v", len(r.Drafts), r.People, r.Skipped)
	}
	var got []string
	for i, dr := range r.Drafts {
		if len(dr.URL) > MaxMailtoLen {
			t.Fatalf("draft %d is %d characters", i+1, len(dr.URL))
		}
		if i < len(r.Drafts)-1 && len(dr.URL) < MaxMailtoLen-300 {
			t.Errorf("draft %d is only %d characters: drafts should be full", i+1, len(dr.URL))
		}
		if err := CheckLink(dr.URL); err != nil {
			t.Fatalf("draft %d fails the link check: %v\n%s", i+1, err, dr.URL)
		}
		u, _ := url.Parse(dr.URL)
		q, _ := url.ParseQuery(u.RawQuery)
		bcc := strings.Split(q.Get("bcc"), ",")
		if u.Opaque != "" || strings.Join(bcc, ",") != strings.Join(dr.Recipients, ",") || q.Get("subject") == "" || !strings.Contains(q.Get("body"), "\n") {
			t.Fatalf("draft %d: %s", i+1, dr.URL)
		}
		// Nothing the desktop's URL opener refuses (shell metacharacters, spaces).
		if regexp.MustCompile("[;|`$\\\\<>*{}\\[\\]()~! \t\n\r]").MatchString(dr.URL) {
			t.Fatalf("draft %d has characters the opener refuses: %s", i+1, dr.URL)
		}
		got = append(got, dr.Recipients...)
	}
	sort.Strings(got)
	want := append([]string(nil), everyone...)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("the drafts address %d people, want %d", len(got), len(want))
	}
	if m := r.Describe(2); !strings.Contains(m, "Mail draft 2 of") || !strings.Contains(m, "2,000 characters") {
		t.Fatalf("describe: %q", m)
	}

	// Only pending invites: the words ask them to accept it.
	invited := emailsOf(t, d, store.PeopleQuery{Lifecycle: domain.LifecycleInvited})
	ri, err := d.Reminder(ctx, invited)
	if err != nil || !strings.Contains(ri.Subject, "accept the HeadshotPro invite") {
		t.Fatalf("invited: %+v %v", ri.Subject, err)
	}
	if _, err := d.Reminder(ctx, []string{"stranger@elsewhere.example"}); err == nil {
		t.Fatal("a reminder to nobody in the organization was made")
	}
}

func TestCheckLink(t *testing.T) {
	long := "mailto:?bcc=" + strings.Repeat("a", 2000) + "@x.example"
	for _, ok := range []string{
		"https://www.headshotpro.com/app/admin/members/abc?tab=headshots",
		"mailto:?bcc=ana@northwind.example,ben%2Btag@northwind.example&subject=Hi&body=Hello%20there",
	} {
		if err := CheckLink(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"", "javascript:alert(1)", "file:///etc/passwd", "http://www.headshotpro.com/app/x",
		"https://evil.example/app/x", "https://www.headshotpro.com.evil.example/app/", "https://user@www.headshotpro.com/app/",
		"https://www.headshotpro.com/", "mailto:ana@northwind.example", "mailto:?bcc=ana@northwind.example&cc=x@y.example",
		"mailto:?to=ana@northwind.example", "mailto:?bcc=not-an-address", "mailto:?bcc=a@b.example&body=hi!", long,
		"mailto:?bcc=a@b.example&subject=a b", "smb://host/share",
	} {
		if err := CheckLink(bad); err == nil {
			t.Errorf("%q allowed", bad)
		}
	}
}

// The member page opens with words that say why and what to do there; in
// the demo nothing opens.
func TestMemberPageFor(t *testing.T) {
	ctx := context.Background()
	d, _, _ := chaseDesk(t, 60)
	p := firstOf(t, d, domain.LifecycleFinished)
	real, err := d.MemberPageFor(ctx, p.MemberID, PageRetry, false)
	if err != nil || real.URL != "https://www.headshotpro.com/app/admin/members/"+p.MemberID+"?tab=headshots" ||
		!strings.Contains(real.Notice, "public API cannot give retries") || !strings.Contains(real.Notice, "Delete results and retry") {
		t.Fatalf("real: %+v %v", real, err)
	}
	demo, err := d.MemberPageFor(ctx, p.MemberID, PageAccessLink, true)
	if err != nil || demo.URL != "" || !strings.Contains(demo.Notice, "demo organization") || !strings.Contains(demo.Notice, "Send access link") {
		t.Fatalf("demo: %+v %v", demo, err)
	}
	for _, a := range []string{PageOpen, PageRestart} {
		if l, err := d.MemberPageFor(ctx, p.MemberID, a, false); err != nil || l.URL == "" || !strings.Contains(l.Notice, "API") {
			t.Fatalf("%s: %+v %v", a, l, err)
		}
	}
	if _, err := d.MemberPageFor(ctx, p.MemberID, "delete-everything", false); err == nil {
		t.Fatal("an unknown action was accepted")
	}
	if _, err := d.MemberPageFor(ctx, "", PageOpen, true); err == nil {
		t.Fatal("no member, yet a notice")
	}
}

// Download this photo: the full-size photo as it came, never replacing a file.
func TestSavePhoto(t *testing.T) {
	ctx := context.Background()
	d, _, _ := chaseDesk(t, 60)
	p := firstOf(t, d, domain.LifecycleFinished)
	photos, err := d.Store.PhotosOf(ctx, p.ModelID)
	if err != nil || len(photos) == 0 {
		t.Fatalf("photos: %v %v", photos, err)
	}
	dir := t.TempDir()
	first, err := d.SavePhoto(ctx, photos[0].ID, FileTarget{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	second, err := d.SavePhoto(ctx, photos[0].ID, FileTarget{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(first) != p.Email+"-"+photos[0].ID+".jpg" || filepath.Base(second) != p.Email+"-"+photos[0].ID+" (2).jpg" {
		t.Fatalf("names %s, %s", first, second)
	}
	raw, _ := os.ReadFile(first)
	if len(raw) < 1000 || raw[0] != 0xFF || raw[1] != 0xD8 {
		t.Fatalf("not a JPEG: %d bytes", len(raw))
	}
	var we *Error
	if _, err := d.SavePhoto(ctx, "no-such-photo", FileTarget{Dir: dir}); !errors.As(err, &we) || we.Kind != KindNotFound {
		t.Fatalf("unknown photo: %v", err)
	}
}
