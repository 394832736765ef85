package sandbox

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"sync"
)

// Portrait JPEGs are drawn in code: a head-and-shoulders silhouette on a
// studio-style gradient with luma grain, so files decode like photos and
// compress to photo-like sizes (≈0.3 MB at 1024×1536 up to ≈3 MB at
// 3000×4000). Pixels are written straight into a 4:2:0 image.YCbCr, which
// image/jpeg encodes without a colour conversion pass, and the shape tests
// are separable (per-column and per-row terms precomputed), so drawing
// costs a few additions per pixel and the encoder dominates.

type imageSpec struct {
	photoID string
	seed    uint64
	width   int // of the photo (main/original); thumbnail derives from it
	height  int
	variant string
}

const thumbWidth = 400

func (sp imageSpec) key() string {
	return fmt.Sprintf("%s-%016x-%s", sp.photoID, sp.seed, sp.variant)
}

// dims and quality per variant: main and original share the photo's pixel
// size, original at a higher quality (bigger file); thumbnail is 400 px wide.
func (sp imageSpec) dims() (w, h, quality int) {
	switch sp.variant {
	case "thumbnail":
		tw := min(thumbWidth, sp.width)
		return tw, int(math.Round(float64(tw) * float64(sp.height) / float64(sp.width))), 80
	case "original":
		return sp.width, sp.height, 93
	default:
		return sp.width, sp.height, 88
	}
}

// renderJPEG draws and encodes one variant.
func renderJPEG(sp imageSpec) ([]byte, error) {
	w, h, q := sp.dims()
	img := drawPortrait(sp.seed, w, h)
	var buf bytes.Buffer
	buf.Grow(w * h / 3)
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("encode %dx%d jpeg: %w", w, h, err)
	}
	return buf.Bytes(), nil
}

// splitmix64 derives independent portrait parameters from one seed.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// f returns a float in [lo, hi).
func (s *splitmix) f(lo, hi float32) float32 {
	return lo + (hi-lo)*float32(s.next()>>40)/float32(1<<24)
}

type ycc struct{ y, cb, cr float32 }

func rgb(r, g, b float32) ycc {
	return ycc{
		y:  0.299*r + 0.587*g + 0.114*b,
		cb: 128 - 0.168736*r - 0.331264*g + 0.5*b,
		cr: 128 + 0.5*r - 0.418688*g - 0.081312*b,
	}
}

var (
	skinTones  = []ycc{rgb(241, 194, 167), rgb(224, 172, 138), rgb(198, 134, 103), rgb(160, 102, 72), rgb(112, 72, 52), rgb(232, 190, 160)}
	hairColors = []ycc{rgb(40, 28, 20), rgb(90, 60, 35), rgb(160, 120, 70), rgb(20, 20, 22), rgb(200, 170, 120), rgb(120, 120, 125)}
	suitColors = []ycc{rgb(35, 40, 55), rgb(60, 60, 65), rgb(30, 30, 32), rgb(70, 55, 45), rgb(45, 70, 95), rgb(110, 30, 40)}
	shirtTones = []ycc{rgb(240, 240, 238), rgb(200, 220, 240), rgb(235, 225, 210), rgb(30, 30, 35)}
	bgPairs    = [][2]ycc{
		{rgb(200, 205, 210), rgb(120, 125, 135)},
		{rgb(90, 110, 130), rgb(30, 40, 55)},
		{rgb(230, 225, 215), rgb(170, 160, 150)},
		{rgb(140, 160, 150), rgb(60, 80, 70)},
		{rgb(80, 80, 85), rgb(25, 25, 28)},
	}
)

const (
	rBG = iota
	rSuit
	rShirt
	rNeck
	rFace
	rHair
	rEye
	rMouth
)

func clamp8(v float32) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v)
}

