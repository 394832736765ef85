package headshotpro

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/shotdesk/shotdesk/internal/sandbox"
)

// fastPages are the response types with a fast path, each made fresh.
var fastPages = map[string]func() fastDecoder{
	"members": func() fastDecoder { return new(memberListResponse) },
	"models":  func() fastDecoder { return new(modelListResponse) },
	"photos":  func() fastDecoder { return new(photoListResponse) },
	"invites": func() fastDecoder { return new(inviteListResponse) },
}

// checkSameAsEncodingJSON fails when the fast path accepts body but
// encoding/json would refuse it or read it differently. It reports whether
// the fast path accepted.
func checkSameAsEncodingJSON(t *testing.T, name string, body []byte) bool {
	t.Helper()
	fast := fastPages[name]()
	if !fast.decodeFast(body) {
		return false
	}
	slow := fastPages[name]()
	if err := json.Unmarshal(body, slow); err != nil {
		t.Fatalf("%s: the fast path took a body encoding/json refuses (%v):\n%s", name, err, body)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s: the fast path and encoding/json read different values from %.300q:\n%s", name, body, firstDifference(fast, slow))
	}
	return true
}

// firstDifference shows where two decoded values part, as JSON.
func firstDifference(a, b any) string {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	i := 0
	for i < len(ja) && i < len(jb) && ja[i] == jb[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("fast path:     …%s\nencoding/json: …%s", ja[from:min(len(ja), i+80)], jb[from:min(len(jb), i+80)])
}

// TestFastDecodeTakesSandboxPages: the pages a sync reads from the sandbox
// (the documented shapes, with names in many scripts and signed URLs) take
// the fast path and read exactly as encoding/json reads them. If the fast
// path refused them, a sync would silently be as slow as before.
func TestFastDecodeTakesSandboxPages(t *testing.T) {
	pages := sandboxPages(t, sandbox.Options{Members: 300, Seed: 5}, syncPagePaths)
	for name, body := range pages {
		if !checkSameAsEncodingJSON(t, name, body) {
			t.Errorf("%s: the fast path refused the sandbox's page:\n%.400s", name, body)
		}
	}
}

// syncPagePaths are a page of each list a sync reads (members from the
// second page on, to be a page in the middle).
var syncPagePaths = map[string]string{
	"members": "/organization/team?limit=200&offset=50",
	"models":  "/organization/models?limit=200",
	"photos":  "/organization/photos/favorites?limit=200&include=all",
	"invites": "/organization/invites",
}

// sandboxPages fetches each path (under /api/v2) from a sandbox with opts
// over loopback: the bodies by name.
func sandboxPages(tb testing.TB, opts sandbox.Options, paths map[string]string) map[string][]byte {
	tb.Helper()
	srv, err := sandbox.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	pages := map[string][]byte{}
	for name, path := range paths {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v2"+path, nil)
		req.Header.Set("Authorization", "Bearer "+srv.APIKey())
		resp, err := ts.Client().Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			tb.Fatalf("%s: HTTP %d, %v", path, resp.StatusCode, err)
		}
		pages[name] = body
	}
	return pages
}

// fastSeeds are bodies on both sides of the fast path's edge.
var fastSeeds = []string{
	`{"success":true,"members":[{"id":"m1","email":"a@x.com","name":null,"status":"finished","teamId":null,"teamName":null,"modelId":"507f","modelStatus":"active","joinedAt":"2024-01-15T10:30:00.000Z","avatar":{"deep":[1,2.5e3,-0.1,true,false,null,"x"]}}],"pagination":{"total":1,"limit":200,"offset":0,"hasMore":false}}`,
	`{"success":true,"members":[],"pagination":null}`,
	`{"success":true,"members":[null,{"id":"m2","joinedAt":null},{"id":"m3","joinedAt":"yesterday"},{"id":"m4","joinedAt":17}]}`,
	` { "success" : true , "members" : [ { "id" : "m1" , "name" : "Zoë \u00e9 \"q\" \\ \/" } ] } `,
	`{"success":true,"members":[{"id":"m1","name":"bad utf8 ` + "\xff\xfe" + `"}]}`,
	`{"success":true,"members":[{"ID":"m1"}]}`,
	`{"Success":true,"members":[]}`,
	`{"success":true,"data":{"members":[]}}`,
	`{"success":false,"error":"nope","code":"UNAUTHORIZED"}`,
	`{"success":true,"members":null}`,
	`{"success":true,"members":[],"members":[]}`,
	`{"success":true,"members":[{"id":"m1"}]`,
	`{"success":true,"members":[{"id":"m1"}]} x`,
	`{"success":true,"members":[{"id":"m1","x":"\q"}]}`,
	`{"success":true,"members":[{"id":"m1","x":01}]}`,
	`{"success":true,"members":[{"id":"m1",}]}`,
	`{"success":true,"members":[{"id":5}]}`,
	`{"success":"yes","members":[]}`,
	`{"success":true,"code":null,"members":[],"pagination":{"total":3,"limit":2,"offset":1.5,"hasMore":true}}`,
	`{"success":true,"members":[],"pagination":{"total":3,"limit":2,"offset":1,"hasMore":true,"pagination":{}}}`,
	`{"success":true,"models":[{"id":"m1","uid":null,"email":"a@x.com","title":"T","status":"active","teamId":"t","teamName":null,"isDevelopment":true,"createdAt":"2024-01-15T10:30:00Z","finishedAt":null}],"pagination":{"total":1,"limit":200,"offset":0,"hasMore":false}}`,
	`{"success":true,"models":[{"id":"m1","isDevelopment":null,"status":null}]}`,
	`{"success":true,"photos":[{"id":"p1","modelId":"m1","email":"a@x.com","name":"Ann","teamId":"t1","teamName":"T","status":"active","likedStatus":"loved","createdAt":"2024-01-15T11:45:00.000Z","urls":{"main":"https://cdn/p1.jpg?signature=s","thumbnail":null,"x":1},"expiresAt":"2024-01-16T11:45:00.000Z"}],"pagination":{"total":1,"limit":200,"offset":0,"hasMore":false}}`,
	`{"success":true,"photos":[{"id":"p1","urls":null,"urls":{"main":"a"},"urls":{"original":"b"}}]}`,
	`{"success":true,"invites":[{"email":"a@x.com","status":"pending","modelId":null,"teamId":"t","teamName":"T","createdAt":"2024-01-15T10:30:00.000Z"}],"pagination":{"total":1}}`,
	"{\"success\":true,\"invites\":[{\"email\":\"tab\there\"}]}",
	`{"success":true,"invites":[{"email":"a@x.com","e\u006dail":"b@x.com"}]}`,
	"\ufeff{\"success\":true,\"invites\":[]}",
	`[]`,
	``,
}

