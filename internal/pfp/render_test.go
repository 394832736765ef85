package pfp

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"testing"

	"github.com/disintegration/imaging"
)

// TestOutputAlwaysSizeBySize covers extreme shapes (1×1, 10000×10, exactly
// the output size) and colour models (CMYK, grayscale, 16-bit with alpha).
func TestOutputAlwaysSizeBySize(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 90, 160))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i)
	}
	rgba64 := image.NewNRGBA64(image.Rect(0, 0, 300, 200))
	for i := range rgba64.Pix {
		rgba64.Pix[i] = 0x80
	}
	pal := image.NewPaletted(image.Rect(0, 0, 40, 70), color.Palette{color.White, color.NRGBA{200, 0, 0, 255}})
	srcs := map[string][]byte{
		"portrait jpeg":  encJPEG(t, fill(300, 400, opaque(200, 150, 120))),
		"landscape jpeg": encJPEG(t, fill(400, 300, opaque(200, 150, 120))),
		"square jpeg":    encJPEG(t, fill(333, 333, opaque(200, 150, 120))),
		"tiny 50×50":     encJPEG(t, fill(50, 50, opaque(200, 150, 120))),
		"1×1":            encPNG(t, fill(1, 1, opaque(200, 150, 120))),
		"2000×10":        encJPEG(t, fill(2000, 10, opaque(200, 150, 120))),
		"exactly 600":    encJPEG(t, fill(600, 600, opaque(200, 150, 120))),
		"grayscale jpeg": encJPEG(t, gray),
		"16-bit png":     encPNG(t, rgba64),
		"paletted png":   encPNG(t, pal),
		"odd 4:2:0 dims": encJPEG(t, fill(257, 391, opaque(10, 200, 30))),
	}
	for name, src := range srcs {
		render(t, src, Template{Size: 128, Shape: Circle, Framing: Smart}) // asserts the size
		for _, f := range []Format{PNG, JPEG} {
			var b bytes.Buffer
			if err := RenderTo(context.Background(), &b, bytes.NewReader(src), Template{Size: 160, Shape: Rounded}, f); err != nil {
				t.Fatalf("%s %v: %v", name, f, err)
			}
			cfg, kind, err := image.DecodeConfig(&b)
			if err != nil || kind != f.String() || cfg.Width != 160 || cfg.Height != 160 {
				t.Errorf("%s → %v: %v %q %dx%d", name, f, err, kind, cfg.Width, cfg.Height)
			}
		}
	}
	// The default size, upscaled from tiny and copied from exact.
	render(t, srcs["tiny 50×50"], Template{})
	render(t, srcs["exactly 600"], Template{})
}

// TestFastPathMatchesReference compares the box-shrink + Lanczos pipeline
// with the straightforward imaging.Resize(Lanczos) of the same crop from the
// full-resolution image: the shortcut must not cost visible quality.
func TestFastPathMatchesReference(t *testing.T) {
	const w, h = 1201, 1601 // odd: partial blocks at the edges, k = 2
	m := fill(w, h, opaque(0, 0, 0))
	for y := range h {
		for x := range w {
			v := uint8(40 + 150*y/h)
			m.SetNRGBA(x, y, opaque(v, uint8(60+100*x/w), 255-v))
		}
	}
	rect(m, image.Rect(400, 300, 800, 800), opaque(224, 172, 140))
	for x := 100; x < 1100; x += 40 { // stripes: high frequency detail
		rect(m, image.Rect(x, 1000, x+13, 1300), opaque(250, 250, 250))
	}
	src := encPNG(t, m) // lossless, so only resizing differs
	got := render(t, src, Template{})
	top := int(math.Round(headTop*h/2)) * 2 // the shrunk image's crop, in source pixels
	want := imaging.Resize(m.SubImage(image.Rect(0, top, w, top+w)), 600, 600, imaging.Lanczos)
	var sum, worst float64
	for i := range got.Pix {
		d := math.Abs(float64(got.Pix[i]) - float64(want.Pix[i]))
		sum += d
		worst = max(worst, d)
	}
	if mean := sum / float64(len(got.Pix)); mean > 2.5 {
		t.Errorf("mean abs difference %.2f from the full-resolution Lanczos reference (max %.0f)", mean, worst)
	}
}

