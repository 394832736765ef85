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
func TestExportMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("150-member export")
	}
	f := newFixture(t, 150, 0.5)
	ctx := context.Background()
	// Download the headshots (no PFPs) first, so the measured export renders
	// every PFP and writes every entry but the sandbox generates nothing.
	if _, _, err := f.export(t, ctx, f.deps(), Options{Preset: PresetFlatEmail, OutDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	stop := heapWatch()
	res, _, err := f.export(t, ctx, f.deps(), Options{Window: 8, Renderers: 2})
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(res.Path)
	delta := int64(peak) - int64(base)
	t.Logf("%d shoots, archive %.1f MB, %d PFPs rendered: heap in use %.1f MB before, peak %.1f MB (+%.1f MB)",
		res.Items, float64(fi.Size())/(1<<20), res.Rendered, float64(base)/(1<<20), float64(peak)/(1<<20), float64(delta)/(1<<20))
	if res.Items < 60 || res.Rendered != res.Items {
		t.Fatalf("export too small to mean anything: %+v", res)
	}
	if delta > 100<<20 {
		t.Fatalf("heap grew by %.1f MB during the export", float64(delta)/(1<<20))
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
