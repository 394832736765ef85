package headshotpro

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// serve returns a handler answering every request with body.
func serve(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) }
}

func TestCreditsTolerant(t *testing.T) {
	for body, want := range map[string]float64{
		`{"success":true,"credits":100}`:                      100,
		`{"success":true,"credits":12.25}`:                    12.25,
		`{"success":true,"credits":"7.5"}`:                    7.5,
		`{"success":true,"credits":0}`:                        0,
		`{"success":true,"data":{"credits":3}}`:               3,
		`{"success":true,"data":4.75}`:                        4.75,
		`{"success":true,"credits":1,"newField":{"deep":[]}}`: 1,
	} {
		e := newEnv(t, serve(body))
		got, err := e.c.Credits(ctxT(t))
		if err != nil || got != want {
			t.Errorf("%s: got %v, %v; want %v", body, got, err, want)
		}
	}
	e := newEnv(t, serve(`{"success":true}`))
	if _, err := e.c.Credits(ctxT(t)); !errors.Is(err, ErrBadResponse) {
		t.Errorf("missing credits: err = %v", err)
	}
	e = newEnv(t, serve(`{"success":true,"credits":"lots"}`))
	if _, err := e.c.Credits(ctxT(t)); !errors.Is(err, ErrBadResponse) {
		t.Errorf("non-numeric credits: err = %v", err)
	}
}

func TestOrganizationWithCreditsAndDataWrapper(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/organization":
			// The generic overview's wrapper, with the resource itself as data.
			writeJSON(w, 200, `{"success":true,"data":{"uid":"org_1","name":"Acme","website":null,
				"teams":[{"id":"team_1","name":"Marketing","icon":"x"}]}}`)
		case "/api/v2/organization/credits":
			writeJSON(w, 200, `{"success":true,"credits":0.25}`)
		}
	})
	org, err := e.c.Organization(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want := domain.Organization{UID: "org_1", Name: "Acme", Credits: 0.25, Teams: []domain.Team{{ID: "team_1", Name: "Marketing"}}}
	if org.UID != want.UID || org.Name != want.Name || org.Website != "" || org.Credits != want.Credits ||
		len(org.Teams) != 1 || org.Teams[0] != want.Teams[0] {
		t.Errorf("org = %+v", org)
	}
}

func TestMembersTolerantDecoding(t *testing.T) {
	e := newEnv(t, serve(`{"success":true,"members":[
		{"id":"m1","email":"a@x.com","name":null,"status":"finished","teamId":null,"teamName":null,
		 "modelId":"507f","modelStatus":"active","joinedAt":"2024-01-15T10:30:00.000Z","avatar":"new"},
		{"id":"m2","email":"b@x.com","name":"Bee","status":"archived","modelStatus":"retouching",
		 "joinedAt":"2024-01-15T10:30:00Z"},
		{"id":"m3","email":"c@x.com","status":"pending","joinedAt":null},
		{"id":"m4","email":"d@x.com","status":"pending","joinedAt":"yesterday"}],
		"pagination":{"total":4,"limit":200,"offset":0,"hasMore":false}}`))
	page, err := e.c.ListMembers(ctxT(t), MemberFilter{}, PageRequest{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 4 || page.Total != 4 || page.HasMore {
		t.Fatalf("page = %+v", page)
	}
	m1, m2, m3, m4 := page.Items[0], page.Items[1], page.Items[2], page.Items[3]
	wantJoined := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	if m1.Name != "" || m1.TeamID != "" || m1.ModelID != "507f" || m1.ModelStatus != domain.ModelActive || !m1.JoinedAt.Equal(wantJoined) {
		t.Errorf("m1 = %+v", m1)
	}
	if m2.Status != "archived" || m2.Status.Known() || m2.ModelStatus != "retouching" || !m2.JoinedAt.Equal(wantJoined) {
		t.Errorf("unknown enums not kept: %+v", m2)
	}
	if !m3.JoinedAt.IsZero() || !m4.JoinedAt.IsZero() {
		t.Errorf("null/bad timestamps: %v %v", m3.JoinedAt, m4.JoinedAt)
	}
}

func TestMemberBucketsFillStatus(t *testing.T) {
	var paths []string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		writeJSON(w, 200, `{"success":true,"members":[{"id":"m1","email":"a@x.com","name":null,"teamId":"t","teamName":"T","joinedAt":"2024-01-15T10:30:00.000Z"}],"count":1}`)
	})
	for _, tc := range []struct {
		f    func() (MemberList, error)
		want domain.MemberStatus
	}{
		{func() (MemberList, error) { return e.c.AcceptedMembers(ctxT(t)) }, domain.MemberAccepted},
		{func() (MemberList, error) { return e.c.PendingMembers(ctxT(t)) }, domain.MemberPending},
		{func() (MemberList, error) { return e.c.FinishedMembers(ctxT(t)) }, domain.MemberFinished},
	} {
		ml, err := tc.f()
		if err != nil || ml.Count != 1 || len(ml.Members) != 1 || ml.Members[0].Status != tc.want || ml.Members[0].TeamName != "T" {
			t.Errorf("%s: %+v %v", tc.want, ml, err)
		}
	}
	want := []string{"/api/v2/organization/team/accepted", "/api/v2/organization/team/pending", "/api/v2/organization/team/finished"}
	for i := range want {
		if paths[i] != want[i] {
			t.Errorf("path %d = %s", i, paths[i])
		}
	}
}

