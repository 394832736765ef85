//go:build turbojpeg && cgo

package pfp

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

func testJPEG(t *testing.T, w, h int, ratio image.YCbCrSubsampleRatio) []byte {
	t.Helper()
	src := image.NewYCbCr(image.Rect(0, 0, w, h), ratio)
	for y := range h {
		for x := range w {
			src.Y[src.YOffset(x, y)] = uint8((x*7 + y*3) % 251)
			src.Cb[src.COffset(x, y)] = uint8(90 + (x/5)%60)
			src.Cr[src.COffset(x, y)] = uint8(100 + (y/7)%70)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// With -tags turbojpeg the JPEG decode scales inside the DCT: a 2400×3200
// source for a 600 px PFP decodes at 1/4.
func TestNativeDecodeScales(t *testing.T) {
	if !nativeJPEG {
		t.Fatal("built with turbojpeg but the native decoder is off")
	}
	data := testJPEG(t, 2400, 3200, image.YCbCrSubsampleRatio420)
	whole := image.Rect(0, 0, 2400, 3200)
	img, cropped, err := decodeJPEGRegion(data, 2400, 3200, 600, whole)
	if err != nil || !cropped {
		t.Fatal(err, cropped)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 800 {
		t.Fatalf("decoded %v, want 600×800", b.Size())
	}
	// 700 px wanted: 1/4 would give 600 < 700, so 1/2.
	img, _, err = decodeJPEGRegion(data, 2400, 3200, 700, whole)
	if err != nil || img.Bounds().Dx() != 1200 {
		t.Fatalf("decoded %v (%v), want 1200 wide", img.Bounds().Size(), err)
	}
	// The head-and-shoulders square: 2400×2400 from row 320, at 1/4.
	img, _, err = decodeJPEGRegion(data, 2400, 3200, 600, headAndShoulders(2400, 3200))
	if err != nil || img.Bounds() != image.Rect(0, 0, 600, 600) {
		t.Fatalf("decoded %v (%v), want 600×600", img.Bounds(), err)
	}
	// Corrupt data falls back to image/jpeg and is reported, not crashed on.
	bad := append([]byte(nil), data[:200]...)
	if _, _, err := decodeJPEGRegion(bad, 2400, 3200, 600, whole); err == nil {
		t.Fatal("truncated JPEG decoded without error")
	}
	// A file cut short below the region is still noticed: without its end
	// marker the decoder reads to the end.
	cut := append([]byte(nil), data[:len(data)*9/10]...)
	if _, _, err := decodeJPEGRegion(cut, 2400, 3200, 600, image.Rect(0, 0, 2400, 800)); err == nil {
		t.Fatal("JPEG cut short decoded without error")
	}
}

// TestNativeRegionMatchesWholeDecode: decoding only a region gives exactly
// the pixels of decoding everything and cutting the region out (at the scale
// the region asks for), for the usual chroma layouts, regions that do and
// do not sit on the iMCU grid, and every scale.
func TestNativeRegionMatchesWholeDecode(t *testing.T) {
	ratios := map[string]image.YCbCrSubsampleRatio{
		"420": image.YCbCrSubsampleRatio420, "444": image.YCbCrSubsampleRatio444, "422": image.YCbCrSubsampleRatio422,
	}
	const w, h = 960, 1280
	for name, ratio := range ratios {
		data := testJPEG(t, w, h, ratio)
		for _, c := range []struct {
			size   int
			region image.Rectangle
		}{
			{120, image.Rect(0, 128, 960, 1088)},  // 1/8, on the grid
			{110, image.Rect(37, 211, 957, 1171)}, // 1/8, off the grid
			{240, image.Rect(0, 160, 960, 1120)},  // 1/4
			{300, image.Rect(13, 99, 913, 999)},   // 1/2, off the grid
			{700, image.Rect(0, 0, 960, 960)},     // 1/1, top
			{600, image.Rect(0, 320, 960, 1280)},  // 1/1... to the bottom edge
		} {
			got, cropped, err := decodeJPEGRegion(data, w, h, c.size, c.region)
			if err != nil || !cropped {
				t.Fatalf("%s %v: %v (cropped %v)", name, c.region, err, cropped)
			}
			den := 1
			for _, d := range []int{8, 4, 2, 1} {
				if min(ceilDiv(c.region.Dx(), d), ceilDiv(c.region.Dy(), d)) >= c.size {
					den = d
					break
				}
			}
			// The whole image at the same scale: ask for a size the whole
			// image meets at exactly den.
			full, _, err := decodeJPEGRegion(data, w, h, ceilDiv(w, den), image.Rect(0, 0, w, h))
			if err != nil {
				t.Fatal(err)
			}
			x0, y0 := c.region.Min.X/den, c.region.Min.Y/den
			want := full.(*image.NRGBA).SubImage(image.Rect(x0, y0, x0+got.Bounds().Dx(), y0+got.Bounds().Dy())).(*image.NRGBA)
			g := got.(*image.NRGBA)
			if want.Rect.Size() != g.Rect.Size() {
				t.Fatalf("%s %v: region %v, whole decode has only %v there", name, c.region, g.Rect.Size(), want.Rect.Size())
			}
			worst := 0
			for y := range g.Rect.Dy() {
				for x := range g.Rect.Dx() {
					a, b := g.NRGBAAt(x, y), want.NRGBAAt(want.Rect.Min.X+x, want.Rect.Min.Y+y)
					for _, d := range []int{int(a.R) - int(b.R), int(a.G) - int(b.G), int(a.B) - int(b.B), int(a.A) - int(b.A)} {
						worst = max(worst, d, -d)
					}
				}
			}
			if worst != 0 {
				t.Errorf("%s %v at 1/%d: differs from the whole decode by up to %d", name, c.region, den, worst)
			}
		}
	}
}
