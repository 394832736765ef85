package pfp

import (
	"image"
	"math"
)

// The last < 2× resize of an opaque photo, in fixed point.
//
// imaging.Resize works in float32 on four premultiplied channels. For the
// common case of a cold Download Favorites export — an opaque JPEG that
// libjpeg-turbo already scaled to within 2× of the output — this does the
// same Catmull-Rom filter with 14-bit integer weights computed once per
// axis, leaves alpha at 255 and runs both passes over row bands in
// parallel. Output matches imaging within rounding
// (TestOpaqueResizeMatchesImaging).

const weightBits = 14

// tap is one output sample's first source sample and its weights.
type tap struct {
	start   int
	weights []int32
}

// catmullRom is the Catmull-Rom cubic (B=0, C=0.5), support 2.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// taps computes, for each of dst output samples, its source samples and
// integer weights (summing to 1<<weightBits), widening the filter by the
// scale when reducing so the result does not alias.
func taps(src, dst int) []tap {
	scale := float64(src) / float64(dst)
	widen := max(scale, 1)
	support := 2 * widen
	out := make([]tap, dst)
	ws := make([]float64, 0, int(2*support)+2)
	for o := range dst {
		center := (float64(o)+0.5)*scale - 0.5
		lo := int(math.Ceil(center - support))
		hi := int(math.Floor(center + support))
		ws = ws[:0]
		sum := 0.0
		for i := lo; i <= hi; i++ {
			w := catmullRom((float64(i) - center) / widen)
			ws = append(ws, w)
			sum += w
		}
		// Edges: fold the weights of samples outside the image onto the
		// border sample (clamp-to-edge, as imaging does).
		first, last := max(lo, 0), min(hi, src-1)
		iw := make([]int32, last-first+1)
		var isum int32
		for k, w := range ws {
			i := min(max(lo+k, first), last)
			v := int32(math.Round(w / sum * (1 << weightBits)))
			iw[i-first] += v
			isum += v
		}
		iw[len(iw)/2] += 1<<weightBits - isum // rounding remainder
		out[o] = tap{start: first, weights: iw}
	}
	return out
}

func clampByte(v int32) uint8 {
	v = (v + 1<<(weightBits-1)) >> weightBits
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return uint8(v)
}

// resizeOpaque resizes the region r of the opaque img to w×h.
func resizeOpaque(img *image.NRGBA, r image.Rectangle, w, h int) *image.NRGBA {
	sw, sh := r.Dx(), r.Dy()
	xt, yt := taps(sw, w), taps(sh, h)

	// Horizontal pass into sh rows of w RGB pixels (alpha is always 255,
	// so the intermediate rows carry three channels, not four).
	const mc = 3
	mid := make([]uint8, sh*w*mc)
	parallelRows(sh, func(rows span) {
		for y := rows.lo; y < rows.hi; y++ {
			srow := img.Pix[(r.Min.Y+y-img.Rect.Min.Y)*img.Stride+(r.Min.X-img.Rect.Min.X)*4:]
			drow := mid[y*w*mc : (y+1)*w*mc]
			for x, t := range xt {
				var cr, cg, cb int32
				p := srow[t.start*4 : (t.start+len(t.weights))*4]
				for k, wt := range t.weights {
					q := p[k*4 : k*4+3 : k*4+3]
					cr += int32(q[0]) * wt
					cg += int32(q[1]) * wt
					cb += int32(q[2]) * wt
				}
				d := drow[x*mc : x*mc+3 : x*mc+3]
				d[0], d[1], d[2] = clampByte(cr), clampByte(cg), clampByte(cb)
			}
		}
	})

	// Vertical pass: taps outer, samples inner, so each tap streams one
	// whole intermediate row into the accumulator row.
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	stride := w * mc
	parallelRows(h, func(rows span) {
		acc := make([]int32, stride)
		for y := rows.lo; y < rows.hi; y++ {
			t := yt[y]
			clear(acc)
			for k, wt := range t.weights {
				row := mid[(t.start+k)*stride : (t.start+k+1)*stride]
				for i, v := range row {
					acc[i] += int32(v) * wt
				}
			}
			drow := out.Pix[y*out.Stride : y*out.Stride+w*4]
			for x := range w {
				a := acc[x*mc : x*mc+3 : x*mc+3]
				d := drow[x*4 : x*4+4 : x*4+4]
				d[0], d[1], d[2], d[3] = clampByte(a[0]), clampByte(a[1]), clampByte(a[2]), 0xff
			}
		}
	})
	return out
}
