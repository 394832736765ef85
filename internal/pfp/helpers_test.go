package pfp

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func opaque(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 255} }

// fill returns a w×h NRGBA image of one colour.
func fill(w, h int, c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

// rect paints r in c.
func rect(m *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m.SetNRGBA(x, y, c)
		}
	}
}

func encJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encPNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func render(t testing.TB, src []byte, tpl Template) *image.NRGBA {
	t.Helper()
	out, err := Render(context.Background(), bytes.NewReader(src), tpl)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	want := tpl.normalized().Size
	if out.Rect != image.Rect(0, 0, want, want) {
		t.Fatalf("output bounds %v, want %d×%d", out.Rect, want, want)
	}
	return out
}

// near reports whether c is within tol of want on every channel.
func near(c, want color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return max(int(a)-int(b), int(b)-int(a)) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B) && d(c.A, want.A)
}
