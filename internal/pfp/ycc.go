package pfp

import "image"

// The last resize of a picture that leaves as a JPEG, done on 4:2:0 planes.
//
// A JPEG stores colour as one full-resolution luma plane and two chroma
// planes at half resolution each way (4:2:0, what EncodeJPEG writes). When
// nothing is drawn over the photo after the resize (a square, opaque,
// without outline), resizing the three RGB channels at full resolution and
// letting the encoder convert and halve the chroma afterwards does twice
// the work that matters: the chroma detail it computes is thrown away.
// resizeToYCC converts the crop to luma and 2×2-averaged chroma first, and
// resizes the luma plane plus two quarter-size chroma planes: 1.5 channels
// of full-size work instead of 3, and the encoder takes the planes as they
// are (no colour conversion, no chroma downsampling).

// resizeToYCC resizes the square crop of the opaque img to a size×size
// 4:2:0 picture; grayscale sets its chroma to neutral (the luma is what
// grayscale computes).
func resizeToYCC(img *image.NRGBA, crop image.Rectangle, size int, grayscale bool) *image.YCbCr {
	out := resizeYCC(toYCC420(img, crop), size, size)
	if grayscale {
		for i := range out.Cb {
			out.Cb[i], out.Cr[i] = 128, 128
		}
	}
	return out
}

// toYCC420 converts the region r of the opaque img to a 4:2:0 YCbCr image
// with its corner at (0,0), with the JFIF formulas of color.RGBToYCbCr.
// Each chroma sample is the chroma of the mean colour of its 2×2 block; an
// odd last row or column repeats its edge pixel.
func toYCC420(img *image.NRGBA, r image.Rectangle) *image.YCbCr {
	w, h := r.Dx(), r.Dy()
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cw := (w + 1) / 2
	parallelRows((h+1)/2, func(rows span) {
		for cy := rows.lo; cy < rows.hi; cy++ {
			y0 := 2 * cy
			y1 := min(y0+1, h-1)
			top := img.Pix[(r.Min.Y+y0-img.Rect.Min.Y)*img.Stride+(r.Min.X-img.Rect.Min.X)*4:][:4*w]
			bot := img.Pix[(r.Min.Y+y1-img.Rect.Min.Y)*img.Stride+(r.Min.X-img.Rect.Min.X)*4:][:4*w]
			ytop := out.Y[y0*out.YStride:][:w]
			ybot := out.Y[y1*out.YStride:][:w] // the same row as ytop when h is odd: written twice, alike
			cbRow := out.Cb[cy*out.CStride:][:cw]
			crRow := out.Cr[cy*out.CStride:][:cw]
			for cx := range cw {
				x0 := 2 * cx
				x1 := min(x0+1, w-1)
				a := top[4*x0 : 4*x0+3 : 4*x0+3]
				b := top[4*x1 : 4*x1+3 : 4*x1+3]
				c := bot[4*x0 : 4*x0+3 : 4*x0+3]
				d := bot[4*x1 : 4*x1+3 : 4*x1+3]
				ytop[x0] = luma(a[0], a[1], a[2])
				ytop[x1] = luma(b[0], b[1], b[2])
				ybot[x0] = luma(c[0], c[1], c[2])
				ybot[x1] = luma(d[0], d[1], d[2])
				// Sums of four, so the chroma formulas get two more bits.
				rs := int32(a[0]) + int32(b[0]) + int32(c[0]) + int32(d[0])
				gs := int32(a[1]) + int32(b[1]) + int32(c[1]) + int32(d[1])
				bs := int32(a[2]) + int32(b[2]) + int32(c[2]) + int32(d[2])
				cbRow[cx] = chroma((-11056*rs - 21712*gs + 32768*bs) >> 2)
				crRow[cx] = chroma((32768*rs - 27440*gs - 5328*bs) >> 2)
			}
		}
	})
	return out
}

// luma is color.RGBToYCbCr's Y.
func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// chroma finishes color.RGBToYCbCr's Cb or Cr from its weighted sum v
// (16 fractional bits): add the 128 offset, round, clamp to a byte.
func chroma(v int32) uint8 {
	v += 257 << 15
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	if v < 0 {
		return 0
	}
	return 255
}

// resizeYCC resizes a 4:2:0 picture to w×h (even sides keep every chroma
// sample whole) with the fixed-point Catmull-Rom of resizeOpaque, one plane
// at a time.
func resizeYCC(src *image.YCbCr, w, h int) *image.YCbCr {
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	resizePlane(out.Y, out.YStride, w, h, src.Y, src.YStride, sw, sh)
	cw, ch := (w+1)/2, (h+1)/2
	scw, sch := (sw+1)/2, (sh+1)/2
	resizePlane(out.Cb, out.CStride, cw, ch, src.Cb, src.CStride, scw, sch)
	resizePlane(out.Cr, out.CStride, cw, ch, src.Cr, src.CStride, scw, sch)
	return out
}

// resizePlane resizes one 8-bit plane of sw×sh samples to w×h: a
// horizontal pass into sh rows of w samples, then a vertical one, each over
// row bands in parallel. A reduction by less than 2× has 4–6 taps per
// sample; those counts get loops written out, which the compiler keeps in
// registers without bounds checks (about twice as fast as the loop over
// the weights).
func resizePlane(dst []uint8, dstStride, w, h int, src []uint8, srcStride, sw, sh int) {
	xt, yt := flatTaps(taps(sw, w), sw), taps(sh, h)
	mid := make([]uint8, sh*w)
	parallelRows(sh, func(rows span) {
		for y := rows.lo; y < rows.hi; y++ {
			resizeRow(mid[y*w:(y+1)*w], src[y*srcStride:y*srcStride+sw], xt)
		}
	})
	parallelRows(h, func(rows span) {
		var in [6][]uint8
		for y := rows.lo; y < rows.hi; y++ {
			t := yt[y]
			drow := dst[y*dstStride : y*dstStride+w]
			if len(t.weights) > len(in) {
				resizeColumnsSlow(drow, mid, w, t)
				continue
			}
			for k := range t.weights {
				in[k] = mid[(t.start+k)*w : (t.start+k+1)*w]
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

// resizeRow computes each output sample of one row from its taps.
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

// resizeColumnsSlow is combineRows for more than 6 taps (an enlargement
// has 4, a reduction by 2× or more does not come here).
func resizeColumnsSlow(d, mid []uint8, w int, t tap) {
	for i := range d {
		var sum int32
		for k, wt := range t.weights {
			sum += int32(mid[(t.start+k)*w+i]) * wt
		}
		d[i] = clampByte(sum)
	}
}
