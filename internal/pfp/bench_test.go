package pfp

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// benchJPEG is a 3000×4000 4:2:0 q90 JPEG shaped like a studio headshot
// (the size HeadshotPro delivers): smooth gradients, a soft skin-toned
// "face" and "shoulders", and Gaussian noise (σ≈5) so it weighs ~2–4 MB
// like a real photo. It is generated once per process, never downloaded.
var benchJPEG = sync.OnceValue(func() []byte {
	const w, h = 3000, 4000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			v := 90 + 60*float64(y)/h + 20*float64(x)/w
			// head: ellipse centred at (1500, 1300); body below 2300
			dx, dy := float64(x-1500)/520, float64(y-1300)/680
			if dx*dx+dy*dy < 1 {
				v = 170
			} else if y > 2300 && x > 400 && x < 2600 {
				v = 60
			}
			v += rng.NormFloat64() * 5
			m.Y[y*m.YStride+x] = uint8(max(0, min(255, v)))
		}
	}
	for y := range h / 2 {
		for x := range w / 2 {
			dx, dy := float64(2*x-1500)/520, float64(2*y-1300)/680
			cb, cr := 128.0, 128.0
			if dx*dx+dy*dy < 1 {
				cb, cr = 108, 150 // skin
			}
			m.Cb[y*m.CStride+x] = uint8(cb + rng.NormFloat64()*2)
			m.Cr[y*m.CStride+x] = uint8(cr + rng.NormFloat64()*2)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return b.Bytes()
})

func benchRender(b *testing.B, t Template, f Format) {
	src := benchJPEG()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var peak uint64
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := RenderTo(context.Background(), &out, bytes.NewReader(src), t, f); err != nil {
			b.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	peak = ms.HeapSys
	b.ReportMetric(float64(peak)/(1<<20), "heapsys-MB")
	b.ReportMetric(float64(out.Len())/1024, "out-KB")
}

func BenchmarkRenderPNG(b *testing.B)  { benchRender(b, Template{}, PNG) }
func BenchmarkRenderJPEG(b *testing.B) { benchRender(b, Template{}, JPEG) }
func BenchmarkRenderCirclePNG(b *testing.B) {
	benchRender(b, Template{Shape: Circle, OutlineWidth: 8, Outline: opaque(20, 60, 200)}, PNG)
}
func BenchmarkRenderSmartPNG(b *testing.B) { benchRender(b, Template{Framing: Smart}, PNG) }

// BenchmarkDecodeOnly is the floor: image/jpeg alone on the same file.
func BenchmarkDecodeOnly(b *testing.B) {
	src := benchJPEG()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jpeg.Decode(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// Stage benchmarks, to see where the time goes.
func BenchmarkStageShrink(b *testing.B) {
	img, err := jpeg.Decode(bytes.NewReader(benchJPEG()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		shrink(img, 5)
	}
}

func BenchmarkStageSmartFrame(b *testing.B) {
	img, _ := jpeg.Decode(bytes.NewReader(benchJPEG()))
	small := shrink(img, 5)
	b.ReportAllocs()
	for b.Loop() {
		frame(small, Smart)
	}
}

func BenchmarkStageResampleCompose(b *testing.B) {
	img, _ := jpeg.Decode(bytes.NewReader(benchJPEG()))
	small := shrink(img, 4) // 750×1000: the worst case of the < 2× Lanczos step
	t := Template{Shape: Circle, OutlineWidth: 8, Outline: opaque(20, 60, 200)}.normalized()
	b.ReportAllocs()
	for b.Loop() {
		out := resample(small, frame(small, HeadAndShoulders), 600)
		compose(out, t)
	}
}

func BenchmarkStageEncodePNG(b *testing.B) {
	img, _ := jpeg.Decode(bytes.NewReader(benchJPEG()))
	out := resample(shrink(img, 5), image.Rect(0, 400, 600, 1000), 600)
	b.ReportAllocs()
	for b.Loop() {
		EncodePNG(io.Discard, out)
	}
}

// BenchmarkStageLocateFace is the face detector alone on the image Render
// hands it (the 3000×4000 headshot shrunk to 600×800): gray copy, pyramid,
// cascade and grouping. Compare with BenchmarkRenderPNG for its share.
func BenchmarkStageLocateFace(b *testing.B) {
	img, _ := jpeg.Decode(bytes.NewReader(benchJPEG()))
	small := shrink(img, 5)
	b.ReportAllocs()
	for b.Loop() {
		locateFace(small, small.Rect.Dy())
	}
}

// BenchmarkRenderCentrePNG renders without looking for a face:
// BenchmarkRenderPNG minus this is what face framing adds to a PFP.
func BenchmarkRenderCentrePNG(b *testing.B) { benchRender(b, Template{Framing: Centre}, PNG) }