func TestColourPreserved(t *testing.T) {
	want := opaque(200, 150, 120)
	for _, src := range [][]byte{
		encJPEG(t, fill(3000/8, 4000/8, want)),
		encPNG(t, fill(375, 500, want)),
	} {
		out := render(t, src, Template{Size: 128})
		for _, p := range []image.Point{{0, 0}, {64, 64}, {127, 127}} {
			if c := out.NRGBAAt(p.X, p.Y); !near(c, want, 4) {
				t.Errorf("pixel %v = %v, want ≈ %v", p, c, want)
			}
		}
	}
}

func TestCMYKShrink(t *testing.T) {
	// image/jpeg decodes Adobe CMYK JPEGs to *image.CMYK; it cannot write
	// them, so the plane path is tested directly.
	m := image.NewCMYK(image.Rect(0, 0, 40, 30))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = 0, 255, 255, 0 // red
	}
	out := shrink(m, 3)
	if out.Rect.Size() != image.Pt(14, 10) {
		t.Fatalf("size %v", out.Rect.Size())
	}
	if c := out.NRGBAAt(5, 5); !near(c, opaque(255, 0, 0), 1) {
		t.Errorf("CMYK red became %v", c)
	}
}

func TestShrinkAveragesBlocks(t *testing.T) {
	m := image.NewYCbCr(image.Rect(0, 0, 7, 5), image.YCbCrSubsampleRatio420)
	for i := range m.Y {
		m.Y[i] = uint8(10 * (i % m.YStride)) // 0,10,…,60 across
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = 128, 128
	}
	out := shrink(m, 3) // columns {0,1,2} {3,4,5} {6}
	if out.Rect.Size() != image.Pt(3, 2) {
		t.Fatalf("size %v", out.Rect.Size())
	}
	for x, want := range []uint8{10, 40, 60} {
		if c := out.NRGBAAt(x, 1); c.R != want || c.G != want || c.B != want {
			t.Errorf("column %d = %v, want gray %d", x, c, want)
		}
	}
}

func TestTransparencyAndBackground(t *testing.T) {
	// Left half transparent, right half opaque green.
	m := fill(200, 200, color.NRGBA{255, 0, 255, 0})
	rect(m, image.Rect(100, 0, 200, 200), opaque(0, 200, 0))
	src := encPNG(t, m)

	out := render(t, src, Template{Size: 128})
	if c := out.NRGBAAt(10, 64); c.A != 0 {
		t.Errorf("transparent source pixel became %v with a transparent background", c)
	}
	if c := out.NRGBAAt(118, 64); !near(c, opaque(0, 200, 0), 2) {
		t.Errorf("opaque pixel = %v", c)
	}
	// Hidden colour under alpha 0 must not bleed into the edge (magenta).
	for x := 60; x < 70; x++ {
		if c := out.NRGBAAt(x, 64); c.A > 0 && c.R > 40 {
			t.Errorf("x=%d: transparent magenta bled into %v", x, c)
		}
	}
	white := opaque(255, 255, 255)
	out = render(t, src, Template{Size: 128, Background: white})
	if c := out.NRGBAAt(10, 64); !near(c, white, 1) {
		t.Errorf("background behind transparent pixel = %v, want white", c)
	}
}

func TestCircleCornersPNGTransparentJPEGBackground(t *testing.T) {
	src := encJPEG(t, fill(300, 400, opaque(200, 150, 120)))
	tpl := Template{Size: 200, Shape: Circle}

	var b bytes.Buffer
	if err := RenderTo(context.Background(), &b, bytes.NewReader(src), tpl, PNG); err != nil {
		t.Fatal(err)
	}
	pimg, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := pimg.At(2, 2).RGBA(); a != 0 {
		t.Errorf("PNG circle corner alpha %d, want 0", a)
	}
	if _, _, _, a := pimg.At(100, 100).RGBA(); a != 0xffff {
		t.Errorf("PNG circle centre alpha %d, want opaque", a)
	}
	// Anti-aliased: the edge along the diagonal has partial alpha, not a
	// hard 0/255 step.
	partial := 0
	for i := range 200 {
		if _, _, _, a := pimg.At(i, i).RGBA(); a > 0 && a < 0xffff {
			partial++
		}
	}
	if partial == 0 || partial > 8 {
		t.Errorf("%d partially covered pixels on the diagonal, want a thin anti-aliased edge", partial)
	}

	bg := opaque(10, 40, 90)
	b.Reset()
	tpl.Background = bg
	if err := RenderTo(context.Background(), &b, bytes.NewReader(src), tpl, JPEG); err != nil {
		t.Fatal(err)
	}
	jimg, err := jpeg.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	r, g, bl, _ := jimg.At(3, 3).RGBA()
	if !near(color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}, bg, 8) {
		t.Errorf("JPEG corner = %v,%v,%v, want background %v", r>>8, g>>8, bl>>8, bg)
	}

	// A transparent background in JPEG flattens to white.
	b.Reset()
	tpl.Background = color.NRGBA{}
	if err := RenderTo(context.Background(), &b, bytes.NewReader(src), tpl, JPEG); err != nil {
		t.Fatal(err)
	}
	jimg, _ = jpeg.Decode(&b)
	if r, g, bl, _ := jimg.At(3, 3).RGBA(); r>>8 < 245 || g>>8 < 245 || bl>>8 < 245 {
		t.Errorf("JPEG corner without background = %v,%v,%v, want white", r>>8, g>>8, bl>>8)
	}
}

