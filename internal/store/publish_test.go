package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestPublishLog(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.RecordPublish(ctx, PublishEntry{Target: "entra"}); err == nil {
		t.Fatal("an entry without run and account was accepted")
	}
	rec := func(run, acct, key, status string) int64 {
		t.Helper()
		id, err := s.RecordPublish(ctx, PublishEntry{RunID: run, Target: "entra", AccountID: acct, Email: acct + "@x.test",
			Actor: "ana@laptop", Action: PublishActionPublish, PhotoKey: key, Status: status, At: day(1)})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	rec("r1", "a", "k1", PublishDone)
	rec("r1", "b", "k1", PublishDone)
	rec("r1", "c", "k1", PublishFailed)
	newer := rec("r2", "a", "k2", PublishDone)
	if _, err := s.RecordPublish(ctx, PublishEntry{RunID: "r9", Target: "google", AccountID: "a", Action: PublishActionPublish, Status: PublishDone}); err != nil {
		t.Fatal(err)
	}

	standing, err := s.StandingPublishes(ctx, "entra")
	if err != nil || len(standing) != 2 || standing["a"].PhotoKey != "k2" || standing["b"].PhotoKey != "k1" || standing["a"].Actor != "ana@laptop" {
		t.Fatalf("standing %+v %v", standing, err)
	}
	if err := s.MarkReverted(ctx, newer, day(2)); err != nil {
		t.Fatal(err)
	}
	// Reverting the newest photo of "a" leaves "a" out: the directory shows
	// neither k2 nor (as far as the log knows) k1 any more.
	standing, _ = s.StandingPublishes(ctx, "entra")
	if _, ok := standing["a"]; ok || len(standing) != 1 {
		t.Fatalf("after reverting a's newest: %+v", standing)
	}
	runs, err := s.PublishRuns(ctx, "entra")
	if err != nil || len(runs) != 2 || runs[0].ID != "r2" || runs[0].Reverted != 1 || runs[1].Published != 2 || runs[1].Failed != 1 {
		t.Fatalf("runs %+v %v", runs, err)
	}
	list, err := s.PublishEntries(ctx, PublishQuery{Target: "entra", Email: "A@X.TEST", Standing: true})
	if err != nil || len(list) != 1 || list[0].RunID != "r1" {
		t.Fatalf("a's standing entries %+v %v", list, err)
	}
}

// The publish log is local-owned: a damaged cache keeps it (Revert
// depends on it).
func TestRebuildKeepsThePublishLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mustApply(t, s, bigSnapshot(2000))
	for i := range 5 {
		if _, err := s.RecordPublish(ctx, PublishEntry{RunID: "r1", Target: "entra", AccountID: string(rune('a' + i)),
			Action: PublishActionPublish, Status: PublishDone, PreviousHash: "h", At: day(i)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	var offs []int64
	for _, tbl := range []string{"members", "people", "models"} {
		offs = append(offs, rootPage(t, path, tbl))
	}
	for _, off := range offs {
		overwrite(t, path, off+8, garbage(3000))
	}
	s2, rep, err := OpenOrRebuild(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if rep == nil || rep.Published != 5 {
		t.Fatalf("report %+v", rep)
	}
	list, err := s2.PublishEntries(ctx, PublishQuery{Target: "entra"})
	if err != nil || len(list) != 5 || list[4].PreviousHash != "h" {
		t.Fatalf("log after rebuild: %d %v", len(list), err)
	}
}
