package bundle

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/shotdesk/shotdesk/internal/blobs"
)

// TestExportMemoryBounded exports 150 members with a window of 8 and
// checks that the heap stays well under 100 MB while the archive grows: the
// pipeline holds cache references, not photos, and only Renderers images
// are decoded at a time. The sandbox (same process) keeps its generated
// JPEGs in memory, so the figure is the peak above the heap measured just
// before the export, with the headshots already generated and cached.
// BenchmarkExportPeakHeap measures how far the heap grows during an export
// of 150 half-size shoots (budget: under 100 MB, whatever the team's
// size: the pipeline holds at most Window items). A measurement, not a
// -race test: under the race detector it took minutes. The bound on items
// in flight is tested in TestPipelineOrderWindowAndBounds.
func BenchmarkExportPeakHeap(b *testing.B) {
	f := newFixture(b, 150, 0.5)
	ctx := context.Background()
	// Download the headshots (no PFPs) first, so the measured export renders
	// every PFP and writes every entry but the sandbox generates nothing.
	if _, _, err := f.export(b, ctx, f.deps(), Options{Preset: PresetFlatEmail, OutDir: b.TempDir()}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		stop := heapWatch()
		res, _, err := f.export(b, ctx, f.deps(), Options{Window: 8, Renderers: 2, OutDir: b.TempDir()})
		peak := stop()
		if err != nil {
			b.Fatal(err)
		}
		if res.Items < 60 || res.Rendered != res.Items {
			b.Fatalf("export too small to mean anything: %+v", res)
		}
		b.ReportMetric(float64(int64(peak)-int64(base))/(1<<20), "heap-growth-MB")
		// Render every PFP again next round.
		f.Blobs.Clear()
		if _, _, err := f.export(b, ctx, f.deps(), Options{Preset: PresetFlatEmail, OutDir: b.TempDir()}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchFixture is a 40-member org at full photo size (up to 3000×4000,
// ~1–3 MB each), exported once so the sandbox has generated every photo.
func benchFixture(b *testing.B) *fixture {
	f := newFixture(b, 40, 1)
	if _, _, err := f.export(b, context.Background(), f.deps(), Options{OutDir: b.TempDir()}); err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkExportWarm: everything cached (headshots and PFPs), so an export
// is only the ZIP: MB/s is the archive written per second, fsync included.
func BenchmarkExportWarm(b *testing.B) {
	f := benchFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "w")
		os.Mkdir(out, 0o755)
		res, err := Export(ctx, f.deps(), Options{OutDir: out}, nil)
		if err != nil || res.Downloaded+res.Rendered > 0 {
			b.Fatalf("%+v %v", res, err)
		}
		b.SetBytes(res.Bytes)
		b.ReportMetric(float64(res.Items), "members")
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
}

// BenchmarkExportCold: an empty photo cache, so every favorite is downloaded
// (loopback sandbox, photos already generated), every PFP rendered, and
// everything zipped.
func BenchmarkExportCold(b *testing.B) {
	f := benchFixture(b)
	ctx := context.Background()
	var members int
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		bc, err := blobs.Open(filepath.Join(dir, "blobs"), 0)
		if err != nil {
			b.Fatal(err)
		}
		deps := f.deps()
		deps.Blobs = bc
		b.StartTimer()
		res, err := Export(ctx, deps, Options{OutDir: dir}, nil)
		if err != nil || res.Downloaded != res.Items || res.Rendered != res.Items {
			b.Fatalf("%+v %v", res, err)
		}
		b.StopTimer()
		bc.Close()
		b.SetBytes(res.Bytes)
		members = res.Items
		b.StartTimer()
	}
	b.ReportMetric(float64(members), "members")
}