// FuzzFastDecodeMatchesEncodingJSON: whatever the fast path accepts, it
// reads exactly as encoding/json does (same values, and never a body
// encoding/json would refuse). Run longer with
// go test -fuzz FuzzFastDecodeMatchesEncodingJSON ./internal/headshotpro/
func FuzzFastDecodeMatchesEncodingJSON(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for name := range fastPages {
			checkSameAsEncodingJSON(t, name, body)
		}
	})
}

// TestFastDecodeLeavesOddBodiesToEncodingJSON: bodies the fast path must
// not take, because encoding/json reads them in a way it does not copy
// (case-insensitive keys, the data wrapper, a failure envelope, a null or
// repeated list) or refuses them (broken JSON).
func TestFastDecodeLeavesOddBodiesToEncodingJSON(t *testing.T) {
	for _, body := range []string{
		`{"success":true,"members":[{"ID":"m1"}]}`,
		`{"Success":true,"members":[]}`,
		`{"success":true,"Members":[]}`,
		`{"success":true,"data":{"members":[]}}`,
		`{"success":false,"error":"nope","code":"UNAUTHORIZED","members":[]}`,
		`{"success":true,"members":null}`,
		`{"success":true}`,
		`{"success":true,"members":[],"members":[]}`,
		`{"success":true,"members":[{"id":"m1"}]`,
		`{"success":true,"members":[{"id":"m1"}]} x`,
		`{"success":true,"members":[{"id":"m1","x":"\q"}]}`,
		`{"success":true,"members":[{"id":"m1","x":01}]}`,
		`{"success":true,"members":[{"id":5}]}`,
		`{"success":true,"members":[],"pagination":{"offset":1.5}}`,
		"{\"success\":true,\"members\":[{\"id\":\"a\tb\"}]}",
		"\ufeff{\"success\":true,\"members\":[]}",
	} {
		if new(memberListResponse).decodeFast([]byte(body)) {
			t.Errorf("the fast path took %s", body)
		}
	}
	// And the plain ones it must take, including unknown fields, nulls,
	// escapes and an empty list.
	for _, body := range fastSeeds[:5] {
		if !checkSameAsEncodingJSON(t, "members", []byte(body)) {
			t.Errorf("the fast path refused %s", body)
		}
	}
}

// plainWord may raise false alarms but must never miss a byte that needs a
// look: every byte value at every position, next to plain bytes and next
// to other special ones.
func TestPlainWordNeverMissesASpecialByte(t *testing.T) {
	special := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80 }
	for _, filler := range []byte{'a', '~', ' ', '!', '#', '[', ']'} {
		for pos := range 8 {
			for c := range 256 {
				var word [8]byte
				for i := range word {
					word[i] = filler
				}
				word[pos] = byte(c)
				if plainWord(binary.LittleEndian.Uint64(word[:])) && special(byte(c)) {
					t.Fatalf("byte %#x at %d among %q read as plain", c, pos, filler)
				}
			}
		}
	}
	if !plainWord(binary.LittleEndian.Uint64([]byte("abcXYZ09"))) {
		t.Error("plain ASCII not recognised: the fast loop would never run")
	}
}

// BenchmarkFastDecodePages decodes the sandbox's pages as a sync reads
// them (a 200-item page of members, of models and of favorites with all
// signed URLs, and the 10,000-invite list): MB/s is JSON read per second.
func BenchmarkFastDecodePages(b *testing.B) {
	pages := sandboxPages(b, sandbox.Options{Members: 10_000, Seed: 3}, syncPagePaths)
	for name, body := range pages {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if !fastPages[name]().decodeFast(body) {
					b.Fatal("fast path refused the page")
				}
			}
		})
		b.Run(name+"/encoding_json", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := json.Unmarshal(body, fastPages[name]()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
