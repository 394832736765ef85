package pfp

import (
	"image"
	"image/color"
	"runtime"
	"sync"

	"github.com/disintegration/imaging"
)

// Resizing is two steps, as libvips and Pillow do it ("reduce, then
// resample"). First an integer box shrink straight from the decoder's planes
// (Y, Cb, Cr for JPEG) to a small NRGBA image whose short side is still ≥ the
// output size; this replaces the 12 MP YCbCr→RGBA conversion and a 5× Lanczos
// pass (≈180 ms) with one sequential read of the planes. Then a Lanczos
// resample of the crop for the last < 2× step, where quality matters and the
// image is small enough that it costs ~20 ms.

// shrinkFactor is the largest integer k such that shrinking a source with
// short side `short` by k keeps it ≥ size, i.e. the Lanczos step that
// follows only ever reduces by less than 2×.
func shrinkFactor(short, size int) int {
	return max(1, short/size)
}

// span is the half-open range of source samples averaged into one output
// sample along one axis.
type span struct{ lo, hi int }

// spans maps n source samples (luma resolution) reduced by k onto a plane
// subsampled by sub (1 for luma, 2 for 4:2:0 chroma). Output sample o covers
// luma [o·k, min(n,(o+1)·k)); its plane range is every plane sample that
// overlaps it. With odd k the chroma ranges of neighbours share one sample,
// a half-chroma-pixel blur nobody can see. origin is the luma coordinate of
// sample 0 in the full image (a sub-image starts there): plane sample 0 is
// the one holding it, origin/sub.
func spans(n, k, sub, origin int) []span {
	out := make([]span, (n+k-1)/k)
	base := origin / sub
	for o := range out {
		lo, hi := origin+o*k, origin+min(n, (o+1)*k)
		out[o] = span{lo/sub - base, (hi-1)/sub + 1 - base}
	}
	return out
}

// reducePlane box-averages one 8-bit plane: dst row oy (for oy in rows)
// receives the mean of the source block xs×ys[oy]. acc must hold at least
// xs[len-1].hi entries. Column sums are accumulated a source row at a time,
// so the source is read once, sequentially, with no per-pixel calls.
func reducePlane(dst []uint8, dstStride int, src []uint8, srcStride int, xs, ys []span, rows span, acc []uint32) {
	acc = acc[:xs[len(xs)-1].hi]
	for oy := rows.lo; oy < rows.hi; oy++ {
		clear(acc)
		y := ys[oy]
		for sy := y.lo; sy < y.hi; sy++ {
			row := src[sy*srcStride : sy*srcStride+len(acc)]
			for x, v := range row {
				acc[x] += uint32(v)
			}
		}
		d := dst[oy*dstStride : oy*dstStride+len(xs)]
		rh := uint32(y.hi - y.lo)
		for ox, x := range xs {
			var sum uint32
			for _, v := range acc[x.lo:x.hi] {
				sum += v
			}
			n := rh * uint32(x.hi-x.lo)
			d[ox] = uint8((sum + n/2) / n)
		}
	}
}

// parallelRows splits [0,n) into one contiguous band per CPU. Bands, not
// interleaved rows, so each worker streams through its own part of memory.
func parallelRows(n int, fn func(rows span)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/32))
	if workers <= 1 {
		fn(span{0, n})
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		rows := span{n * w / workers, n * (w + 1) / workers}
		wg.Go(func() { fn(rows) })
	}
	wg.Wait()
}

// shrink reduces img by the integer factor k (≥ 1) into a new NRGBA image,
// ceil(W/k)×ceil(H/k) with its corner at (0,0). JPEG's YCbCr, Gray and CMYK
// are read from their planes, also as sub-images (the decoded region);
// anything else (PNG) is converted once and averaged with alpha weighting
// so transparent pixels do not bleed their hidden colour.
func shrink(img image.Image, k int) *image.NRGBA {
	switch m := img.(type) {
	case *image.YCbCr:
		if sx, sy, ok := chromaSubsampling(m.SubsampleRatio); ok {
			return shrinkYCbCr(m, k, sx, sy)
		}
	case *image.Gray:
		return shrinkGray(m, k)
	case *image.CMYK:
		return shrinkInterleaved(m.Pix, m.Stride, m.Rect.Dx(), m.Rect.Dy(), k, false, cmykToNRGBA)
	case *image.NRGBA:
		if k == 1 && m.Rect.Min == (image.Point{}) {
			return m // already the right size (e.g. libjpeg-turbo scaled it while decoding)
		}
		return shrinkInterleaved(m.Pix, m.Stride, m.Rect.Dx(), m.Rect.Dy(), k, true, nil)
	}
	n := imaging.Clone(img)
	return shrinkInterleaved(n.Pix, n.Stride, n.Rect.Dx(), n.Rect.Dy(), k, true, nil)
}

func chromaSubsampling(r image.YCbCrSubsampleRatio) (sx, sy int, ok bool) {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return 1, 1, true
	case image.YCbCrSubsampleRatio422:
		return 2, 1, true
	case image.YCbCrSubsampleRatio420:
		return 2, 2, true
	case image.YCbCrSubsampleRatio440:
		return 1, 2, true
	case image.YCbCrSubsampleRatio411:
		return 4, 1, true
	case image.YCbCrSubsampleRatio410:
		return 4, 2, true
	}
	return 0, 0, false
}

