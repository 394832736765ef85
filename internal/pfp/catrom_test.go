package pfp

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// The fixed-point opaque resize must look like imaging's Catmull-Rom.
func TestOpaqueResizeMatchesImaging(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := image.NewNRGBA(image.Rect(0, 0, 760, 1010))
	for y := range 1010 {
		for x := range 760 {
			i := src.PixOffset(x, y)
			src.Pix[i] = uint8((x*255/760 + rng.IntN(30)) % 256)
			src.Pix[i+1] = uint8((y*255/1010 + rng.IntN(30)) % 256)
			src.Pix[i+2] = uint8(((x + y) / 8) % 256)
			src.Pix[i+3] = 0xff
		}
	}
	for _, tc := range []struct {
		r    image.Rectangle
		size int
	}{
		{image.Rect(5, 101, 755, 851), 600},
		{image.Rect(0, 0, 760, 760), 700},
		{image.Rect(0, 0, 300, 300), 600}, // enlarging a small photo
	} {
		got := resizeOpaque(src, tc.r, tc.size, tc.size)
		want := imaging.Resize(src.SubImage(tc.r), tc.size, tc.size, imaging.CatmullRom)
		if got.Rect.Dx() != tc.size || got.Rect.Dy() != tc.size {
			t.Fatalf("%v → %v, want %d²", tc.r, got.Rect, tc.size)
		}
		var diff, worst int
		for i := range got.Pix {
			d := int(got.Pix[i]) - int(want.Pix[i])
			if d < 0 {
				d = -d
			}
			diff += d
			worst = max(worst, d)
		}
		if mean := float64(diff) / float64(len(got.Pix)); mean > 1.0 || worst > 12 {
			t.Errorf("%v → %d: mean abs diff %.2f, worst %d against imaging", tc.r, tc.size, mean, worst)
		}
		for i := 3; i < len(got.Pix); i += 4 {
			if got.Pix[i] != 0xff {
				t.Fatal("alpha not opaque")
			}
		}
	}
}

// The last resize of a cold export's PFP: a 750×750 crop to 600×600, on
// RGB (resizeOpaque, and imaging for comparison) and on 4:2:0 planes
// (the conversion and the resize apart).
func BenchmarkResize750to600(b *testing.B) {
	src := image.NewNRGBA(image.Rect(0, 0, 750, 1000))
	for i := range src.Pix {
		src.Pix[i] = uint8(i)
	}
	r := image.Rect(0, 75, 750, 825)
	b.Run("rgb-fixed-point", func(b *testing.B) {
		for b.Loop() {
			resizeOpaque(src, r, 600, 600)
		}
	})
	b.Run("rgb-imaging", func(b *testing.B) {
		for b.Loop() {
			imaging.Resize(src.SubImage(r), 600, 600, imaging.CatmullRom)
		}
	})
	b.Run("ycc-convert", func(b *testing.B) {
		for b.Loop() {
			toYCC420(src, r)
		}
	})
	ycc := toYCC420(src, r)
	b.Run("ycc-resize", func(b *testing.B) {
		for b.Loop() {
			resizeYCC(ycc, 600, 600)
		}
	})
}
