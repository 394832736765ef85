package pfp

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
)

// Real photographs: scripts/portraits.sh fetches two public-domain
// portraits from Debian packages into a cache dir (nothing is committed).
// Without them the face tests fail, saying why, unless
// SHOTDESK_SKIP_SYSTEM_DEPS=1 (people who manage their system packages
// themselves), which skips them.
var portraits = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("bash", filepath.Join("..", "..", "scripts", "portraits.sh")).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("scripts/portraits.sh could not fetch the test portraits: %s", msg)
	}
	return strings.TrimSpace(string(out)), nil
})

func portrait(t testing.TB, name string) []byte {
	t.Helper()
	dir, err := portraits()
	if err != nil {
		if os.Getenv("SHOTDESK_SKIP_SYSTEM_DEPS") == "1" {
			t.Skipf("SHOTDESK_SKIP_SYSTEM_DEPS=1: %v", err)
		}
		t.Fatalf("%v\n(needs apt-get and dpkg-deb; set SHOTDESK_SKIP_SYSTEM_DEPS=1 to skip the tests on real photographs)", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeAny(t testing.TB, b []byte) *image.NRGBA {
	t.Helper()
	m, err := imaging.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return imaging.Clone(m)
}

func TestCascadeParses(t *testing.T) {
	c := frontalFace()
	if c.w != 24 || c.h != 24 || len(c.stages) != 20 || len(c.features) == 0 {
		t.Fatalf("frontal face cascade: %d×%d window, %d stages, %d features", c.w, c.h, len(c.stages), len(c.features))
	}
	weak := 0
	for _, s := range c.stages {
		weak += len(s.weak)
	}
	if weak != 139 {
		t.Errorf("%d weak classifiers, want the 139 of lbpcascade_frontalface.xml", weak)
	}
	// A cascade of another kind is refused, not misread.
	haar := strings.Replace(string(frontalFaceXML), "<featureType>LBP</featureType>", "<featureType>HAAR</featureType>", 1)
	if _, err := parseLBPCascade([]byte(haar)); err == nil {
		t.Error("a HAAR cascade parsed as LBP")
	}
	bad := strings.Replace(string(frontalFaceXML), "<rect>", "<rect>99 ", 1)
	if _, err := parseLBPCascade([]byte(bad)); err == nil {
		t.Error("a feature rect with five numbers parsed")
	}
}

func TestLBPCode(t *testing.T) {
	// 3×3 blocks of 1 px: the centre is 50; top-left, right and bottom are
	// brighter (≥), the rest darker.
	pix := []uint8{
		90, 10, 10,
		10, 50, 50,
		10, 60, 10,
	}
	ii := newIntegral(pix, 3, 3, nil)
	c := &lbpCascade{w: 3, h: 3, features: []lbpFeature{{0, 0, 1, 1}}}
	sc := c.scanner(ii.stride)
	if got, want := lbpCode(ii.sum, 0, &sc.offs[0]), int32(128|16|4); got != want {
		t.Errorf("lbpCode = %08b, want %08b", got, want)
	}
}

func TestFaceSquare(t *testing.T) {
	face := func(x, y, side int) Face {
		return Face{Box: image.Rect(x, y, x+side, y+side), EyeY: y + int(eyeInBox*float64(side))}
	}
	cases := []struct {
		name string
		w, h int
		f    Face
		want image.Rectangle
	}{
		// 90 px face → 200 px square, eyes (y=134) at 80 = 40 %, centred on x=245.
		{"free", 600, 800, face(200, 100, 90), image.Rect(145, 54, 345, 254)},
		// Near the top: shifted down to stay inside, same size.
		{"top", 600, 800, face(200, 10, 90), image.Rect(145, 0, 345, 200)},
		// Near the right edge: shifted left (133 px square, eyes y=322).
		{"right", 600, 800, face(540, 300, 60), image.Rect(467, 269, 600, 402)},
		// A face filling the frame: the 667 px square shrinks to the short
		// side, eyes (y=174) still at 40 %.
		{"huge", 400, 500, face(50, 60, 300), image.Rect(0, 14, 400, 414)},
	}
	for _, c := range cases {
		got := faceSquare(c.w, c.h, c.f)
		if got != c.want {
			t.Errorf("%s: faceSquare = %v, want %v", c.name, got, c.want)
		}
		if got.Dx() != got.Dy() || !got.In(image.Rect(0, 0, c.w, c.h)) {
			t.Errorf("%s: %v is not a square inside %d×%d", c.name, got, c.w, c.h)
		}
	}
}

// share is where a face sits in a square crop: the eye line from the top
// and the face box height, both as shares of the side.
func share(f Face, crop image.Rectangle) (eye, height float64) {
	return float64(f.EyeY-crop.Min.Y) / float64(crop.Dy()), float64(f.Box.Dy()) / float64(crop.Dy())
}

// portraitCase is a real photograph, possibly transformed, with where its
// face is (measured by eye on the original): the eye line and the face's
// horizontal centre, in the transformed image's pixels.
type portraitCase struct {
	name   string
	src    []byte
	size   image.Point // upright
	eyeY   float64
	faceCX float64
	tol    float64 // allowed error, pixels of the transformed image
}

func portraitCases(t *testing.T) []portraitCase {
	astro := portrait(t, "astronaut.png")     // 512×512: eyes at y≈103, face centre x≈222
	hopper := portrait(t, "grace_hopper.jpg") // 512×600: eyes at y≈193, face centre x≈264
	am, hm := decodeAny(t, astro), decodeAny(t, hopper)
	jpg := func(m image.Image) []byte { return encJPEG(t, m) }
	// A 2000×2344 upscale of Hopper, nearer the size of a delivered
	// headshot (3000×4000 would only make the test slower).
	big := imaging.Resize(hm, 2000, 0, imaging.CatmullRom)
	// Astronaut on a taller 3:4 canvas, face smaller in the frame.
	tall := imaging.New(512, 683, opaque(128, 128, 128))
	tall = imaging.Paste(tall, am, image.Pt(0, 0))
	// Hopper as a landscape with room on both sides.
	wide := imaging.New(1000, 600, opaque(80, 112, 160))
	wide = imaging.Paste(wide, hm, image.Pt(244, 0))
	const bigW = 2000.0
	return []portraitCase{
		{"astronaut.png", astro, image.Pt(512, 512), 103, 222, 8},
		{"grace_hopper.jpg", hopper, image.Pt(512, 600), 193, 264, 8},
		{"astronaut mirrored", jpg(imaging.FlipH(am)), image.Pt(512, 512), 103, 512 - 222, 8},
		{"astronaut 3:4 canvas", jpg(tall), tall.Rect.Size(), 103, 222, 8},
		{"hopper 2000 px", jpg(big), big.Rect.Size(), 193 * bigW / 512, 264 * bigW / 512, 8 * bigW / 512},
		{"hopper landscape", jpg(wide), wide.Rect.Size(), 193, 244 + 264, 8},
		// Stored sideways with EXIF orientation 6: must be found upright.
		{"hopper EXIF-rotated", withExif(jpg(imaging.Rotate90(hm)), 6, false), image.Pt(512, 600), 193, 264, 8},
		{"astronaut half size", jpg(imaging.Resize(am, 256, 0, imaging.Lanczos)), image.Pt(256, 256), 103 / 2.0, 222 / 2.0, 5},
	}
}

// TestPortraitFraming renders real portraits with the default template and
// checks that the face is found where it is, and framed the same way in
// each: eyes at 40 % of the square, face box 45 % of its side. It logs the
// numbers before (today's framing without a face) and after.
func TestPortraitFraming(t *testing.T) {
	for _, c := range portraitCases(t) {
		t.Run(c.name, func(t *testing.T) {
			out, fr, err := Renderer{}.RenderFramed(context.Background(), bytes.NewReader(c.src), Template{})
			if err != nil {
				t.Fatal(err)
			}
			if out.Rect.Dx() != DefaultSize || out.Rect.Dy() != DefaultSize {
				t.Fatalf("output %v", out.Rect)
			}
			if !fr.FaceFound {
				t.Fatalf("no face found (crop %v)", fr.Crop)
			}
			f := fr.Face
			cx := float64(f.Box.Min.X+f.Box.Max.X) / 2
			if math.Abs(float64(f.EyeY)-c.eyeY) > c.tol || math.Abs(cx-c.faceCX) > c.tol {
				t.Errorf("face %v eye line %d, centre x %.0f; want eyes ≈ %.0f, centre ≈ %.0f (±%.0f)", f.Box, f.EyeY, cx, c.eyeY, c.faceCX, c.tol)
			}
			if fr.Crop.Dx() != fr.Crop.Dy() {
				t.Errorf("crop %v is not square", fr.Crop)
			}
			eye, height := share(f, fr.Crop)
			checkShares(t, fr, c.size, eye, height)
			before := oldFraming(t, c.src)
			be, bh := share(f, before)
			t.Logf("face %v, eye line y=%d; before (%v): eyes %.2f, face %.2f of the frame; after (%v): eyes %.2f, face %.2f",
				f.Box, f.EyeY, before, be, bh, fr.Crop, eye, height)

			// Locate finds the same face on its own, smaller decode.
			lf, ok, err := Locate(context.Background(), bytes.NewReader(c.src))
			if err != nil || !ok {
				t.Fatalf("Locate: %v %v", ok, err)
			}
			if d := math.Abs(float64(lf.EyeY - f.EyeY)); d > c.tol {
				t.Errorf("Locate eye line %d, RenderFramed %d", lf.EyeY, f.EyeY)
			}
		})
	}
}

// checkShares checks the framing rule: eyes at eyeLine and the face
// faceShare of the square, except where the square had to stop at the
// image's edge (then the eyes sit nearer that edge) or shrink to its short
// side (then the face is larger than faceShare).
func checkShares(t *testing.T, fr Framed, size image.Point, eye, height float64) {
	t.Helper()
	const tol = 0.02 // rounding between shrunk and source pixels
	atTop, atBottom := fr.Crop.Min.Y == 0, fr.Crop.Max.Y >= size.Y-1
	shrunk := fr.Crop.Dx() >= min(size.X, size.Y)-1
	switch {
	case math.Abs(eye-eyeLine) <= tol:
	case atTop && eye < eyeLine, atBottom && eye > eyeLine:
		t.Logf("eyes at %.3f: the square stops at the image's edge", eye)
	default:
		t.Errorf("eyes at %.3f of the square %v, want %.2f", eye, fr.Crop, eyeLine)
	}
	switch {
	case math.Abs(height-faceShare) <= tol:
	case shrunk && height > faceShare:
		t.Logf("face %.3f: the square is the whole short side", height)
	default:
		t.Errorf("face %.3f of the square %v, want %.2f", height, fr.Crop, faceShare)
	}
}

// oldFraming is the square the default framing took before faces were
// looked for (and still takes without one), in upright source pixels.
func oldFraming(t *testing.T, src []byte) image.Rectangle {
	t.Helper()
	m := decodeAny(t, src)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	if jpegOrientation(src) >= 5 {
		w, h = h, w
	}
	return headAndShoulders(w, h)
}

// The output really shows the face where Framed says: the eye line of the
// rendered picture is 40 % down. Checked on pixels, not on the report: the
// darkest row band of the eye region (pupils, lashes, glasses) sits there.
func TestPortraitFramingPixels(t *testing.T) {
	src := portrait(t, "astronaut.png")
	out, fr, err := Renderer{}.RenderFramed(context.Background(), bytes.NewReader(src), Template{})
	if err != nil || !fr.FaceFound {
		t.Fatalf("%v %v", fr.FaceFound, err)
	}
	// Before: the whole 512² image; the face is in the upper fifth.
	// After: the same pixels around the eyes must be at 40 %.
	src512 := decodeAny(t, src)
	eyeRow := func(m *image.NRGBA, y0, y1, x0, x1 int) int {
		best, bestY := math.MaxFloat64, 0
		for y := y0; y < y1; y++ {
			var s float64
			for x := x0; x < x1; x++ {
				p := m.NRGBAAt(x, y)
				s += float64(p.R) + float64(p.G) + float64(p.B)
			}
			if s < best {
				best, bestY = s, y
			}
		}
		return bestY
	}
	// The eyes of the original: darkest row between brows and nose.
	srcEye := eyeRow(src512, 90, 115, 190, 255)
	scale := float64(DefaultSize) / float64(fr.Crop.Dx())
	wantOut := int(float64(srcEye-fr.Crop.Min.Y) * scale)
	cx := int(float64((fr.Face.Box.Min.X+fr.Face.Box.Max.X)/2-fr.Crop.Min.X) * scale)
	gotOut := eyeRow(out, wantOut-40, wantOut+40, cx-80, cx+80)
	if d := gotOut - wantOut; d < -6 || d > 6 {
		t.Errorf("eye row in the output at %d, want %d (source eye row %d)", gotOut, wantOut, srcEye)
	}
	if frac := float64(gotOut) / DefaultSize; math.Abs(frac-eyeLine) > 0.04 {
		t.Errorf("eyes at %.3f of the picture, want ≈ %.2f", frac, eyeLine)
	}
}

func TestNoFaceFallsBack(t *testing.T) {
	flat := fill(300, 400, opaque(120, 130, 140))
	noisy := fill(300, 400, opaque(0, 0, 0))
	for i := range noisy.Pix {
		if i%4 != 3 {
			noisy.Pix[i] = uint8(i * 2654435761 >> 24)
		}
	}
	for name, m := range map[string]*image.NRGBA{"flat": flat, "noise": noisy} {
		for _, f := range []Framing{HeadAndShoulders, Smart, Centre} {
			_, fr, err := Renderer{}.RenderFramed(context.Background(), bytes.NewReader(encPNG(t, m)), Template{Size: 128, Framing: f})
			if err != nil {
				t.Fatal(err)
			}
			if want := frame(m, f); fr.FaceFound || fr.Crop != want {
				t.Errorf("%s %v: found=%v crop %v, want the fallback %v", name, f, fr.FaceFound, fr.Crop, want)
			}
		}
	}
}

func TestCentreNeverLooksForFaces(t *testing.T) {
	src := portrait(t, "grace_hopper.jpg")
	_, fr, err := Renderer{}.RenderFramed(context.Background(), bytes.NewReader(src), Template{Framing: Centre})
	if err != nil {
		t.Fatal(err)
	}
	if fr.FaceFound || fr.Crop != image.Rect(0, 44, 512, 556) {
		t.Errorf("Centre: found=%v crop %v, want the plain centre square", fr.FaceFound, fr.Crop)
	}
}

// Face-based framing zooms in; on a big source the square must still be
// resampled down from real pixels, not up from the shrunk image.
func TestFaceZoomKeepsResolution(t *testing.T) {
	am := decodeAny(t, portrait(t, "astronaut.png"))
	big := encJPEG(t, imaging.Resize(am, 2048, 0, imaging.CatmullRom))
	_, fr, err := Renderer{}.RenderFramed(context.Background(), bytes.NewReader(big), Template{})
	if err != nil || !fr.FaceFound {
		t.Fatalf("%v %v", fr.FaceFound, err)
	}
	// The square is ~930 source px; shrinking by 3 (for the 2048 px short
	// side) would leave ~310 px to upscale to 600, so Render must shrink
	// by 1 instead.
	k := shrinkFactor(2048, DefaultSize)
	if k2 := shrinkFactor(fr.Crop.Dx(), DefaultSize); k2 >= k {
		t.Fatalf("crop %v needs no re-shrink: the test no longer covers it", fr.Crop)
	}
	out := render(t, big, Template{})
	// A picture resampled down from real pixels keeps the fine detail
	// (hair, the suit's fabric); one upscaled from the shrunk image has a
	// clearly lower mean gradient.
	shrunk := shrink(decodeAny(t, big), k)
	up := resample(shrunk, scaleSquare(fr.Crop, 1/float64(k), shrunk.Rect), DefaultSize)
	if g, gu := gradient(out), gradient(up); g <= 1.05*gu {
		t.Errorf("rendered picture gradient %.2f, upscaled %.2f: the zoom was not taken from more pixels", g, gu)
	} else {
		t.Logf("mean gradient %.2f, vs %.2f upscaled from the shrunk image", g, gu)
	}
}

func gradient(m *image.NRGBA) float64 {
	var s float64
	for y := 0; y < m.Rect.Dy(); y++ {
		for x := 1; x < m.Rect.Dx(); x++ {
			a, b := m.NRGBAAt(x, y), m.NRGBAAt(x-1, y)
			s += math.Abs(float64(a.G) - float64(b.G))
		}
	}
	return s / float64(m.Rect.Dx()*m.Rect.Dy())
}

// HeadAndShoulders decodes a portrait only down to the bottom of its
// fallback square (decodeRegion), and the face search looks there. A face
// found there whose square reaches lower is still framed: Render decodes
// the whole photo again, and frames it as a search of the whole photo does
// (Locate decodes everything). A face that reaches below those rows, into
// the last tenth of a portrait, is not seen: the fallback square is used.
func TestFaceNearTheBottom(t *testing.T) {
	am := imaging.Resize(decodeAny(t, portrait(t, "astronaut.png")), 1000, 0, imaging.Lanczos)
	rows := decodeRegion(1000, 1250, 1, HeadAndShoulders).Max.Y
	// The astronaut's face is big enough for the detector (15 % of the
	// long side) and sits this far below the top of the pasted photo.
	for _, c := range []struct {
		name  string
		top   int
		found bool
	}{
		{"face above the row, square below it", 778, true},
		{"face reaching below the row", 900, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			canvas := imaging.Paste(imaging.New(1000, 1250, opaque(90, 90, 100)), am, image.Pt(0, c.top))
			src := encJPEG(t, canvas)
			want, ok, err := Locate(context.Background(), bytes.NewReader(src))
			if err != nil || !ok {
				t.Fatalf("the whole-photo search finds no face (%v): the test no longer covers the case", err)
			}
			_, fr, err := Renderer{}.RenderFramed(context.Background(), bytes.NewReader(src), Template{})
			if err != nil {
				t.Fatal(err)
			}
			if !c.found {
				if want.Box.Max.Y <= rows {
					t.Fatalf("face %v ends above row %d: the test no longer covers the case", want.Box, rows)
				}
				if fr.FaceFound || fr.Crop != headAndShoulders(1000, 1250) {
					t.Errorf("found=%v crop %v, want the fallback %v", fr.FaceFound, fr.Crop, headAndShoulders(1000, 1250))
				}
				return
			}
			if !fr.FaceFound || math.Abs(float64(fr.Face.EyeY-want.EyeY)) > 8 {
				t.Fatalf("found=%v face %v; want the face at %v", fr.FaceFound, fr.Face, want.Box)
			}
			if fr.Crop.Max.Y <= rows {
				t.Errorf("crop %v does not reach below row %d: the test no longer covers the second decode", fr.Crop, rows)
			}
		})
	}
}

// addBlockRow's two-pixels-per-word sums equal plain byte sums, for odd
// and even block widths and for rows long enough to need the lanes emptied.
func TestAddBlockRowMatchesByteSums(t *testing.T) {
	px := make([]uint8, 4*2000)
	for i := range px {
		px[i] = uint8(i*7919>>3) | 0x80 // high bytes make overflow show
	}
	for _, n := range []int{1, 2, 3, 9, 12, 255, 256, 257, 511, 512, 513, 2000} {
		got := make([]uint32, 3)
		addBlockRow(got, px[:4*n])
		var want [3]uint32
		for i := 0; i < 4*n; i += 4 {
			want[0] += uint32(px[i])
			want[1] += uint32(px[i+1])
			want[2] += uint32(px[i+2])
		}
		if [3]uint32(got) != want {
			t.Errorf("%d pixels: %v, want %v", n, got, want)
		}
	}
}
