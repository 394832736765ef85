package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// syncNow runs a sync through the bound service and waits for its report.
func syncNow(t *testing.T, a *App) jobs.Report {
	t.Helper()
	ref, err := a.Sync.SyncNow()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rep, err := a.jobs.Wait(ctx, ref.JobID)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestSyncThenBrowseOffline(t *testing.T) {
	a, srv := newTestApp(t)
	if st, _ := a.Sync.Status(); st.LastSync != "" {
		t.Fatalf("fresh cache claims a sync: %+v", st)
	}
	if rep := syncNow(t, a); rep.State != jobs.StateSucceeded {
		t.Fatalf("sync: %+v", rep)
	}
	st, err := a.Sync.Status()
	if err != nil || st.State != "idle" || !st.Online || st.LastSync == "" {
		t.Fatalf("status after sync: %+v %v", st, err)
	}

	fin0, err := a.People.List(PeopleRequest{Tab: "Finished", Limit: 1})
	if err != nil || len(fin0.Items) == 0 {
		t.Fatalf("no finished person: %v", err)
	}
	{
		p := fin0.Items[0]
		// The cached favorite thumbnail is served by the media route. Photos
		// download in their own job after the sync; wait for it.
		h := a.mediaMiddleware()(http.NotFoundHandler())
		var rec *httptest.ResponseRecorder
		for deadline := time.Now().Add(30 * time.Second); ; {
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", p.ThumbURL, nil))
			if rec.Code == 200 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/jpeg" || rec.Body.Len() < 500 {
			t.Fatalf("GET %s: %d %q %d bytes", p.ThumbURL, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}
		for _, bad := range []string{"/media/photo/../../etc/passwd", "/media/photo/%2e%2e/x/thumbnail", "/media/photo/nope/thumbnail", "/media/photo/" + "x/original"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", bad, nil))
			if rec.Code != 404 {
				t.Errorf("GET %s = %d, want 404", bad, rec.Code)
			}
		}
	}

	// The server goes away: every read still works from the cache.
	srv.Close()
	counts, err := a.People.Counts("")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Total == 0 || counts.Finished == 0 || counts.PendingInvites == 0 || counts.Credits == 0 {
		t.Fatalf("counts %+v", counts)
	}
	all, err := a.People.List(PeopleRequest{Limit: 1000})
	if err != nil || all.Total != counts.Total || len(all.Items) != all.Total {
		t.Fatalf("list all: %d items of %d (counts total %d), %v", len(all.Items), all.Total, counts.Total, err)
	}
	fin, err := a.People.List(PeopleRequest{Tab: "Finished"})
	if err != nil || fin.Total == 0 {
		t.Fatalf("finished tab: %+v %v", fin.Total, err)
	}
	p := fin.Items[0]
	if p.Status != "Finished" || p.CSVStatus != "Finished" || !p.HasFavorite || !strings.HasPrefix(p.ThumbURL, "/media/photo/") {
		t.Fatalf("finished row %+v", p)
	}
	if strings.Contains(p.ThumbURL, "signature") || strings.Contains(p.ThumbURL, "http") {
		t.Fatalf("row carries a remote URL: %q", p.ThumbURL)
	}
	found, err := a.People.List(PeopleRequest{Search: p.Email[:5]})
	if err != nil || found.Total == 0 {
		t.Fatalf("search %q: %+v %v", p.Email[:5], found.Total, err)
	}
	teams, err := a.People.Teams()
	if err != nil || len(teams) == 0 {
		t.Fatalf("teams %v %v", teams, err)
	}

	// Mark actioned and undo, offline.
	if err := a.People.SetActioned(p.ModelID, true); err != nil {
		t.Fatal(err)
	}
	act, _ := a.People.List(PeopleRequest{Tab: "Actioned"})
	if act.Total != 1 || act.Items[0].Email != p.Email || act.Items[0].ActionedAt == "" {
		t.Fatalf("actioned tab %+v", act)
	}
	hidden, _ := a.People.List(PeopleRequest{Tab: "Finished", HideActioned: true})
	if hidden.Total != fin.Total-1 {
		t.Fatalf("finished grid without actioned: %d, want %d", hidden.Total, fin.Total-1)
	}
	if err := a.People.SetActioned(p.ModelID, false); err != nil {
		t.Fatal(err)
	}
	if act, _ := a.People.List(PeopleRequest{Tab: "Actioned"}); act.Total != 0 {
		t.Fatalf("undo left %d actioned", act.Total)
	}

	// A sync now fails as offline and says so, without losing anything.
	rep := syncNow(t, a)
	if rep.State != jobs.StateFailed {
		t.Fatalf("sync with the server gone: %+v", rep)
	}
	st, _ = a.Sync.Status()
	if st.State != "offline" || st.Online || st.LastSync == "" {
		t.Fatalf("offline status %+v", st)
	}
	if again, _ := a.People.Counts(""); again.Total != counts.Total {
		t.Fatalf("offline sync changed the cache: %d → %d", counts.Total, again.Total)
	}
}

func TestPeopleBadInput(t *testing.T) {
	a, _ := newTestApp(t)
	for _, req := range []PeopleRequest{{Tab: "Bogus"}, {Sort: "size"}, {Offset: -1}} {
		if _, err := a.People.List(req); decode(t, FormatError(err)).Code != CodeInvalidInput {
			t.Errorf("List(%+v) = %v, want invalid_input", req, err)
		}
	}
	if err := a.People.SetActioned(" ", true); decode(t, FormatError(err)).Code != CodeInvalidInput {
		t.Errorf("SetActioned without shoot = %v", err)
	}
}
