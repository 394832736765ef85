package pfp

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// Luma is color.RGBToYCbCr's per pixel; chroma is that of each 2×2 block's
// mean colour, exact for a block of one colour; odd sides repeat the edge.
func TestToYCC420MatchesRGBToYCbCr(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const w, h = 9, 7 // odd both ways
	src := image.NewNRGBA(image.Rect(0, 0, w+3, h+2))
	blocks := map[image.Point]color.NRGBA{}
	for by := 0; by < (h+1)/2; by++ {
		for bx := 0; bx < (w+1)/2; bx++ {
			c := opaque(uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)))
			blocks[image.Pt(bx, by)] = c
			rect(src, image.Rect(1+2*bx, 2+2*by, 3+2*bx, 4+2*by), c)
		}
	}
	got := toYCC420(src, image.Rect(1, 2, 1+w, 2+h))
	if got.Rect != image.Rect(0, 0, w, h) {
		t.Fatalf("bounds %v", got.Rect)
	}
	for y := range h {
		for x := range w {
			c := src.NRGBAAt(1+x, 2+y)
			wy, wcb, wcr := color.RGBToYCbCr(c.R, c.G, c.B)
			if yy := got.Y[got.YOffset(x, y)]; yy != wy {
				t.Fatalf("Y at %d,%d = %d, want %d", x, y, yy, wy)
			}
			ci := got.COffset(x, y)
			if cb, cr := got.Cb[ci], got.Cr[ci]; cb != wcb || cr != wcr {
				t.Fatalf("Cb,Cr at %d,%d = %d,%d, want %d,%d", x, y, cb, cr, wcb, wcr)
			}
		}
	}
}

// Each plane is resized like imaging's Catmull-Rom of that plane, and the
// flat, padded taps give what the taps they come from give, edges included.
func TestResizeYCCMatchesImaging(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct{ sw, sh, size int }{
		{683, 683, 600}, {750, 751, 600}, {300, 300, 600}, {601, 601, 600}, {1100, 1100, 600}, {97, 97, 64},
	} {
		src := image.NewYCbCr(image.Rect(0, 0, tc.sw, tc.sh), image.YCbCrSubsampleRatio420)
		for i := range src.Y {
			src.Y[i] = uint8((i%tc.sw)*255/tc.sw + rng.IntN(40))
		}
		for i := range src.Cb {
			src.Cb[i], src.Cr[i] = uint8(rng.IntN(256)), uint8(i)
		}
		got := resizeYCC(src, tc.size, tc.size)
		cw, sc := (tc.size+1)/2, (tc.sw+1)/2
		for _, p := range []struct {
			name     string
			src, got []uint8
			sw, sh   int
			sstride  int
			gstride  int
			w        int
		}{
			{"Y", src.Y, got.Y, tc.sw, tc.sh, src.YStride, got.YStride, tc.size},
			{"Cb", src.Cb, got.Cb, sc, (tc.sh + 1) / 2, src.CStride, got.CStride, cw},
			{"Cr", src.Cr, got.Cr, sc, (tc.sh + 1) / 2, src.CStride, got.CStride, cw},
		} {
			plane := &image.Gray{Pix: p.src, Stride: p.sstride, Rect: image.Rect(0, 0, p.sw, p.sh)}
			want := imaging.Resize(plane, p.w, p.w, imaging.CatmullRom)
			var diff, worst int
			for y := range p.w {
				for x := range p.w {
					d := int(p.got[y*p.gstride+x]) - int(want.Pix[y*want.Stride+4*x])
					diff += max(d, -d)
					worst = max(worst, d, -d)
				}
			}
			if mean := float64(diff) / float64(p.w*p.w); mean > 1.0 || worst > 12 {
				t.Errorf("%d×%d → %d, %s: mean abs diff %.2f, worst %d against imaging", tc.sw, tc.sh, tc.size, p.name, mean, worst)
			}
		}
		// The padded taps against the taps themselves, on one row.
		row := src.Y[:tc.sw]
		ts := taps(tc.sw, tc.size)
		d := make([]uint8, tc.size)
		resizeRow(d, row, flatTaps(ts, tc.sw))
		for x, tp := range ts {
			var sum int32
			for k, wt := range tp.weights {
				sum += int32(row[tp.start+k]) * wt
			}
			if d[x] != clampByte(sum) {
				t.Fatalf("%d → %d: sample %d = %d with flat taps, %d with taps", tc.sw, tc.size, x, d[x], clampByte(sum))
			}
		}
	}
}

