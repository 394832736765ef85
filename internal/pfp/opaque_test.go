package pfp

import (
	"image"
	"testing"
)

// isOpaque agrees with image.NRGBA.Opaque wherever the one see-through
// pixel sits, for odd and even widths and for sub-images.
func TestOpaqueMatchesTheStandardCheck(t *testing.T) {
	for _, w := range []int{1, 2, 3, 7, 8, 33} {
		img := image.NewNRGBA(image.Rect(0, 0, w, 5))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		subs := []image.Rectangle{img.Rect, image.Rect(0, 1, w, 4)}
		if w > 2 {
			subs = append(subs, image.Rect(1, 1, w-1, 5))
		}
		for _, r := range subs {
			sub := img.SubImage(r).(*image.NRGBA)
			if !isOpaque(sub) {
				t.Fatalf("width %d %v: opaque image said not opaque", w, r)
			}
		}
		for y := range 5 {
			for x := range w {
				img.Pix[y*img.Stride+4*x+3] = 0xfe
				for _, r := range subs {
					sub := img.SubImage(r).(*image.NRGBA)
					if got, want := isOpaque(sub), sub.Opaque(); got != want {
						t.Fatalf("width %d, see-through (%d,%d), sub-image %v: isOpaque %v, Opaque() %v", w, x, y, r, got, want)
					}
				}
				img.Pix[y*img.Stride+4*x+3] = 0xff
			}
		}
	}
}
