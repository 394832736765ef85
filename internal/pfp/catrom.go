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

// resizeOpaque resizes the region r of the opaque img to w×h: a horizontal
// pass into sh rows of w RGBA pixels (alpha set to 255), then a vertical
// one straight into the output rows. The weights of a sample sum to exactly
// 1<<weightBits, so the vertical pass keeps alpha at 255.
func resizeOpaque(img *image.NRGBA, r image.Rectangle, w, h int) *image.NRGBA {
	sw, sh := r.Dx(), r.Dy()
	xt, yt := flatTaps(taps(sw, w), sw), taps(sh, h)
	mid := make([]uint8, sh*w*4)
	parallelRows(sh, func(rows span) {
		for y := rows.lo; y < rows.hi; y++ {
			srow := img.Pix[(r.Min.Y+y-img.Rect.Min.Y)*img.Stride+(r.Min.X-img.Rect.Min.X)*4:][:4*sw]
			resizeRowRGB(mid[y*w*4:(y+1)*w*4], srow, xt)
		}
	})
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	resizeColumns(out.Pix, out.Stride, mid, 4*w, yt, h)
	return out
}

// resizeRowRGB is resizeRow for opaque RGBA pixels: R, G and B from the
// taps, alpha 255.
func resizeRowRGB(d, s []uint8, rt rowTaps) {
	n := rt.n
	if n == 5 {
		for x := range len(d) / 4 {
			p, w := s[4*rt.start[x]:][:20], rt.w[5*x:][:5]
			o := d[4*x:][:4]
			o[0] = clampByte(int32(p[0])*w[0] + int32(p[4])*w[1] + int32(p[8])*w[2] + int32(p[12])*w[3] + int32(p[16])*w[4])
			o[1] = clampByte(int32(p[1])*w[0] + int32(p[5])*w[1] + int32(p[9])*w[2] + int32(p[13])*w[3] + int32(p[17])*w[4])
			o[2] = clampByte(int32(p[2])*w[0] + int32(p[6])*w[1] + int32(p[10])*w[2] + int32(p[14])*w[3] + int32(p[18])*w[4])
			o[3] = 0xff
		}
		return
	}
	for x := range len(d) / 4 {
		p, w := s[4*rt.start[x]:][:4*n], rt.w[n*x:][:n]
		var cr, cg, cb int32
		for k, wt := range w {
			q := p[4*k:][:3]
			cr += int32(q[0]) * wt
			cg += int32(q[1]) * wt
			cb += int32(q[2]) * wt
		}
		o := d[4*x:][:4]
		o[0], o[1], o[2], o[3] = clampByte(cr), clampByte(cg), clampByte(cb), 0xff
	}
}

// resizeColumns is the vertical pass: output row y (of h, each rowBytes
// wide at dst[y*dstStride:]) combines the rows of mid its taps name, over
// row bands in parallel.
func resizeColumns(dst []uint8, dstStride int, mid []uint8, rowBytes int, yt []tap, h int) {
	parallelRows(h, func(rows span) {
		var in [6][]uint8
		for y := rows.lo; y < rows.hi; y++ {
			t := yt[y]
			drow := dst[y*dstStride : y*dstStride+rowBytes]
			if len(t.weights) > len(in) {
				resizeColumnsSlow(drow, mid, rowBytes, t)
				continue
			}
			for k := range t.weights {
				in[k] = mid[(t.start+k)*rowBytes : (t.start+k+1)*rowBytes]
			}
			combineRows(drow, in[:len(t.weights)], t.weights)
		}
	})
}

// rowTaps are the taps of one axis with every weight list padded with
// zeros to the same length n (and its start moved left where the padding
// would run past the end), stored flat: sample x reads src[start[x]:][:n]
// with weights w[x*n:][:n]. One shape for every sample lets resizeRow run a
// fixed-length sum with two bounds checks per sample.
type rowTaps struct {
	n     int
	start []int
	w     []int32
}

func flatTaps(ts []tap, src int) rowTaps {
	n := 0
	for _, t := range ts {
		n = max(n, len(t.weights))
	}
	n = min(n, src)
	rt := rowTaps{n: n, start: make([]int, len(ts)), w: make([]int32, n*len(ts))}
	for x, t := range ts {
		start := min(t.start, src-n) // pad at the front when the list ends at the edge
		rt.start[x] = start
		copy(rt.w[x*n+t.start-start:], t.weights)
	}
	return rt
}

