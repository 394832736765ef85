package store

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkExportPeople100k reads the status CSV's fields of 100,000
// people through ExportPeople: the reading half of a status export (csvio
// encodes on another goroutine while this runs).
func BenchmarkExportPeople100k(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "cache.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.ApplySnapshot(ctx, bigSnapshot(100_000)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n := 0
		for _, err := range s.ExportPeople(ctx, PeopleQuery{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n < 90_000 {
			b.Fatalf("%d people", n)
		}
	}
}
