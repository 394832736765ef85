package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedLocal creates a cache with a snapshot, 3 markers and 3 outbox items
// (one left in flight), closes it (checkpointing the WAL into the file)
// and returns its path.
func seedLocal(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mustApply(t, s, bigSnapshot(2000))
	for i, m := range []string{"mod_00000", "mod_00003", "gone_model"} {
		if err := s.SetActioned(ctx, m, true, day(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		id, err := s.Enqueue(ctx, OutboxItem{Kind: KindInvite, Payload: json.RawMessage(fmt.Sprintf(`{"email":"n%d@x.test"}`, i)),
			IdempotencyKey: fmt.Sprintf("key-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			s.MarkInFlight(ctx, id)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("WAL not checkpointed on close; the corruption would hit the wrong copy")
	}
	return path
}

// rootPage returns the first page of a table or index.
func rootPage(t *testing.T, path, name string) int64 {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var page, size int64
	if err := s.r.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", name).Scan(&page); err != nil {
		t.Fatal(err)
	}
	s.r.QueryRow("PRAGMA page_size").Scan(&size)
	return (page - 1) * size
}

func overwrite(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func garbage(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	return b
}

func TestCorruptionDetectedAndRebuilt(t *testing.T) {
	cases := []struct {
		name     string
		damage   func(t *testing.T, path string)
		fullSave bool // markers and outbox must all come back
	}{
		{"bytes overwritten inside the members and people pages", func(t *testing.T, path string) {
			var offs []int64
			for _, tbl := range []string{"members", "people", "models"} {
				offs = append(offs, rootPage(t, path, tbl))
			}
			for _, off := range offs {
				overwrite(t, path, off+8, garbage(3000))
			}
		}, true},
		{"garbage header", func(t *testing.T, path string) {
			overwrite(t, path, 0, garbage(100))
		}, false},
		{"truncated to half", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"not a database at all", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(strings.Repeat("this is a text file\n", 500)), 0o600); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := seedLocal(t)
			tc.damage(t, path)

			_, err := Open(path)
			var ce *CorruptError
			if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) || ce.Path != path {
				t.Fatalf("Open of a damaged file = %v, want a *CorruptError for %s", err, path)
			}

			s, rep, err := OpenOrRebuild(path)
			if err != nil {
				t.Fatalf("OpenOrRebuild: %v", err)
			}
			defer s.Close()
			if rep == nil || rep.Reason == "" || !strings.HasPrefix(rep.MovedTo, path+".corrupt-") {
				t.Fatalf("report = %+v", rep)
			}
			t.Logf("salvaged %d markers, %d outbox items; salvage error: %.120s", rep.Markers, rep.Outbox, rep.SalvageErr)
			if _, err := os.Stat(rep.MovedTo); err != nil {
				t.Errorf("damaged file not kept aside: %v", err)
			}
			ctx := context.Background()
			markers, _ := s.Markers(ctx)
			items, _ := s.Outbox(ctx)
			if len(markers) != rep.Markers || len(items) != rep.Outbox {
				t.Errorf("report says %d markers/%d items, cache has %d/%d", rep.Markers, rep.Outbox, len(markers), len(items))
			}
			if tc.fullSave {
				if rep.Markers != 3 || rep.Outbox != 3 || rep.SalvageErr != "" {
					t.Fatalf("salvage incomplete: %+v", rep)
				}
				if markers[2].ModelID != "gone_model" || !markers[2].ActionedAt.Equal(day(3)) {
					t.Errorf("markers = %+v", markers)
				}
				if items[2].IdempotencyKey != "key-2" || items[2].State != OutboxPending || items[2].Attempts != 1 {
					t.Errorf("in-flight item not restored as pending with its key: %+v", items[2])
				}
				// The idempotency key still deduplicates after the rebuild.
				if id, err := s.Enqueue(ctx, OutboxItem{Kind: KindInvite, IdempotencyKey: "key-0"}); err != nil || id != items[0].ID {
					t.Errorf("re-enqueue of a salvaged key = %d, %v", id, err)
				}
			} else if (rep.Markers < 3 || rep.Outbox < 3) && rep.SalvageErr == "" {
				t.Errorf("lost local data without saying so: %+v", rep)
			}
			// The new cache is empty of server data and usable.
			if page, err := s.People(ctx, PeopleQuery{}); err != nil || page.Total != 0 {
				t.Errorf("fresh cache people = %d, %v", page.Total, err)
			}
			mustApply(t, s, bigSnapshot(10))
			s.Close()
			s2, rep2, err := OpenOrRebuild(path)
			if err != nil || rep2 != nil {
				t.Fatalf("reopen after rebuild: rebuilt again=%v, %v", rep2 != nil, err)
			}
			s2.Close()
		})
	}
}