func TestRoundedCorners(t *testing.T) {
	src := encJPEG(t, fill(200, 200, opaque(200, 150, 120)))
	out := render(t, src, Template{Size: 128, Shape: Rounded}) // radius 16
	if c := out.NRGBAAt(1, 1); c.A != 0 {
		t.Errorf("rounded corner pixel %v, want transparent", c)
	}
	if c := out.NRGBAAt(64, 0); c.A != 255 {
		t.Errorf("straight edge pixel %v, want opaque", c)
	}
	if c := out.NRGBAAt(10, 10); c.A != 255 {
		t.Errorf("inside the corner arc %v, want opaque", c)
	}
}

func TestOutline(t *testing.T) {
	src := encJPEG(t, fill(200, 200, opaque(200, 150, 120)))
	ol := opaque(0, 0, 255)
	for _, shape := range []Shape{Square, Rounded, Circle} {
		out := render(t, src, Template{Size: 128, Shape: shape, Outline: ol, OutlineWidth: 6})
		// On the vertical centre line the top 6 rows are outline, row 7 is photo.
		for y := range 6 {
			if c := out.NRGBAAt(64, y); !near(c, ol, 1) {
				t.Errorf("%v: outline row %d = %v", shape, y, c)
			}
		}
		if c := out.NRGBAAt(64, 7); !near(c, opaque(200, 150, 120), 6) {
			t.Errorf("%v: row after outline = %v, want photo", shape, c)
		}
		if c := out.NRGBAAt(64, 64); !near(c, opaque(200, 150, 120), 6) {
			t.Errorf("%v: centre = %v, want photo", shape, c)
		}
	}
}

func TestGrayscale(t *testing.T) {
	m := fill(200, 200, opaque(220, 40, 40))
	rect(m, image.Rect(0, 100, 200, 200), opaque(30, 200, 60))
	ol := opaque(0, 0, 255)
	out := render(t, encPNG(t, m), Template{Size: 128, Grayscale: true, Outline: ol, OutlineWidth: 2})
	for y := 4; y < 124; y++ {
		for x := 4; x < 124; x++ {
			if c := out.NRGBAAt(x, y); c.R != c.G || c.G != c.B {
				t.Fatalf("pixel (%d,%d) = %v is not gray", x, y, c)
			}
		}
	}
	if c := out.NRGBAAt(64, 0); !near(c, ol, 1) {
		t.Errorf("outline %v should keep its colour in grayscale mode", c)
	}
	if a, b := out.NRGBAAt(64, 20).R, out.NRGBAAt(64, 110).R; a == b {
		t.Errorf("red and green areas became the same gray %d", a)
	}
}

