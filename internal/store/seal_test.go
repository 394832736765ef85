package store

import (
	"errors"
	"os"
	"testing"
)

// A file whose bytes already passed the check is sealed and opens without
// checking again; damage that keeps the size and the modification time (a
// write inside one tick of the file clock) still breaks the seal, so the
// next Open checks and refuses the file.
func TestSealSkipsOnlyAnUnchangedFile(t *testing.T) {
	path := seedLocal(t)
	people := rootPage(t, path, "people")
	s, err := Open(path) // checks (no seal for the last bytes seedLocal wrote) and seals
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	sum, err := sumContent(path)
	if err != nil {
		t.Fatal(err)
	}
	if !sealed(path, sum) {
		t.Fatalf("after a passing check the file is not sealed: seal %q, file %s", readSeal(t, path), sum)
	}
	if fi, err := os.Stat(path + sealSuffix); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("seal file: %v, %v; want mode 0600", fi, err)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	overwrite(t, path, people+8, garbage(3000))
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(path); after.Size() != fi.Size() || !after.ModTime().Equal(fi.ModTime()) {
		t.Fatalf("the damage should keep size and time: %v %v → %v %v", fi.Size(), fi.ModTime(), after.Size(), after.ModTime())
	}
	_, err = Open(path)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open of a damaged file with its old size and time = %v, want ErrCorrupt", err)
	}
	if _, err := os.Stat(path + sealSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the seal of a damaged file is kept: %v", err)
	}
}

// A seal that does not parse, or names other bytes, means "check".
func TestSealMismatchMeansCheck(t *testing.T) {
	path := seedLocal(t)
	sum, err := sumContent(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, seal := range []string{"", "garbage", "shotdesk-cache-seal 1 1 00000000 0 00000000"} {
		if err := os.WriteFile(path+sealSuffix, []byte(seal), 0o600); err != nil {
			t.Fatal(err)
		}
		if sealed(path, sum) {
			t.Fatalf("seal %q accepted for %s", seal, sum)
		}
	}
	writeSeal(path, sum)
	if !sealed(path, sum) {
		t.Fatal("a written seal is not accepted")
	}
}

func readSeal(t *testing.T, path string) string {
	b, _ := os.ReadFile(path + sealSuffix)
	return string(b)
}