func shrinkYCbCr(m *image.YCbCr, k, sx, sy int) *image.NRGBA {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	xs, ys := spans(w, k, 1, 0), spans(h, k, 1, 0)
	cxs, cys := spans(w, k, sx, m.Rect.Min.X), spans(h, k, sy, m.Rect.Min.Y)
	ow, oh := len(xs), len(ys)
	yp, cbp, crp := make([]uint8, ow*oh), make([]uint8, ow*oh), make([]uint8, ow*oh)
	dst := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	parallelRows(oh, func(rows span) {
		acc := make([]uint32, w)
		reducePlane(yp, ow, m.Y, m.YStride, xs, ys, rows, acc)
		reducePlane(cbp, ow, m.Cb, m.CStride, cxs, cys, rows, acc)
		reducePlane(crp, ow, m.Cr, m.CStride, cxs, cys, rows, acc)
		for i := rows.lo * ow; i < rows.hi*ow; i++ {
			r, g, b := color.YCbCrToRGB(yp[i], cbp[i], crp[i])
			p := dst.Pix[4*i : 4*i+4 : 4*i+4]
			p[0], p[1], p[2], p[3] = r, g, b, 0xff
		}
	})
	return dst
}

func shrinkGray(m *image.Gray, k int) *image.NRGBA {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	xs, ys := spans(w, k, 1, 0), spans(h, k, 1, 0)
	ow, oh := len(xs), len(ys)
	gp := make([]uint8, ow*oh)
	dst := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	parallelRows(oh, func(rows span) {
		reducePlane(gp, ow, m.Pix, m.Stride, xs, ys, rows, make([]uint32, w))
		for i := rows.lo * ow; i < rows.hi*ow; i++ {
			v := gp[i]
			p := dst.Pix[4*i : 4*i+4 : 4*i+4]
			p[0], p[1], p[2], p[3] = v, v, v, 0xff
		}
	})
	return dst
}

func cmykToNRGBA(p []uint8) {
	p[0], p[1], p[2] = color.CMYKToRGB(p[0], p[1], p[2], p[3])
	p[3] = 0xff
}

// shrinkInterleaved box-averages a 4-channel, 8-bit interleaved image. With
// alpha, colour is weighted by alpha (an average of premultiplied values,
// then un-premultiplied) so transparent pixels contribute nothing. convert,
// if set, maps each averaged 4-byte pixel to NRGBA in place.
func shrinkInterleaved(pix []uint8, stride, w, h, k int, alpha bool, convert func([]uint8)) *image.NRGBA {
	xs, ys := spans(w, k, 1, 0), spans(h, k, 1, 0)
	ow, oh := len(xs), len(ys)
	dst := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	parallelRows(oh, func(rows span) {
		// Per column: Σc0, Σc1, Σc2, Σc3 (alpha: Σr·a, Σg·a, Σb·a, Σa).
		// Bounded by MaxSide·255·255 < 2³², see Limits.withDefaults.
		acc := make([]uint32, 4*w)
		for oy := rows.lo; oy < rows.hi; oy++ {
			clear(acc)
			y := ys[oy]
			for sy := y.lo; sy < y.hi; sy++ {
				row := pix[sy*stride : sy*stride+4*w]
				if alpha {
					for x := 0; x < len(row); x += 4 {
						a := uint32(row[x+3])
						acc[x] += uint32(row[x]) * a
						acc[x+1] += uint32(row[x+1]) * a
						acc[x+2] += uint32(row[x+2]) * a
						acc[x+3] += a
					}
				} else {
					for x, v := range row {
						acc[x] += uint32(v)
					}
				}
			}
			d := dst.Pix[oy*dst.Stride:]
			for ox, x := range xs {
				var s0, s1, s2, s3 uint64
				for i := 4 * x.lo; i < 4*x.hi; i += 4 {
					s0 += uint64(acc[i])
					s1 += uint64(acc[i+1])
					s2 += uint64(acc[i+2])
					s3 += uint64(acc[i+3])
				}
				p := d[4*ox : 4*ox+4 : 4*ox+4]
				n := uint64((y.hi - y.lo) * (x.hi - x.lo))
				if alpha {
					if s3 == 0 {
						p[0], p[1], p[2], p[3] = 0, 0, 0, 0
						continue
					}
					p[0] = uint8((s0 + s3/2) / s3)
					p[1] = uint8((s1 + s3/2) / s3)
					p[2] = uint8((s2 + s3/2) / s3)
					p[3] = uint8((s3 + n/2) / n)
					continue
				}
				p[0] = uint8((s0 + n/2) / n)
				p[1] = uint8((s1 + n/2) / n)
				p[2] = uint8((s2 + n/2) / n)
				p[3] = uint8((s3 + n/2) / n)
				if convert != nil {
					convert(p)
				}
			}
		}
	})
	return dst
}

// resample crops r out of img and resizes it to size×size: Catmull-Rom for
// the last < 2× step, Lanczos-3 (the libvips default) for anything larger.
// When r already has the target size, it is only copied.
func resample(img *image.NRGBA, r image.Rectangle, size int) *image.NRGBA {
	return resampleKnown(img, r, size, false)
}

// resampleKnown is resample told whether img is known to be opaque (a
// decoded JPEG has no alpha), which spares reading every pixel to find out.
func resampleKnown(img *image.NRGBA, r image.Rectangle, size int, opaque bool) *image.NRGBA {
	sub := img.SubImage(r).(*image.NRGBA)
	if r.Dx() == size && r.Dy() == size {
		return imaging.Clone(sub)
	}
	// The box shrink (or the DCT-scaled decode) already did the heavy
	// reduction; what is left is less than 2×, where Catmull-Rom (2 lobes)
	// is indistinguishable from Lanczos-3 and needs a third fewer taps.
	if r.Dx() < 2*size {
		if opaque || isOpaque(sub) {
			return resizeOpaque(img, r, size, size)
		}
		return imaging.Resize(sub, size, size, imaging.CatmullRom)
	}
	return imaging.Resize(sub, size, size, imaging.Lanczos)
}
