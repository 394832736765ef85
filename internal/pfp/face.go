package pfp

import (
	"context"
	"encoding/binary"
	"image"
	"io"
	"math"
	"sort"
)

// Face is a face found in a photo, in pixels of the upright source image
// (after the EXIF orientation is applied).
type Face struct {
	// Box is the detector's square around the face: about eyebrows to chin
	// and cheek to cheek.
	Box image.Rectangle
	// EyeY is the height of the eye line. The detector does not look for
	// eyes; it is estimated from Box (eyeInBox), which is how the frontal
	// face boxes of this model sit on faces.
	EyeY int
}

// Detection parameters, chosen on the test portraits (each at nine scales
// from 0.5× to 5.9×, see TestLocatePortraits) for recall first, then cost.
const (
	// faceScanSide is the long side of the first pyramid level. With the
	// cascade's 24 px window the smallest face found is 15 % of the long
	// side (a fifth of a 3:4 portrait's width), smaller than the face of any
	// headshot; a face at 10 % (a half-body shot) is not found and gets the
	// fallback framing.
	faceScanSide = 160
	// scaleStep is the ratio between pyramid levels. OpenCV's default is
	// 1.1 with a two-pixel step on the large levels; at this small scan size
	// that left a face with two or three raw hits, and faces near the
	// smallest size came and went with the image's scale. 1.2 with a
	// one-pixel step costs the same and finds every test face at every
	// scale.
	scaleStep = 1.2
	// minNeighbors: a face needs more than this many raw hits. A face
	// fires at 3–25 neighbouring positions and scales here, texture at one.
	minNeighbors = 2
	// groupEps is how far (as a share of the size) two hits may differ and
	// still count as the same face (OpenCV's groupRectangles).
	groupEps = 0.2
	// eyeInBox is where the eye line sits in this model's face box
	// (forehead to just below the chin): on the test portraits the eye
	// line is at 0.36–0.40 of the box height.
	eyeInBox = 0.38
)

// Locate decodes src within r.Limits, turns it upright and looks for the
// most prominent face (the largest confident detection). ok is false when
// there is none; Render then uses the template's framing without a face.
// Errors are those of Render's decoding.
func (r Renderer) Locate(ctx context.Context, src io.Reader) (Face, bool, error) {
	s, err := readSource(src, r.Limits.withDefaults())
	if err != nil {
		return Face{}, false, err
	}
	orientation := 1
	if s.format == formatJPEG {
		orientation = jpegOrientation(s.data)
	}
	img, _, err := s.decode(faceScanSide, image.Rect(0, 0, s.w, s.h), false)
	if err != nil {
		return Face{}, false, err
	}
	s.data = nil
	if err := ctx.Err(); err != nil {
		return Face{}, false, err
	}
	b := img.Bounds()
	small := orient(shrink(img, max(1, max(b.Dx(), b.Dy())/faceScanSide)), orientation)
	face, ok := locateFace(small, small.Rect.Dy())
	if !ok {
		return Face{}, false, nil
	}
	uw, uh := s.w, s.h
	if orientation >= 5 { // the transposing orientations swap the sides
		uw, uh = uh, uw
	}
	return face.scale(float64(uw)/float64(small.Rect.Dx()), float64(uh)/float64(small.Rect.Dy())), true, nil
}

// Locate is Renderer{}.Locate: default limits.
func Locate(ctx context.Context, src io.Reader) (Face, bool, error) {
	return Renderer{}.Locate(ctx, src)
}

// scale maps a face found on a resized image back to the original.
func (f Face) scale(sx, sy float64) Face {
	return Face{Box: scaleRect(f.Box, sx, sy), EyeY: int(math.Round(float64(f.EyeY) * sy))}
}

// locateFace finds the most prominent face in img (upright), in img's
// pixels. img may be the first rows of a taller image, h rows high (see
// decodeRegion): the search then runs on the pyramid of the whole image,
// with its scales and sampling, and looks at the windows that lie within
// the rows img has. That finds exactly what a search of the whole image
// finds there; only a face below them is missed.
func locateFace(img *image.NRGBA, h int) (Face, bool) {
	gray, gw, gh, rows, k := analysisGray(img, h)
	box, ok := detectFace(frontalFace(), gray, gw, gh, rows)
	if !ok {
		return Face{}, false
	}
	box = image.Rect(box.Min.X*k, box.Min.Y*k, box.Max.X*k, box.Max.Y*k).Intersect(image.Rect(0, 0, img.Rect.Dx(), h))
	if box.Empty() {
		return Face{}, false
	}
	eye := box.Min.Y + int(math.Round(eyeInBox*float64(box.Dy())))
	return Face{Box: box, EyeY: eye}, true
}

