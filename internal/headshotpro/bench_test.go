package headshotpro_test

import (
	"context"
	"iter"
	"testing"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

// benchPageAll pages one whole list of a 10,000-person sandbox org over
// loopback HTTP (pages of 200: request, JSON decode, conversion to the
// domain type). One op = one full pass; ms/pass is the wall time of that
// list's share of a full sync's network part.
func benchPageAll[T any](b *testing.B, unit string, list func(*headshotpro.Client, context.Context) iter.Seq2[T, error]) {
	base, srv := sandboxtest.NewTest(b, sandbox.Options{Members: 10_000, Seed: 1, RateLimit: 1 << 30})
	c := sandboxtest.FastClient(b, base, srv.APIKey())
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n = 0
		for _, err := range list(c, ctx) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n), unit+"/pass")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/pass")
}

// BenchmarkPageAllMembers10k pages every member through the Members
// iterator.
func BenchmarkPageAllMembers10k(b *testing.B) {
	benchPageAll(b, "members", func(c *headshotpro.Client, ctx context.Context) iter.Seq2[domain.Member, error] {
		return c.Members(ctx, headshotpro.MemberFilter{})
	})
}

// BenchmarkPageAllModels10k does the same for models (the other big list).
func BenchmarkPageAllModels10k(b *testing.B) {
	benchPageAll(b, "models", func(c *headshotpro.Client, ctx context.Context) iter.Seq2[domain.Model, error] {
		return c.Models(ctx, headshotpro.ModelFilter{})
	})
}