// A JPEG PFP of the default template goes through the planes; it looks
// like the RGB path's, within the rounding of one more colour conversion.
// A template that draws over the photo takes the RGB path, byte for byte.
func TestRenderToJPEGThroughPlanes(t *testing.T) {
	// A portrait-shaped photo with smooth shading, edges and noise.
	rng := rand.New(rand.NewPCG(7, 8))
	photo := image.NewNRGBA(image.Rect(0, 0, 1000, 1400))
	for y := range 1400 {
		for x := range 1000 {
			i := photo.PixOffset(x, y)
			n := rng.IntN(24)
			photo.Pix[i], photo.Pix[i+1], photo.Pix[i+2], photo.Pix[i+3] = uint8(x/5+n), uint8(y/7+n), uint8((x+y)/12), 255
		}
	}
	rect(photo, image.Rect(300, 250, 700, 750), opaque(230, 180, 150))
	rect(photo, image.Rect(380, 400, 440, 430), opaque(20, 20, 30))
	rect(photo, image.Rect(560, 400, 620, 430), opaque(20, 20, 30))
	data := encJPEG(t, photo)
	for _, tpl := range []Template{{}, {Grayscale: true}, {Framing: Centre}, {Shape: Circle, Background: opaque(10, 20, 30)}} {
		var viaTo bytes.Buffer
		if err := RenderTo(context.Background(), &viaTo, bytes.NewReader(data), tpl, JPEG); err != nil {
			t.Fatal(err)
		}
		img, _, err := Renderer{}.render(context.Background(), bytes.NewReader(data), tpl, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, planes := img.(*image.YCbCr); planes != tpl.drawsNothingOver() {
			t.Fatalf("%+v: rendered as %T", tpl, img)
		}
		rgb := render(t, data, tpl)
		var viaRGB bytes.Buffer
		if err := EncodeJPEG(&viaRGB, rgb, DefaultJPEGQuality); err != nil {
			t.Fatal(err)
		}
		if !tpl.drawsNothingOver() {
			if !bytes.Equal(viaTo.Bytes(), viaRGB.Bytes()) {
				t.Fatalf("%+v: RenderTo's JPEG differs from Render + EncodeJPEG", tpl)
			}
			continue
		}
		a, err := jpeg.Decode(bytes.NewReader(viaTo.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := jpeg.Decode(bytes.NewReader(viaRGB.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if a.Bounds() != image.Rect(0, 0, DefaultSize, DefaultSize) {
			t.Fatalf("%+v: %v", tpl, a.Bounds())
		}
		var diff, n int
		for y := range DefaultSize {
			for x := range DefaultSize {
				r1, g1, b1, _ := a.At(x, y).RGBA()
				r2, g2, b2, _ := b.At(x, y).RGBA()
				for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
					diff += max(d, -d)
					n++
				}
				if tpl.Grayscale && (max(r1, g1, b1)-min(r1, g1, b1))>>8 > 2 {
					t.Fatalf("grayscale pixel %d,%d is %d,%d,%d", x, y, r1>>8, g1>>8, b1>>8)
				}
			}
		}
		mean := float64(diff) / float64(n)
		t.Logf("%+v: mean abs diff %.2f between the planes' JPEG and the RGB path's", tpl, mean)
		if mean > 1.5 {
			t.Errorf("%+v: mean abs diff %.2f between the planes' JPEG and the RGB path's", tpl, mean)
		}
	}
}
