package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// Readers keep working while a sync commits, and local writes issued during
// a sync queue behind it instead of failing with "database is locked".
func TestReadsAndWritesDuringApply(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	small := bigSnapshot(100)
	mustApply(t, s, small)
	big := bigSnapshot(3000)

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := s.ApplySnapshot(ctx, big); err != nil {
			errs <- fmt.Errorf("apply: %w", err)
		}
	}()
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				page, err := s.People(ctx, PeopleQuery{Limit: 10})
				if err != nil {
					errs <- fmt.Errorf("read: %w", err)
					return
				}
				// Either the old snapshot or the new one, never in between.
				if page.Total != 110 && page.Total != 3300 {
					errs <- fmt.Errorf("read saw %d people: a partial snapshot", page.Total)
					return
				}
			}
		}()
	}
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if err := s.SetActioned(ctx, modelID(w*10+i), true, t0); err != nil {
					errs <- fmt.Errorf("write: %w", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if m, _ := s.Markers(ctx); len(m) != 20 {
		t.Errorf("markers = %d, want 20", len(m))
	}
	if st := s.r.Stats(); st.InUse != 0 {
		t.Errorf("%d read connections still in use (leaked rows)", st.InUse)
	}
}