func drawPortrait(seed uint64, w, h int) *image.YCbCr {
	rs := splitmix(seed)
	pick := func(n int) int { return int(rs.next() % uint64(n)) }
	bg := bgPairs[pick(len(bgPairs))]
	skin := skinTones[pick(len(skinTones))]
	hair := hairColors[pick(len(hairColors))]
	suit := suitColors[pick(len(suitColors))]
	shirt := shirtTones[pick(len(shirtTones))]
	cx := rs.f(0.44, 0.56)
	cy := rs.f(0.30, 0.36)
	rx := rs.f(0.15, 0.19)
	ry := rx * float32(w) / float32(h) * rs.f(1.25, 1.4) // head ellipse in image units
	light := rs.f(-1, 1)
	hairVol := rs.f(1.05, 1.18)
	noiseAmp := uint32(6 + pick(5)) // luma grain, peak-to-peak ≈ 2*amp

	sy := cy + ry*1.2 // shoulder line at the neck
	eyeY, eyeRx, eyeRy := cy-ry*0.08, rx*0.13, ry*0.05
	mouthY, mouthRx, mouthRy := cy+ry*0.48, rx*0.30, ry*0.045

	// Per-column terms.
	colDX := make([]float32, w)
	colHead := make([]float32, w)
	colHair := make([]float32, w)
	colShoulder := make([]float32, w)
	colEye := make([]float32, w)
	colMouth := make([]float32, w)
	for x := 0; x < w; x++ {
		nx := (float32(x) + 0.5) / float32(w)
		dx := nx - cx
		colDX[x] = dx
		colHead[x] = (dx / rx) * (dx / rx)
		hx := dx / (rx * hairVol)
		colHair[x] = hx * hx
		colShoulder[x] = sy + 0.5*dx*dx + 0.02*float32(math.Abs(float64(dx)))
		e1 := (nx - (cx - rx*0.38)) / eyeRx
		e2 := (nx - (cx + rx*0.38)) / eyeRx
		colEye[x] = min(e1*e1, e2*e2)
		colMouth[x] = (dx / mouthRx) * (dx / mouthRx)
	}

	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rnd := uint32(seed) | 1
	for y := 0; y < h; y++ {
		ny := (float32(y) + 0.5) / float32(h)
		dyH := (ny - cy) / ry
		rowHead := dyH * dyH
		dyHair := (ny - (cy - ry*0.10)) / (ry * hairVol)
		rowHair := dyHair * dyHair
		ey := (ny - eyeY) / eyeRy
		rowEye := ey * ey
		my := (ny - mouthY) / mouthRy
		rowMouth := my * my
		bgc := ycc{bg[0].y + (bg[1].y-bg[0].y)*ny, bg[0].cb + (bg[1].cb-bg[0].cb)*ny, bg[0].cr + (bg[1].cr-bg[0].cr)*ny}
		vy := (ny - 0.45) * (ny - 0.45)
		yrow := img.Y[y*img.YStride : y*img.YStride+w]
		chromaRow := y&1 == 0
		var cbRow, crRow []uint8
		if chromaRow {
			off := (y / 2) * img.CStride
			cbRow, crRow = img.Cb[off:off+(w+1)/2], img.Cr[off:off+(w+1)/2]
		}
		for x := 0; x < w; x++ {
			dx := colDX[x]
			eh := colHead[x] + rowHead
			region := rBG
			var lum float32
			switch {
			case eh < 1:
				hairline := cy - ry*0.55 + ry*0.35*colHead[x]
				if ny < hairline {
					region, lum = rHair, hair.y-12*eh
				} else if colEye[x]+rowEye < 1 {
					region, lum = rEye, 35
				} else if colMouth[x]+rowMouth < 1 {
					region, lum = rMouth, skin.y-45
				} else {
					region, lum = rFace, skin.y+18*light*dx/rx-28*eh
				}
			case colHair[x]+rowHair < 1 && ny < cy+ry*0.3:
				region, lum = rHair, hair.y-10*(colHair[x]+rowHair)
			case ny > colShoulder[x]:
				if dx < 0 {
					dx = -dx
				}
				if dx < (ny-sy)*0.45 && ny < sy+0.2 {
					region, lum = rShirt, shirt.y-20*(ny-sy)
				} else {
					region, lum = rSuit, suit.y+14*light*colDX[x]-18*(ny-sy)
				}
			case ny > cy+ry*0.6 && dx > -rx*0.42 && dx < rx*0.42:
				region, lum = rNeck, skin.y-22+10*light*dx/rx
			default:
				lum = bgc.y - 90*(vy+dx*dx)
			}
			rnd ^= rnd << 13
			rnd ^= rnd >> 17
			rnd ^= rnd << 5
			yrow[x] = clamp8(lum + float32(rnd%(2*noiseAmp+1)) - float32(noiseAmp))
			if chromaRow && x&1 == 0 {
				var c ycc
				switch region {
				case rBG:
					c = bgc
				case rSuit:
					c = suit
				case rShirt:
					c = shirt
				case rHair:
					c = hair
				case rMouth:
					c = ycc{0, 118, 160}
				case rEye:
					c = ycc{0, 128, 128}
				default:
					c = skin
				}
				cbRow[x/2], crRow[x/2] = clamp8(c.cb), clamp8(c.cr)
			}
		}
	}
	return img
}

// hugeJPEG is a 16×16 JPEG whose SOF header claims 40000×40000 pixels: a
// decompression-bomb probe. image.DecodeConfig reports the huge size, so a
// client that checks dimensions before decoding can refuse it.
var hugeJPEG = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 16)), &jpeg.Options{Quality: 50})
	b := buf.Bytes()
	for i := 2; i+8 < len(b); i++ {
		if b[i] == 0xFF && b[i+1] == 0xC0 { // SOF0: FF C0, len(2), precision(1), height(2), width(2)
			b[i+5], b[i+6] = 40000>>8, 40000&0xFF
			b[i+7], b[i+8] = 40000>>8, 40000&0xFF
			break
		}
	}
	return b
})

// corrupt returns a copy of a JPEG whose headers survive (DecodeConfig
// works) but whose entropy-coded data after the first quarter is noise and
// whose EOI marker is gone, so a full decode fails. Same length, so the
// transfer itself looks healthy.
func corrupt(data []byte, seed uint64) []byte {
	out := append([]byte(nil), data...)
	rs := splitmix(seed ^ 0xbad)
	for i := len(out) / 4; i < len(out); i++ {
		out[i] = byte(rs.next())
	}
	// A stray marker segment with an impossible length guarantees the
	// decoder stops with an error instead of drawing garbage.
	if n := len(out); n > 8 {
		copy(out[n/4:], []byte{0xFF, 0xC4, 0x00, 0x01})
		out[n-2], out[n-1] = 0x00, 0x00
	}
	return out
}
