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
// row bands in parallel (the kernels are in catrom.go).
func resizePlane(dst []uint8, dstStride, w, h int, src []uint8, srcStride, sw, sh int) {
	xt, yt := flatTaps(taps(sw, w), sw), taps(sh, h)
	mid := make([]uint8, sh*w)
	parallelRows(sh, func(rows span) {
		for y := rows.lo; y < rows.hi; y++ {
			resizeRow(mid[y*w:(y+1)*w], src[y*srcStride:y*srcStride+sw], xt)
		}
	})
	resizeColumns(dst, dstStride, mid, w, yt, h)
}
