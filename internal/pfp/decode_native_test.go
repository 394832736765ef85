//go:build turbojpeg && cgo

package pfp

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

// With -tags turbojpeg the JPEG decode scales inside the DCT: a 2400×3200
// source for a 600 px PFP decodes at 1/4.
func TestNativeDecodeScales(t *testing.T) {
	if !nativeJPEG {
		t.Fatal("built with turbojpeg but the native decoder is off")
	}
	src := image.NewYCbCr(image.Rect(0, 0, 2400, 3200), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i % 251)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	img, err := decodeJPEGScaled(buf.Bytes(), 2400, 3200, 600)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 800 {
		t.Fatalf("decoded %v, want 600×800", b.Size())
	}
	// 700 px wanted: 1/4 would give 600 < 700, so 1/2.
	img, err = decodeJPEGScaled(buf.Bytes(), 2400, 3200, 700)
	if err != nil || img.Bounds().Dx() != 1200 {
		t.Fatalf("decoded %v (%v), want 1200 wide", img.Bounds().Size(), err)
	}
	// Corrupt data falls back to image/jpeg and is reported, not crashed on.
	bad := append([]byte(nil), buf.Bytes()[:200]...)
	if _, err := decodeJPEGScaled(bad, 2400, 3200, 600); err == nil {
		t.Fatal("truncated JPEG decoded without error")
	}
}
