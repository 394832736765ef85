package publish

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/store"
)

func encoded(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var buf bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "png":
		err = png.Encode(&buf, img)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLimitsCheck(t *testing.T) {
	l := Limits{Side: 648, MaxBytes: 4 << 20, Types: []string{"image/jpeg", "image/png"}, Square: true, MinSide: 100, MaxSide: 1000}
	ok := Photo{Data: encoded(t, "jpeg", 648, 648), ContentType: "image/jpeg"}
	if err := l.Check(ok); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		p    Photo
		l    Limits
		word string
	}{
		"empty":      {Photo{ContentType: "image/jpeg"}, l, "empty"},
		"too big":    {ok, Limits{MaxBytes: 100}, "more than"},
		"gif":        {Photo{encoded(t, "gif", 200, 200), "image/gif"}, l, "accepts image/jpeg, image/png"},
		"mislabeled": {Photo{encoded(t, "png", 200, 200), "image/jpeg"}, l, "labelled"},
		"not square": {Photo{encoded(t, "jpeg", 600, 800), "image/jpeg"}, l, "needs a square"},
		"too small":  {Photo{encoded(t, "jpeg", 50, 50), "image/jpeg"}, l, "smaller"},
		"too large":  {Photo{encoded(t, "png", 1200, 1200), "image/png"}, l, "larger"},
		"garbage":    {Photo{[]byte("not an image"), "image/jpeg"}, l, "not a readable image"},
	} {
		err := c.l.Check(c.p)
		if err == nil || !strings.Contains(Words(err), c.word) {
			t.Errorf("%s: %v (words %q), want %q", name, err, Words(err), c.word)
		}
	}
}

func TestMatchGroups(t *testing.T) {
	subjects := []Subject{
		{MemberID: "m1", Email: "Ana@Example.com", PhotoID: "p1", PhotoKey: "k1", TeamID: "t1"},
		{MemberID: "m2", Email: "bo@example.com", PhotoID: "p2", PhotoKey: "k2-new", TeamID: "t1"},
		{MemberID: "m3", Email: "cy@example.com", TeamID: "t2"},                                // no favorite
		{MemberID: "m4", Email: "di@example.com", PhotoID: "p4", PhotoKey: "k4", TeamID: "t2"}, // not in the directory
		{MemberID: "m5", Email: "ed@example.com", TeamID: "t2"},                                // nowhere, nothing to do
		{MemberID: "m6", Email: "fay.alias@example.com", PhotoID: "p6", PhotoKey: "k6", TeamID: "t1"},
	}
	accounts := []Account{
		{ID: "a1", Email: "ana@example.com"},
		{ID: "a2", Email: "bo@example.com"},
		{ID: "a3", Email: "cy@example.com"},
		{ID: "a6", Email: "fay@example.com", Aliases: []string{"FAY.alias@example.com"}},
		{ID: "a9", Email: "room@example.com"},
	}
	standing := map[string]store.PublishEntry{"a1": {PhotoKey: "k1"}, "a2": {PhotoKey: "k2-old"}}
	rep := Match(Info{Name: "x"}, subjects, accounts, standing, "")
	want := map[Status]int{WillChange: 2, UpToDate: 1, NoFavorite: 1, NotInDirectory: 1, NotInShotdesk: 1}
	for s, n := range want {
		if rep.Counts[s] != n {
			t.Errorf("%s: %d, want %d (%v)", s, rep.Counts[s], n, rep.Counts)
		}
	}
	if rep.Rows[0].Status != WillChange || rep.Matched() != 4 {
		t.Fatalf("order/matched: %+v %d", rep.Rows[0], rep.Matched())
	}
	team := Match(Info{Name: "x"}, subjects, accounts, standing, "t1")
	if team.Counts[NotInShotdesk] != 0 || team.Counts[WillChange] != 2 || len(team.Rows) != 3 {
		t.Fatalf("team t1: %v", team.Counts)
	}
}
