package pfp

import (
	"bytes"
	"context"
	"errors"
	"image"
	"testing"
)

// FuzzRender feeds arbitrary bytes to Render: it must never panic, must
// return either a Size×Size image or one of the typed errors, and must stay
// within small limits (so the fuzzer cannot spend its time on big decodes).
func FuzzRender(f *testing.F) {
	small := fill(24, 40, opaque(200, 150, 120))
	jpg := encJPEG(f, small)
	f.Add(jpg)
	f.Add(withExif(jpg, 6, true))
	f.Add(withExif(jpg, 7, false))
	f.Add(encPNG(f, small))
	f.Add(encJPEG(f, image.NewGray(image.Rect(0, 0, 9, 17))))
	f.Add(pngBomb(40000, 40000))
	f.Add(jpg[:len(jpg)/2])
	f.Add([]byte("<html>"))
	r := Renderer{Limits: Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 4096}}
	tpl := Template{Size: MinSize, Shape: Circle, OutlineWidth: 3, Outline: opaque(0, 0, 0), Framing: Smart}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := r.Render(context.Background(), bytes.NewReader(b), tpl)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if out.Rect != image.Rect(0, 0, MinSize, MinSize) {
			t.Fatalf("output %v", out.Rect)
		}
	})
}