// TestHeadAndShouldersKeepsTop: on a tall image the face region (top third)
// survives and the bottom (belt, desk) is dropped; a centre crop does the
// opposite on the top marker.
func TestHeadAndShouldersKeepsTop(t *testing.T) {
	red, blue := opaque(230, 20, 20), opaque(20, 20, 230)
	m := fill(200, 600, opaque(128, 128, 128))
	rect(m, image.Rect(80, 80, 120, 120), red)   // face, in the top third
	rect(m, image.Rect(80, 560, 120, 600), blue) // very bottom
	src := encJPEG(t, m)
	has := func(out *image.NRGBA, want color.NRGBA) bool {
		for y := range out.Rect.Dy() {
			for x := range out.Rect.Dx() {
				if near(out.NRGBAAt(x, y), want, 30) {
					return true
				}
			}
		}
		return false
	}
	out := render(t, src, Template{Size: 128})
	if !has(out, red) {
		t.Error("head-and-shoulders lost the face marker in the top third")
	}
	if has(out, blue) {
		t.Error("head-and-shoulders kept the marker at the very bottom")
	}
	if out := render(t, src, Template{Size: 128, Framing: Centre}); has(out, red) {
		t.Error("centre crop unexpectedly kept the top marker (test no longer discriminates)")
	}
}

func TestFrameRects(t *testing.T) {
	cases := []struct {
		w, h int
		f    Framing
		want image.Rectangle
	}{
		{300, 400, HeadAndShoulders, image.Rect(0, 40, 300, 340)},
		{300, 1000, HeadAndShoulders, image.Rect(0, 100, 300, 400)},
		{300, 310, HeadAndShoulders, image.Rect(0, 10, 300, 310)}, // clamped
		{400, 300, HeadAndShoulders, image.Rect(50, 0, 350, 300)},
		{300, 400, Centre, image.Rect(0, 50, 300, 350)},
		{300, 300, Smart, image.Rect(0, 0, 300, 300)},
	}
	for _, c := range cases {
		if got := frame(fill(c.w, c.h, opaque(128, 128, 128)), c.f); got != c.want {
			t.Errorf("%d×%d %v: %v, want %v", c.w, c.h, c.f, got, c.want)
		}
	}
}

// skinFace draws a skin-toned ellipse (a face) on a cool background.
func skinFace(w, h, cx, cy, rx, ry int) *image.NRGBA {
	m := fill(w, h, opaque(70, 90, 120))
	for y := range h {
		for x := range w {
			dx, dy := float64(x-cx)/float64(rx), float64(y-cy)/float64(ry)
			if dx*dx+dy*dy <= 1 {
				m.SetNRGBA(x, y, opaque(224, 172, 140))
			}
		}
	}
	return m
}

func TestSmartFramingFollowsFace(t *testing.T) {
	// Portrait with the face low (a person standing further away): the
	// square moves down so the face is near 40 % of its height.
	m := skinFace(300, 600, 150, 330, 45, 60)
	r := frame(m, Smart)
	if r.Dx() != 300 || r.Dy() != 300 {
		t.Fatalf("smart crop %v is not the full-width square", r)
	}
	if fy := float64(330-r.Min.Y) / 300; fy < 0.30 || fy > 0.50 {
		t.Errorf("face centre at %.2f of the crop (%v), want ≈ 0.40", fy, r)
	}
	if hs := headAndShoulders(300, 600); r.Min.Y <= hs.Min.Y {
		t.Errorf("smart crop %v did not move down from the default %v", r, hs)
	}

	// Landscape with the face in the right third: the square follows it.
	m = skinFace(600, 300, 430, 120, 40, 55)
	r = frame(m, Smart)
	if cx := (r.Min.X + r.Max.X) / 2; cx < 380 || cx > 450 {
		t.Errorf("landscape smart crop %v centred at x=%d, want ≈ 430", r, cx)
	}

	// No skin, or a warm wall spanning the frame: fall back to the default.
	for _, m := range []*image.NRGBA{fill(300, 600, opaque(70, 90, 120)), fill(300, 600, opaque(224, 172, 140))} {
		if got, want := frame(m, Smart), headAndShoulders(300, 600); got != want {
			t.Errorf("no face: smart %v, want head-and-shoulders %v", got, want)
		}
	}
}

func TestIsSkin(t *testing.T) {
	for _, c := range []color.NRGBA{opaque(224, 172, 140), opaque(198, 134, 66), opaque(141, 85, 36), opaque(255, 205, 180)} {
		if !isSkin(c.R, c.G, c.B) {
			t.Errorf("%v should count as skin", c)
		}
	}
	for _, c := range []color.NRGBA{opaque(70, 90, 120), opaque(255, 255, 255), opaque(0, 0, 0), opaque(40, 160, 60), opaque(128, 128, 128)} {
		if isSkin(c.R, c.G, c.B) {
			t.Errorf("%v should not count as skin", c)
		}
	}
}
