package pfp

import (
	"image"
	"image/color"
	"math"
)

// grayscale turns the photo gray in place using Rec. 601 luma, the weights
// JPEG's own Y channel uses, so a gray PFP matches what the headshot's
// luminance looks like. Alpha is kept.
func grayscale(img *image.NRGBA) {
	for i := 0; i+3 < len(img.Pix); i += 4 {
		p := img.Pix[i : i+3 : i+3]
		y := uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
		p[0], p[1], p[2] = y, y, y
	}
}

// roundedBoxCoverage is the fraction (0–1) of the pixel centred at (px,py)
// that lies inside a box [inset, size-inset]² with corner radius r. It uses
// the box's signed distance, which is exact at straight edges and a very
// close approximation of area coverage on curves, so edges are smoothly
// anti-aliased at one sqrt per pixel — no supersampling needed.
func roundedBoxCoverage(px, py, size, inset, r float64) float64 {
	half := size/2 - inset
	if half <= 0 {
		return 0
	}
	r = max(0, min(r, half))
	qx := math.Abs(px-size/2) - (half - r)
	qy := math.Abs(py-size/2) - (half - r)
	outside := math.Hypot(max(qx, 0), max(qy, 0))
	d := outside + min(max(qx, qy), 0) - r
	return max(0, min(1, 0.5-d))
}

// compose draws, bottom to top: the background over the whole square, the
// photo clipped to the shape, and the outline ring just inside the shape's
// edge. Blending is "over" in premultiplied float for the few pixels that
// need it; the bulk (opaque photo, fully inside the shape, off the outline)
// is left untouched.
func compose(photo *image.NRGBA, t Template) {
	// The default template (square, no outline) over an opaque photo has
	// nothing to draw: skip the per-pixel pass.
	if t.drawsNothingOver() && isOpaque(photo) {
		return
	}
	size := float64(photo.Rect.Dx())
	r := t.Shape.cornerRadius(photo.Rect.Dx())
	ow := float64(t.OutlineWidth)
	rIn := max(0, r-ow)
	bg := premul(t.Background)
	ol := premul(t.Outline)
	for y := range photo.Rect.Dy() {
		row := photo.Pix[y*photo.Stride:]
		py := float64(y) + 0.5
		for x := range photo.Rect.Dx() {
			px := float64(x) + 0.5
			p := row[4*x : 4*x+4 : 4*x+4]
			shape := roundedBoxCoverage(px, py, size, 0, r)
			ring := 0.0
			if ow > 0 && shape > 0 {
				ring = shape - roundedBoxCoverage(px, py, size, ow, rIn)
			}
			if shape == 1 && ring == 0 && p[3] == 0xff {
				continue
			}
			// Start from the background, put the clipped photo over it,
			// then the outline over both.
			c := bg
			a := float64(p[3]) / 255 * shape
			c = over(c, [4]float64{float64(p[0]) / 255 * a, float64(p[1]) / 255 * a, float64(p[2]) / 255 * a, a})
			if ring > 0 {
				c = over(c, [4]float64{ol[0] * ring, ol[1] * ring, ol[2] * ring, ol[3] * ring})
			}
			if c[3] <= 0 {
				p[0], p[1], p[2], p[3] = 0, 0, 0, 0
				continue
			}
			p[0], p[1], p[2] = unit(c[0]/c[3]), unit(c[1]/c[3]), unit(c[2]/c[3])
			p[3] = unit(c[3])
		}
	}
}

func premul(c color.NRGBA) [4]float64 {
	a := float64(c.A) / 255
	return [4]float64{float64(c.R) / 255 * a, float64(c.G) / 255 * a, float64(c.B) / 255 * a, a}
}

// over composites premultiplied src over premultiplied dst.
func over(dst, src [4]float64) [4]float64 {
	k := 1 - src[3]
	return [4]float64{src[0] + dst[0]*k, src[1] + dst[1]*k, src[2] + dst[2]*k, src[3] + dst[3]*k}
}

func unit(v float64) uint8 {
	return uint8(max(0, min(255, math.Round(v*255))))
}