func TestModelDecoding(t *testing.T) {
	e := newEnv(t, serve(`{"success":true,"model":{"id":"m1","uid":"anon_1","email":"a@x.com","title":null,
		"status":"generatingHeadshots","teamId":"t1","teamName":null,"isDevelopment":true,
		"createdAt":"2024-01-15T10:30:00.000Z","finishedAt":null}}`))
	m, err := e.c.Model(ctxT(t), "m1")
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "" || m.Status != domain.ModelGeneratingHeadshots || !m.IsDevelopment || !m.FinishedAt.IsZero() || m.CreatedAt.IsZero() || m.TeamName != "" {
		t.Errorf("model = %+v", m)
	}
}

func TestFavoritesMemberContext(t *testing.T) {
	e := newEnv(t, serve(`{"success":true,"photos":[
		{"id":"p1","modelId":"m1","email":"a@x.com","name":"Ann","teamId":"t1","teamName":"T",
		 "status":"active","likedStatus":"loved","createdAt":"2024-01-15T11:45:00.000Z",
		 "urls":{"main":"https://cdn/p1.jpg?signature=s"},"expiresAt":"2024-01-16T11:45:00.000Z"},
		{"id":"p2","modelId":"m2","email":"b@x.com","title":"Bob","teamId":null,"teamName":null,
		 "status":"active","likedStatus":"superloved","urls":{"main":"https://cdn/p2.jpg?signature=s","thumbnail":"t","original":"o"}}],
		"pagination":{"total":2,"limit":200,"offset":0,"hasMore":false}}`))
	favs, err := Collect(e.c.Favorites(ctxT(t), FavoritesFilter{}))
	if err != nil || len(favs) != 2 {
		t.Fatalf("favs=%v err=%v", favs, err)
	}
	a, b := favs[0], favs[1]
	if a.Name != "Ann" || a.Title != "Ann" || a.ModelID != "m1" || a.URLs.Main == "" || a.ExpiresAt.IsZero() {
		t.Errorf("a = %+v", a)
	}
	if b.Name != "Bob" || b.Title != "Bob" || b.TeamID != "" || b.LikedStatus != "superloved" || b.URLs.Variant("original") != "o" {
		t.Errorf("b = %+v", b)
	}
}

func TestFavoritePhotoNull(t *testing.T) {
	e := newEnv(t, serve(`{"success":true,"photo":null,"message":"No favorite photo selected"}`))
	_, ok, err := e.c.FavoritePhoto(ctxT(t), "m1", IncludeMain)
	if err != nil || ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	e = newEnv(t, serve(`{"success":true,"photo":{"id":"p1","status":"active","likedStatus":"loved","urls":{"main":"u"}}}`))
	p, ok, err := e.c.FavoritePhoto(ctxT(t), "m9", IncludeMain)
	if err != nil || !ok || p.ID != "p1" || p.ModelID != "m9" {
		t.Fatalf("p=%+v ok=%v err=%v", p, ok, err)
	}
	e = newEnv(t, serve(`{"success":true}`))
	if _, _, err := e.c.FavoritePhoto(ctxT(t), "m1", ""); !errors.Is(err, ErrBadResponse) {
		t.Errorf("missing photo key: %v", err)
	}
}