// resizeRow computes each output sample of one row of a plane from its
// taps. Catmull-Rom has 4 taps per sample when enlarging and about 4×scale
// when reducing by scale < 2; 4 to 6 (up to 1.5×, the usual last step after
// DCT scaling) get sums written out, which the compiler keeps in registers
// (about twice as fast as the loop over the weights).
func resizeRow(d, s []uint8, rt rowTaps) {
	switch rt.n {
	case 4:
		for x := range d {
			p, w := s[rt.start[x]:][:4], rt.w[4*x:][:4]
			d[x] = clampByte(int32(p[0])*w[0] + int32(p[1])*w[1] + int32(p[2])*w[2] + int32(p[3])*w[3])
		}
	case 5:
		for x := range d {
			p, w := s[rt.start[x]:][:5], rt.w[5*x:][:5]
			d[x] = clampByte(int32(p[0])*w[0] + int32(p[1])*w[1] + int32(p[2])*w[2] + int32(p[3])*w[3] + int32(p[4])*w[4])
		}
	case 6:
		for x := range d {
			p, w := s[rt.start[x]:][:6], rt.w[6*x:][:6]
			d[x] = clampByte(int32(p[0])*w[0] + int32(p[1])*w[1] + int32(p[2])*w[2] + int32(p[3])*w[3] + int32(p[4])*w[4] + int32(p[5])*w[5])
		}
	default:
		n := rt.n
		for x := range d {
			p, w := s[rt.start[x]:][:n], rt.w[n*x:][:n]
			var sum int32
			for k, wt := range w {
				sum += int32(p[k]) * wt
			}
			d[x] = clampByte(sum)
		}
	}
}

// combineRows writes d[i] = Σ in[k][i]·w[k] for 1 to 6 rows.
func combineRows(d []uint8, in [][]uint8, w []int32) {
	switch len(in) {
	case 4:
		r0, r1, r2, r3 := in[0][:len(d)], in[1][:len(d)], in[2][:len(d)], in[3][:len(d)]
		w0, w1, w2, w3 := w[0], w[1], w[2], w[3]
		for i := range d {
			d[i] = clampByte(int32(r0[i])*w0 + int32(r1[i])*w1 + int32(r2[i])*w2 + int32(r3[i])*w3)
		}
	case 5:
		r0, r1, r2, r3, r4 := in[0][:len(d)], in[1][:len(d)], in[2][:len(d)], in[3][:len(d)], in[4][:len(d)]
		w0, w1, w2, w3, w4 := w[0], w[1], w[2], w[3], w[4]
		for i := range d {
			d[i] = clampByte(int32(r0[i])*w0 + int32(r1[i])*w1 + int32(r2[i])*w2 + int32(r3[i])*w3 + int32(r4[i])*w4)
		}
	case 6:
		r0, r1, r2, r3, r4, r5 := in[0][:len(d)], in[1][:len(d)], in[2][:len(d)], in[3][:len(d)], in[4][:len(d)], in[5][:len(d)]
		w0, w1, w2, w3, w4, w5 := w[0], w[1], w[2], w[3], w[4], w[5]
		for i := range d {
			d[i] = clampByte(int32(r0[i])*w0 + int32(r1[i])*w1 + int32(r2[i])*w2 + int32(r3[i])*w3 + int32(r4[i])*w4 + int32(r5[i])*w5)
		}
	default:
		for i := range d {
			var sum int32
			for k, r := range in {
				sum += int32(r[i]) * w[k]
			}
			d[i] = clampByte(sum)
		}
	}
}

// resizeColumnsSlow is combineRows for more than 6 taps (a reduction by
// more than about 1.5×; one by 2× or more does not come here).
func resizeColumnsSlow(d, mid []uint8, w int, t tap) {
	for i := range d {
		var sum int32
		for k, wt := range t.weights {
			sum += int32(mid[(t.start+k)*w+i]) * wt
		}
		d[i] = clampByte(sum)
	}
}