// analysisGray box-averages img by the largest integer k that keeps the
// long side of the whole image (img.Rect.Dx() × fullH) ≥ faceScanSide, into
// 8-bit luma (BT.601 weights, what the cascade was trained on): a w×h gray
// image of which the first rows are computed (all h when img has every
// row; a block needs all its k rows). The box average keeps the later
// bilinear steps of the pyramid below 2×, where they do not alias.
// Transparent pixels count as their colour: the detector only needs the
// structure of a face.
func analysisGray(img *image.NRGBA, fullH int) (pix []uint8, w, h, rows, k int) {
	iw := img.Rect.Dx()
	k = max(1, max(iw, fullH)/faceScanSide)
	w, h = iw/k, fullH/k // whole blocks only: a partial last row/column is dropped
	rows = min(h, img.Rect.Dy()/k)
	pix = make([]uint8, w*rows)
	// Per column of blocks, the sums of R, G and B over the block's k rows;
	// the weights are applied once per block. Same integer as weighting
	// every pixel (the sum is linear), at a third of the multiplications.
	// Bounded by MaxSide·255 < 2³².
	sums := make([]uint32, 3*w)
	n := uint64(k * k)
	for y := range rows {
		clear(sums)
		for sy := y * k; sy < y*k+k; sy++ {
			row := img.Pix[sy*img.Stride : sy*img.Stride+4*w*k]
			for x := range w {
				addBlockRow(sums[3*x:3*x+3:3*x+3], row[4*x*k:4*(x+1)*k])
			}
		}
		out := pix[y*w : y*w+w]
		for x := range out {
			s := sums[3*x : 3*x+3 : 3*x+3]
			v := 19595*uint64(s[0]) + 38470*uint64(s[1]) + 7471*uint64(s[2])
			out[x] = uint8((v/n + 1<<15) >> 16)
		}
	}
	return pix, w, h, rows, k
}

// addBlockRow adds the R, G and B of the RGBA pixels px to s. Two pixels
// at a time in one 64-bit word (R and B in 16-bit lanes, G in 32-bit
// ones), emptying the lanes every 256 pixels, before a 16-bit lane could
// overflow (257 × 255 > 65535). Same sums as adding byte by byte, at a
// fraction of the time, on the largest loop of the face search.
func addBlockRow(s []uint32, px []uint8) {
	const rbMask, gMask = 0x00ff00ff00ff00ff, 0x000000ff000000ff
	i := 0
	for i+8 <= len(px) {
		var rb, g uint64
		for end := min(i+4*256, len(px)); i+8 <= end; i += 8 {
			v := binary.LittleEndian.Uint64(px[i:])
			rb += v & rbMask
			g += (v >> 8) & gMask
		}
		s[0] += uint32(rb&0xffff + rb>>32&0xffff)
		s[1] += uint32(g&0xffffffff + g>>32)
		s[2] += uint32(rb>>16&0xffff + rb>>48)
	}
	for ; i+4 <= len(px); i += 4 { // an odd pixel
		s[0] += uint32(px[i])
		s[1] += uint32(px[i+1])
		s[2] += uint32(px[i+2])
	}
}

// detectFace runs the cascade over pix, a w×h image of which the first
// rows are there, groups the raw hits and returns the best supported face,
// in pix's coordinates.
func detectFace(c *lbpCascade, pix []uint8, w, h, rows int) (image.Rectangle, bool) {
	faces := groupRects(rawHits(c, pix, w, h, rows), minNeighbors, groupEps)
	if len(faces) == 0 {
		return image.Rectangle{}, false
	}
	// The most raw hits, not the largest box: a real face fires at many
	// neighbouring positions and scales, a face-like patch of background or
	// clothing at one or two.
	best := faces[0]
	for _, f := range faces[1:] {
		if f.n > best.n || f.n == best.n && f.r.Dx() > best.r.Dx() {
			best = f
		}
	}
	return best.r, true
}

// rawHits is OpenCV's detectMultiScale without the grouping: the window
// stays fixed and the image shrinks by scaleStep per level, starting at
// faceScanSide on the long side. Every level is resampled from pix, as
// OpenCV does: resampling each from the one before blurs the small levels,
// and the cascade then found fewer faces on the test portraits. Only the
// first rows of pix may be there: each level is computed as far down as
// they reach, and scanned there.
func rawHits(c *lbpCascade, pix []uint8, w, h, rows int) []image.Rectangle {
	var hits []image.Rectangle
	var sums []int32
	level := make([]uint8, 0, w*h)
	first := max(1, float64(max(w, h))/faceScanSide)
	for scale := first; ; scale *= scaleStep {
		lw, lh := int(float64(w)/scale+0.5), int(float64(h)/scale+0.5)
		if lw < c.w || lh < c.h {
			break
		}
		var lrows int
		level, lrows = resizeBilinear(pix, w, h, rows, level[:lw*lh], lw, lh)
		ii := newIntegral(level[:lw*lrows], lw, lrows, sums)
		sums = ii.sum
		sc := c.scanner(ii.stride)
		for y := 0; y+c.h <= lrows; y++ {
			for x := 0; x+c.w <= lw; x++ {
				if sc.accepts(ii.sum, int32(y*ii.stride+x)) {
					hits = append(hits, image.Rect(
						int(float64(x)*scale+0.5), int(float64(y)*scale+0.5),
						int(float64(x+c.w)*scale+0.5), int(float64(y+c.h)*scale+0.5)))
				}
			}
		}
	}
	return hits
}

