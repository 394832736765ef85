package headshotpro_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

// BenchmarkPageAllMembers10k pages every member of a 10,000-person sandbox
// org through the Members iterator (pages of 200 over loopback HTTP:
// request, JSON decode, conversion to domain.Member). One op = one full
// pass; ms/pass is the wall time of a full member sync's network part.
func BenchmarkPageAllMembers10k(b *testing.B) {
	base, srv := sandboxtest.NewTest(b, sandbox.Options{Members: 10_000, Seed: 1, RateLimit: 1 << 30})
	c, err := headshotpro.New(base, srv.APIKey(), headshotpro.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n = 0
		for _, err := range c.Members(ctx, headshotpro.MemberFilter{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n), "members/pass")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/pass")
}

// BenchmarkPageAllModels10k does the same for models (the other big list).
func BenchmarkPageAllModels10k(b *testing.B) {
	base, srv := sandboxtest.NewTest(b, sandbox.Options{Members: 10_000, Seed: 1, RateLimit: 1 << 30})
	c, err := headshotpro.New(base, srv.APIKey(), headshotpro.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n = 0
		for _, err := range c.Models(ctx, headshotpro.ModelFilter{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n), "models/pass")
}
