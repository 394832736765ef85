package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// ---- resync_10k ---------------------------------------------------------------

// resyncRuns is how many unchanged re-syncs benchResync times.
const resyncRuns = 7

// benchResync times an unchanged re-sync of a 10,000-person organization:
// the whole pull (every page the API would send, over loopback HTTP, from
// the sandbox in this process) and the apply to a real SQLite file in work
// that a first sync filled. The line is the median wall time; the CPU time
// on stderr counts this process, so it includes the sandbox's side of
// each request (encoding the pages, signing the photo links), which on a
// user's machine the hosted API does.
func benchResync(work string) error {
	srv, err := sandbox.New(sandbox.Options{Members: 10_000, Seed: 3, RateLimit: 1 << 20})
	if err != nil {
		return err
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.Close()
	quiet := slog.New(slog.DiscardHandler)
	c, err := headshotpro.New(base, srv.APIKey(), headshotpro.WithLogger(quiet))
	if err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(mkdir(work, "resync"), "cache.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	s := syncer.New(c, st, nil, quiet)
	ctx := context.Background()
	first, err := s.Sync(ctx, nil, syncer.Options{})
	if err != nil {
		return fmt.Errorf("first sync: %w", err)
	}

	var walls, cpus []time.Duration
	changed := 0
	stopProfile, err := startProfile()
	if err != nil {
		return err
	}
	for range resyncRuns {
		cpu := rusageCPU(rusageSelf)
		start := time.Now()
		res, err := s.Sync(ctx, nil, syncer.Options{})
		walls = append(walls, time.Since(start))
		cpus = append(cpus, rusageCPU(rusageSelf)-cpu)
		if err != nil {
			stopProfile()
			return fmt.Errorf("re-sync: %w", err)
		}
		changed = max(changed, res.Changed+res.Deleted)
	}
	stopProfile()
	fmt.Printf("resync_10k: %.3f s (target < 0.3 s; %d people, %d shoots, %d favorites; rows written per re-sync: at most %d)\n",
		median(walls).Seconds(), first.People, first.Models, first.Favorites, changed)
	fmt.Fprintf(os.Stderr, "bench: resync_10k of %d runs: %.3f–%.3f s, CPU time median %.3f s (client, cache and the in-process sandbox)\n",
		resyncRuns, slices.Min(walls).Seconds(), slices.Max(walls).Seconds(), median(cpus).Seconds())
	return nil
}
