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
	img, cropped, _, err := decodeJPEGRegion(data, 2400, 3200, 600, whole, false)
	if err != nil || !cropped {
		t.Fatal(err, cropped)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 800 {
		t.Fatalf("decoded %v, want 600×800", b.Size())
	}
	// 700 px wanted: 1/4 would give 600 < 700, so 1/2.
	img, _, _, err = decodeJPEGRegion(data, 2400, 3200, 700, whole, false)
	if err != nil || img.Bounds().Dx() != 1200 {
		t.Fatalf("decoded %v (%v), want 1200 wide", img.Bounds().Size(), err)
	}
	// The head-and-shoulders square: 2400×2400 from row 320, at 1/4.
	img, _, _, err = decodeJPEGRegion(data, 2400, 3200, 600, headAndShoulders(2400, 3200), false)
	if err != nil || img.Bounds() != image.Rect(0, 0, 600, 600) {
		t.Fatalf("decoded %v (%v), want 600×600", img.Bounds(), err)
	}
	// Corrupt data falls back to image/jpeg and is reported, not crashed on.
	bad := append([]byte(nil), data[:200]...)
	if _, _, _, err := decodeJPEGRegion(bad, 2400, 3200, 600, whole, false); err == nil {
		t.Fatal("truncated JPEG decoded without error")
	}
	// A file cut short below the region is still noticed: without its end
	// marker the decoder reads to the end.
	cut := append([]byte(nil), data[:len(data)*9/10]...)
	if _, _, _, err := decodeJPEGRegion(cut, 2400, 3200, 600, image.Rect(0, 0, 2400, 800), false); err == nil {
		t.Fatal("JPEG cut short decoded without error")
	}
}

// TestNativeRegionMatchesWholeDecode: decoding only a region gives exactly
// the pixels of decoding everything and cutting the region out (at the scale
// the region asks for), for the usual chroma layouts, regions that do and
// do not sit on the iMCU grid, and every scale from 1/8 to 8/8.
func TestNativeRegionMatchesWholeDecode(t *testing.T) {
	ratios := map[string]image.YCbCrSubsampleRatio{
		"420": image.YCbCrSubsampleRatio420, "444": image.YCbCrSubsampleRatio444, "422": image.YCbCrSubsampleRatio422,
	}
	const w, h = 960, 1280
	regions := []image.Rectangle{
		image.Rect(0, 128, 960, 1088),  // on the grid
		image.Rect(37, 211, 957, 1171), // off the grid
		image.Rect(13, 99, 913, 999),   // off the grid, left and top
		image.Rect(0, 0, 960, 960),     // top
		image.Rect(0, 0, 960, 1100),    // top rows, every column (HeadAndShoulders)
		image.Rect(0, 320, 960, 1280),  // to the bottom edge
	}
	for name, ratio := range ratios {
		data := testJPEG(t, w, h, ratio)
		for num := 1; num <= 8; num++ {
			full, cropped, err := decodeJPEGScaled(data, w, h, num, image.Rect(0, 0, w, h))
			if err != nil || !cropped {
				t.Fatalf("%s whole at %d/8: %v (cropped %v)", name, num, err, cropped)
			}
			if want := image.Pt(ceilDiv(w*num, 8), ceilDiv(h*num, 8)); full.Bounds().Size() != want {
				t.Fatalf("%s whole at %d/8: %v, want %v", name, num, full.Bounds().Size(), want)
			}
			for _, region := range regions {
				got, cropped, err := decodeJPEGScaled(data, w, h, num, region)
				if err != nil || !cropped {
					t.Fatalf("%s %v at %d/8: %v (cropped %v)", name, region, num, err, cropped)
				}
				r := scaledRegion(region, w, h, num)
				want := full.(*image.NRGBA).SubImage(r).(*image.NRGBA)
				g := got.(*image.NRGBA)
				if want.Rect.Size() != g.Rect.Size() {
					t.Fatalf("%s %v at %d/8: region %v, want %v", name, region, num, g.Rect.Size(), want.Rect.Size())
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
					t.Errorf("%s %v at %d/8: differs from the whole decode by up to %d", name, region, num, worst)
				}
			}
		}
	}
}

// The scale is the smallest that still covers the output: any M/8 for
// Centre (fine), only powers of two for the framings that look for a face.
func TestDCTScaleFor(t *testing.T) {
	for _, c := range []struct {
		side, size int
		fine       bool
		want       int
	}{
		{3000, 600, true, 2},  // 750
		{2304, 600, true, 3},  // 864, not 1152
		{2304, 600, false, 4}, // 1152
		{2000, 600, true, 3},  // 750
		{1536, 600, true, 4},  // 768 (3/8 is 576)
		{1024, 600, true, 5},  // 640
		{1024, 600, false, 8}, // 1024
		{600, 600, true, 8},
		{300, 600, true, 8}, // smaller than the output: no scaling
		{9600, 600, true, 1},
	} {
		if got := dctScaleFor(image.Rect(0, 0, c.side, c.side*4/3), c.size, c.fine); got != c.want {
			t.Errorf("dctScaleFor(%d px, %d, fine %v) = %d/8, want %d/8", c.side, c.size, c.fine, got, c.want)
		}
	}
}
