package pfp

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestEncodePNGRoundTrip decodes what EncodePNG wrote with image/png and
// compares every pixel: opaque images come back as RGB, others keep their
// alpha exactly (NRGBA is PNG's own layout), and a sub-image is encoded
// from its own rectangle.
func TestEncodePNGRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	noisy := func(w, h int, alpha bool) *image.NRGBA {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := range m.Pix {
			m.Pix[i] = uint8(rng.IntN(256))
			if i%4 == 3 && !alpha {
				m.Pix[i] = 0xff
			}
		}
		return m
	}
	big := noisy(40, 30, true)
	cases := []struct {
		name      string
		img       *image.NRGBA
		wantModel color.Model
	}{
		{"opaque", noisy(37, 23, false), color.RGBAModel},
		{"alpha", noisy(37, 23, true), color.NRGBAModel},
		{"one pixel", noisy(1, 1, false), color.RGBAModel},
		{"sub-image", big.SubImage(image.Rect(5, 7, 31, 29)).(*image.NRGBA), color.NRGBAModel},
		{"large", noisy(1100, 1000, false), color.RGBAModel}, // more than one IDAT chunk
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := EncodePNG(&b, c.img); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&b)
			if err != nil {
				t.Fatalf("image/png cannot read it: %v", err)
			}
			if got.ColorModel() != c.wantModel {
				t.Errorf("colour model %v, want %v", got.ColorModel(), c.wantModel)
			}
			r := c.img.Rect
			if got.Bounds().Size() != r.Size() {
				t.Fatalf("size %v, want %v", got.Bounds().Size(), r.Size())
			}
			for y := range r.Dy() {
				for x := range r.Dx() {
					want := c.img.NRGBAAt(r.Min.X+x, r.Min.Y+y)
					if g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA); g != want && want.A != 0 {
						t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, want)
					} else if want.A == 0 && g.A != 0 {
						t.Fatalf("pixel (%d,%d) = %v, want transparent", x, y, g)
					}
				}
			}
		})
	}
}

func TestEncodePNGRefusesEmpty(t *testing.T) {
	if err := EncodePNG(&bytes.Buffer{}, image.NewNRGBA(image.Rect(0, 0, 0, 5))); err == nil {
		t.Fatal("an empty image encoded without error")
	}
}