func TestSuccessFalseOn200(t *testing.T) {
	e := newEnv(t, serve(`{"success":false,"error":"Invalid API key","code":"UNAUTHORIZED"}`))
	_, err := e.c.Teams(ctxT(t))
	var ae *APIError
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &ae) || ae.Message != "Invalid API key" {
		t.Fatalf("err = %v", err)
	}
}

func TestMissingListIsAnErrorNotEmpty(t *testing.T) {
	// A sync must never take a broken answer for an empty organization.
	e := newEnv(t, serve(`{"success":true,"pagination":{"total":0,"limit":200,"offset":0,"hasMore":false}}`))
	if _, err := e.c.ListMembers(ctxT(t), MemberFilter{}, PageRequest{}); !errors.Is(err, ErrBadResponse) {
		t.Errorf("err = %v", err)
	}
	e = newEnv(t, serve(`{"success":true,"members":[],"pagination":{"total":0,"limit":200,"offset":0,"hasMore":false}}`))
	if p, err := e.c.ListMembers(ctxT(t), MemberFilter{}, PageRequest{}); err != nil || len(p.Items) != 0 {
		t.Errorf("empty list: %v %v", p, err)
	}
}

func TestWriteEndpointsDecode(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/api/v2/organization/teams":
			writeJSON(w, 200, `{"success":true,"organization":{"uid":"o","name":"Acme","teams":[{"id":"team_1","name":"Sales"},{"id":"team_new","name":"Product"}]}}`)
		case r.Method == "POST" && r.URL.Path == "/api/v2/organization/models":
			writeJSON(w, 200, `{"success":true,"modelId":"m1","status":"onboarding","signedUrl":"https://wl/auth?token=t"}`)
		case r.Method == "POST" && r.URL.Path == "/api/v2/organization/models/m1/photos/download":
			writeJSON(w, 200, `{"success":true,"downloads":[{"id":"p1","urls":{"main":"u1"}},{"photoId":"p2","url":"u2"}],"expiresAt":"2024-01-16T11:45:00.000Z"}`)
		case r.Method == "DELETE":
			writeJSON(w, 200, `{"success":true}`)
		default:
			writeJSON(w, 200, `{"success":true,"message":"ok"}`)
		}
	})
	ctx := ctxT(t)
	team, org, err := e.c.CreateTeam(ctx, "product")
	if err != nil || team.ID != "team_new" || len(org.Teams) != 2 {
		t.Errorf("CreateTeam = %+v %+v %v", team, org, err)
	}
	wm, err := e.c.CreateModel(ctx, CreateModelRequest{Email: "a@x.com", IsDevelopment: true})
	if err != nil || wm.ModelID != "m1" || wm.Status != domain.ModelOnboarding || wm.SignedURL == "" {
		t.Errorf("CreateModel = %+v %v", wm, err)
	}
	dl, err := e.c.DownloadURLs(ctx, "m1", DownloadRequest{})
	if err != nil || len(dl.Items) != 2 || dl.Items[1].PhotoID != "p2" || dl.Items[1].URLs.Main != "u2" || dl.ExpiresAt.IsZero() {
		t.Errorf("DownloadURLs = %+v %v", dl, err)
	}
	if err := e.c.DeleteModel(ctx, "m1"); err != nil {
		t.Errorf("DeleteModel: %v", err)
	}
	if _, err := e.c.DeleteTeam(ctx, "team_1"); err != nil {
		t.Errorf("DeleteTeam: %v", err)
	}
	if err := e.c.RevokeInvite(ctx, "a@x.com"); err != nil {
		t.Errorf("RevokeInvite: %v", err)
	}
	if err := e.c.AddMembersToTeam(ctx, "team_1", []string{"a@x.com"}); err != nil {
		t.Errorf("AddMembersToTeam: %v", err)
	}
}
