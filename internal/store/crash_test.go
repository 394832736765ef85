package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The crash test re-executes the test binary (a process killed mid-write,
// not just an error return, is what a crash is): with
// crashChildEnv set, TestMain runs crashChild instead of the tests, and the
// parent SIGKILLs it while it applies snapshots.
const crashChildEnv = "SHOTDESK_STORE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		if err := crashChild(path); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// generation returns a snapshot whose every person name, the org name and
// the model titles carry gen, so a mix of two generations is detectable.
func generation(gen string, n int) Snapshot {
	snap := bigSnapshot(n)
	snap.Org.Name = gen
	for i := range snap.Members {
		snap.Members[i].Name = gen + " " + snap.Members[i].Name
	}
	for i := range snap.Models {
		snap.Models[i].Title = gen + " " + snap.Models[i].Title
	}
	return snap
}

const crashPeople = 3000

// crashChild applies generations A and B alternately forever, printing the
// generation after each commit, until it is killed.
func crashChild(path string) error {
	s, err := Open(path)
	if err != nil {
		return err
	}
	gens := []Snapshot{generation("genA", crashPeople), generation("genB", crashPeople)}
	fmt.Println("ready")
	for i := 0; ; i++ {
		g := gens[i%2]
		if _, err := s.ApplySnapshot(context.Background(), g); err != nil {
			return err
		}
		fmt.Println("applied", g.Org.Name)
	}
}

func TestKillDuringApplyLeavesOneGeneration(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mustApply(t, s, generation("genB", crashPeople))
	if err := s.SetActioned(ctx, "mod_00003", true, day(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enqueue(ctx, OutboxItem{Kind: KindInvite, Payload: json.RawMessage(`{"email":"q@x.test"}`), IdempotencyKey: "crash-key"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 4; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		if !lines.Scan() || lines.Text() != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child did not start: %q %s", lines.Text(), stderr.String())
		}
		// Kill at a random point: usually inside a transaction, since
		// applying a changed 3,000-person snapshot takes most of the time.
		go func() {
			for lines.Scan() {
			}
		}()
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		cmd.Wait()
		if _, err := os.Stat(path + "-wal"); err != nil {
			t.Logf("round %d: no WAL left behind (%v)", round, err)
		}

		s, err := Open(path) // runs quick_check; a hot WAL is recovered
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		checkOneGeneration(t, s, round)
		s.Close()
	}
}

func checkOneGeneration(t *testing.T, s *Store, round int) {
	t.Helper()
	ctx := context.Background()
	var integrity string
	if err := s.w.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("round %d: integrity_check = %q, %v", round, integrity, err)
	}
	org, err := s.Organization(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gen := org.Name
	// Every mirror table and the people read model carry that generation.
	for _, q := range []string{
		"SELECT count(*) FROM members WHERE name NOT LIKE ? || ' %'",
		"SELECT count(*) FROM models WHERE title NOT LIKE ? || ' %'",
		"SELECT count(*) FROM people WHERE member_id <> '' AND name NOT LIKE ? || ' %'",
	} {
		var mixed int
		if err := s.r.QueryRow(q, gen).Scan(&mixed); err != nil || mixed != 0 {
			t.Fatalf("round %d (%s): %d rows of another generation (%v): %s", round, gen, mixed, err, q)
		}
	}
	var people int
	s.r.QueryRow("SELECT count(*) FROM people").Scan(&people)
	if people != crashPeople+crashPeople/10 {
		t.Fatalf("round %d: %d people, want %d", round, people, crashPeople+crashPeople/10)
	}
	if p := mustPerson(t, s, "person00003@example.com"); !p.Actioned {
		t.Fatalf("round %d: marker lost", round)
	}
	items, err := s.Outbox(ctx)
	if err != nil || len(items) != 1 || items[0].IdempotencyKey != "crash-key" || items[0].State != OutboxPending {
		t.Fatalf("round %d: outbox = %+v, %v", round, items, err)
	}
	t.Logf("round %d: consistent generation %s", round, gen)
}