// resizeBilinear resamples src (sw×sh) into dst (dw×dh) with pixel-centre
// alignment, like OpenCV's INTER_LINEAR that the cascade was run with.
// Only the first srcRows rows of src are there: it computes the rows of dst
// whose samples lie within them and returns how many.
func resizeBilinear(src []uint8, sw, sh, srcRows int, dst []uint8, dw, dh int) ([]uint8, int) {
	if sw == dw && sh == dh {
		copy(dst, src[:sw*srcRows])
		return dst, srcRows
	}
	fx, fy := float64(sw)/float64(dw), float64(sh)/float64(dh)
	x0s, wxs := make([]int, dw), make([]int32, dw) // left sample and its 8-bit weight per column
	for x := range dw {
		sx := max(0, (float64(x)+0.5)*fx-0.5)
		x0 := min(int(sx), sw-1)
		x0s[x], wxs[x] = x0, int32((sx-float64(x0))*256)
	}
	for y := range dh {
		sy := max(0, (float64(y)+0.5)*fy-0.5)
		y0 := min(int(sy), sh-1)
		y1 := min(y0+1, sh-1)
		if y1 >= srcRows {
			return dst, y
		}
		wy := int32((sy - float64(y0)) * 256)
		r0, r1 := src[y0*sw:y0*sw+sw], src[y1*sw:y1*sw+sw]
		out := dst[y*dw : y*dw+dw]
		for x := range dw {
			x0, wx := x0s[x], wxs[x]
			x1 := min(x0+1, sw-1)
			top := int32(r0[x0])*(256-wx) + int32(r0[x1])*wx
			bot := int32(r1[x0])*(256-wx) + int32(r1[x1])*wx
			out[x] = uint8((top*(256-wy) + bot*wy + 1<<15) >> 16)
		}
	}
	return dst, dh
}

type group struct {
	r image.Rectangle
	n int // raw detections merged into it
}

// groupRects is OpenCV's groupRectangles: cluster similar rectangles,
// average each cluster, keep clusters of more than minN, and drop a cluster
// that sits inside a stronger one.
func groupRects(rs []image.Rectangle, minN int, eps float64) []group {
	parent := make([]int, len(rs))
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	similar := func(a, b image.Rectangle) bool {
		d := eps * float64(min(a.Dx(), b.Dx())+min(a.Dy(), b.Dy())) * 0.5
		abs := func(v int) float64 { return math.Abs(float64(v)) }
		return abs(a.Min.X-b.Min.X) <= d && abs(a.Min.Y-b.Min.Y) <= d &&
			abs(a.Max.X-b.Max.X) <= d && abs(a.Max.Y-b.Max.Y) <= d
	}
	for i := range rs {
		for j := range i {
			if similar(rs[i], rs[j]) {
				parent[root(i)] = root(j)
			}
		}
	}
	type acc struct{ x0, y0, x1, y1, n int }
	sums := map[int]*acc{}
	for i, r := range rs {
		a := sums[root(i)]
		if a == nil {
			a = &acc{}
			sums[root(i)] = a
		}
		a.x0, a.y0, a.x1, a.y1, a.n = a.x0+r.Min.X, a.y0+r.Min.Y, a.x1+r.Max.X, a.y1+r.Max.Y, a.n+1
	}
	var gs []group
	for _, a := range sums {
		if a.n <= minN {
			continue
		}
		avg := func(v int) int { return int(math.Round(float64(v) / float64(a.n))) }
		gs = append(gs, group{image.Rect(avg(a.x0), avg(a.y0), avg(a.x1), avg(a.y1)), a.n})
	}
	sort.Slice(gs, func(i, j int) bool { // deterministic order (map iteration is not)
		if gs[i].n != gs[j].n {
			return gs[i].n > gs[j].n
		}
		return gs[i].r.Min.X < gs[j].r.Min.X || gs[i].r.Min.X == gs[j].r.Min.X && gs[i].r.Min.Y < gs[j].r.Min.Y
	})
	// Drop a group that sits inside a better supported one: parts of a
	// face (an eye and brow) sometimes pass on their own.
	var out []group
	for i, g := range gs {
		inside := false
		for j, o := range gs {
			if i == j {
				continue
			}
			dx, dy := int(float64(o.r.Dx())*eps+0.5), int(float64(o.r.Dy())*eps+0.5)
			if g.r.Min.X >= o.r.Min.X-dx && g.r.Min.Y >= o.r.Min.Y-dy &&
				g.r.Max.X <= o.r.Max.X+dx && g.r.Max.Y <= o.r.Max.Y+dy && (o.n > max(3, g.n) || g.n < 3) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, g)
		}
	}
	return out
}
