package headshotpro

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pagedMembers serves total members; maxLimit clamps the page size like a
// server that ignores limit > 50 would.
func pagedMembers(t *testing.T, total, maxLimit int, seen *[]string) http.HandlerFunc {
	var mu sync.Mutex
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		*seen = append(*seen, r.URL.RawQuery)
		mu.Unlock()
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if limit == 0 {
			limit = 50
		}
		limit = min(limit, maxLimit)
		var items []string
		for i := offset; i < min(offset+limit, total); i++ {
			items = append(items, fmt.Sprintf(`{"id":"m%d","email":"m%d@x.com","status":"accepted"}`, i, i))
		}
		hasMore := offset+len(items) < total
		writeJSON(w, 200, fmt.Sprintf(`{"success":true,"members":[%s],"pagination":{"total":%d,"limit":%d,"offset":%d,"hasMore":%v}}`,
			strings.Join(items, ","), total, limit, offset, hasMore))
	}
}

func TestMembersIteratorFollowsHasMore(t *testing.T) {
	var seen []string
	e := newEnv(t, pagedMembers(t, 450, 200, &seen))
	ms, err := Collect(e.c.Members(ctxT(t), MemberFilter{Status: "accepted"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 450 || ms[0].ID != "m0" || ms[449].ID != "m449" {
		t.Fatalf("got %d members", len(ms))
	}
	want := []string{"limit=200&status=accepted", "limit=200&offset=200&status=accepted", "limit=200&offset=400&status=accepted"}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("queries = %v, want %v", seen, want)
	}
}

func TestIteratorAdvancesByItemsReceived(t *testing.T) {
	// The server silently clamps to 50: offsets must step by 50, not 200,
	// or three quarters of the org would be skipped.
	var seen []string
	e := newEnv(t, pagedMembers(t, 120, 50, &seen))
	ms, err := Collect(e.c.Members(ctxT(t), MemberFilter{}))
	if err != nil || len(ms) != 120 {
		t.Fatalf("got %d, %v", len(ms), err)
	}
	seenIDs := map[string]bool{}
	for _, m := range ms {
		if seenIDs[m.ID] {
			t.Fatalf("duplicate %s", m.ID)
		}
		seenIDs[m.ID] = true
	}
	if len(seen) != 3 {
		t.Errorf("pages = %v", seen)
	}
}

func TestIteratorEarlyBreakStopsFetching(t *testing.T) {
	var seen []string
	e := newEnv(t, pagedMembers(t, 1000, 200, &seen))
	n := 0
	for _, err := range e.c.Members(ctxT(t), MemberFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 250 {
			break
		}
	}
	if len(seen) != 2 {
		t.Errorf("fetched %d pages after breaking at item 250", len(seen))
	}
}

func TestLyingServerStops(t *testing.T) {
	e := newEnv(t, serve(`{"success":true,"members":[],"pagination":{"total":99,"limit":200,"offset":0,"hasMore":true}}`))
	var errs []error
	count := 0
	for _, err := range e.c.Members(ctxT(t), MemberFilter{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		count++
	}
	if count != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrPagination) {
		t.Fatalf("count=%d errs=%v", count, errs)
	}
	if e.hits.Load() != 1 {
		t.Errorf("hits = %d", e.hits.Load())
	}
}

func TestIteratorErrorMidway(t *testing.T) {
	var seen []string
	inner := pagedMembers(t, 500, 200, &seen)
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("offset") == "200" {
			writeJSON(w, 404, `{"success":false,"error":"gone","code":"NOT_FOUND"}`)
			return
		}
		inner(w, r)
	})
	ms, err := Collect(e.c.Members(ctxT(t), MemberFilter{}))
	if !errors.Is(err, ErrNotFound) || len(ms) != 200 || !strings.Contains(err.Error(), "offset 200") {
		t.Fatalf("len=%d err=%v", len(ms), err)
	}
}

func TestPageLevelMethods(t *testing.T) {
	var q string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		q = r.URL.RawQuery
		writeJSON(w, 200, `{"success":true,"models":[{"id":"a","status":"active"}],"pagination":{"total":3,"limit":1,"offset":2,"hasMore":false}}`)
	})
	p, err := e.c.ListModels(ctxT(t), ModelFilter{Status: "active", TeamID: "team_1"}, PageRequest{Limit: 1, Offset: 2})
	if err != nil || len(p.Items) != 1 || p.Total != 3 || p.Offset != 2 || p.HasMore {
		t.Fatalf("page=%+v err=%v", p, err)
	}
	if q != "limit=1&offset=2&status=active&teamId=team_1" {
		t.Errorf("query = %q", q)
	}
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		q = r.URL.RawQuery
		writeJSON(w, 200, `{"success":true,"photos":[{"id":"p","status":"active","urls":{"main":"u"}}]}`)
	})
	pp, err := e.c.ListPhotos(ctxT(t), "m1", PhotoFilter{Status: "deleted", LikedStatus: "loved", Include: IncludeAll}, PageRequest{})
	if err != nil || len(pp.Items) != 1 || pp.HasMore || pp.Items[0].ModelID != "m1" {
		t.Fatalf("photos=%+v err=%v", pp, err)
	}
	if q != "include=all&likedStatus=loved&status=deleted" {
		t.Errorf("query = %q", q)
	}
}
