package pfp

import (
	"image"
	"math"
)

// Framing, in two parts. When a face is found (face.go) the square is
// placed and sized on it, the same way for everyone: eyes at eyeLine of the
// square's height, the face box faceShare of its side, centred on the face
// (faceSquare). Without a face the square has the short side of the upright
// image and the Framing decides where it sits along the long side (frame):
// that is the fallback, and what Centre always does.

// Face-based framing, like a photographer's head-and-shoulders portrait:
// the eyes a little above the middle and the face a bit under half the
// height leave room for the hair above and the shoulders below.
const (
	eyeLine   = 0.40 // eye line, from the top, as a share of the square
	faceShare = 0.45 // face box height as a share of the square
)

// faceSquare is the square framing face in a w×h image. It is shifted to
// stay inside the image, and made smaller only when even the shifted
// square would not fit (a face larger than faceShare of the short side).
func faceSquare(w, h int, f Face) image.Rectangle {
	side := int(math.Round(float64(f.Box.Dy()) / faceShare))
	side = max(1, min(side, w, h))
	cx := float64(f.Box.Min.X+f.Box.Max.X) / 2
	x := int(math.Round(cx - float64(side)/2))
	y := int(math.Round(float64(f.EyeY) - eyeLine*float64(side)))
	x = max(0, min(x, w-side))
	y = max(0, min(y, h-side))
	return image.Rect(x, y, x+side, y+side)
}

// choose returns the square to crop from img (upright) for framing f and
// the face it was placed on; found is false when f does not look for faces
// (Centre) or none was found, and the square is then frame(img, f). img may
// hold only the first rows of an image h rows high (HeadAndShoulders, see
// decodeRegion); the square is placed in the whole image, and the caller
// checks that it lies within the rows img has.
func choose(img *image.NRGBA, h int, f Framing) (square image.Rectangle, face Face, found bool) {
	if f != Centre {
		if face, ok := locateFace(img, h); ok {
			return faceSquare(img.Rect.Dx(), h, face), face, true
		}
	}
	if f == HeadAndShoulders {
		return headAndShoulders(img.Rect.Dx(), h), Face{}, false
	}
	return frame(img, f), Face{}, false // Centre and Smart have every row
}

// headTop is where the square starts on a portrait source, as a fraction of
// the height. AI headshots (HeadshotPro's are 3:4 or taller) leave ~5–15 %
// of headroom above the hair and put the chin near 45–55 % of the height;
// starting at 10 % keeps the full head with a little air above it and
// drops the lowest part of the chest, which a centre crop would keep instead.
const headTop = 0.10

// frame returns the square to crop from img (already upright and shrunk)
// without a face: the short side of the image, placed by f.
func frame(img *image.NRGBA, f Framing) image.Rectangle {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	switch f {
	case Centre:
		return squareAt(w, h, (w-min(w, h))/2, (h-min(w, h))/2)
	case Smart:
		if r, ok := smartFrame(img); ok {
			return r
		}
	}
	return headAndShoulders(w, h)
}

func headAndShoulders(w, h int) image.Rectangle {
	s := min(w, h)
	if h > w {
		return squareAt(w, h, 0, int(math.Round(headTop*float64(h))))
	}
	// Landscape or square: the subject of a headshot is centred horizontally
	// and the head is at the top, so never drop rows from the top.
	return squareAt(w, h, (w-s)/2, 0)
}

// squareAt is the square of side min(w,h) with its corner at (x,y), clamped
// into the image.
func squareAt(w, h, x, y int) image.Rectangle {
	s := min(w, h)
	x = max(0, min(x, w-s))
	y = max(0, min(y, h-s))
	return image.Rect(x, y, x+s, y+s)
}

// Smart framing: a skin-tone face locator, chosen over muesli/smartcrop.
//
// smartcrop scores edges, skin and saturation over many candidate crops; on
// the 750×1000 shrunk image it cost ~80 ms when we measured it (440 ms on
// the full 12 MP image),
// a third of the whole render, and it optimises for "interesting" rather
// than "head and shoulders": it happily centres on a patterned tie. What a
// PFP needs is the position of the face, and in a studio-style AI headshot
// the face is the largest skin-coloured blob not touching the frame. We find
// it on a ≤ 128 px thumbnail (point-sampled from the shrunk image), which
// costs well under a millisecond (see BenchmarkSmartFrame), then put the face
// centre at faceY of the square, like a photographer framing head and
// shoulders. With no convincing blob we return ok=false and the caller uses
// HeadAndShoulders, so Smart is never worse than the default on odd inputs.

const (
	analysisSide = 128  // long side of the analysis thumbnail
	faceY        = 0.40 // face centre sits at 40 % of the square's height
)

func smartFrame(img *image.NRGBA) (image.Rectangle, bool) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w == h {
		return image.Rectangle{}, false // nothing to choose
	}
	step := max(1, (max(w, h)+analysisSide-1)/analysisSide)
	aw, ah := (w+step-1)/step, (h+step-1)/step
	if aw < 8 || ah < 8 {
		return image.Rectangle{}, false
	}
	mask := make([]bool, aw*ah)
	for ay := range ah {
		row := img.Pix[ay*step*img.Stride:]
		for ax := range aw {
			p := row[4*ax*step:]
			mask[ay*aw+ax] = p[3] > 128 && isSkin(p[0], p[1], p[2])
		}
	}
	b, ok := faceBlob(mask, aw, ah)
	if !ok {
		return image.Rectangle{}, false
	}
	// Blob coordinates back to the shrunk image (centre of the cells).
	cx := (b.cx + 0.5) * float64(step)
	cy := (b.cy + 0.5) * float64(step)
	s := float64(min(w, h))
	return squareAt(w, h, int(math.Round(cx-s/2)), int(math.Round(cy-faceY*s))), true
}

// isSkin is the RGB rule of Kovač, Peer and Solina (2003) for daylight and
// flash, intersected with the usual YCbCr box (Chai & Ngan 1999): cheap,
// no training, and good enough to find a face-sized region in a portrait.
func isSkin(r, g, b uint8) bool {
	ri, gi, bi := int(r), int(g), int(b)
	mx, mn := max(ri, gi, bi), min(ri, gi, bi)
	if ri <= 95 || gi <= 40 || bi <= 20 || mx-mn <= 15 || ri-gi <= 15 || ri <= bi {
		return false
	}
	cb := (-43*ri - 85*gi + 128*bi + 32768) >> 8
	cr := (128*ri - 107*gi - 21*bi + 32768) >> 8
	return cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173
}

type blob struct {
	n      int
	cx, cy float64 // centre of the face estimate, analysis pixels
}

// faceBlob finds the largest 4-connected skin component that looks like a
// person rather than a warm background, and estimates the face centre from
// its upper part (neck and an open collar often join the face into one
// component, so the whole component's centroid would sit too low).
func faceBlob(mask []bool, w, h int) (blob, bool) {
	label := make([]int32, len(mask))
	bestN, bestID, bestTop, bestRows := 0, int32(0), 0, 0
	stack := make([]int32, 0, 256)
	next := int32(0)
	for start, m := range mask {
		if !m || label[start] != 0 {
			continue
		}
		next++
		label[start] = next
		stack = append(stack[:0], int32(start))
		n, minX, maxX, minY, maxY := 0, w, -1, h, -1
		for len(stack) > 0 {
			i := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			n++
			minX, maxX, minY, maxY = min(minX, x), max(maxX, x), min(minY, y), max(maxY, y)
			for _, j := range [4]int{i - 1, i + 1, i - w, i + w} {
				if j < 0 || j >= len(mask) || (j == i-1 && x == 0) || (j == i+1 && x == w-1) {
					continue
				}
				if mask[j] && label[j] == 0 {
					label[j] = next
					stack = append(stack, int32(j))
				}
			}
		}
		// A face is not tiny, and a component spanning most of the width or
		// touching the top edge is a wall, a wooden desk or a warm backdrop.
		if n < len(mask)/200 || maxX-minX+1 > w*8/10 || minY == 0 {
			continue
		}
		if n > bestN {
			bestN, bestID, bestTop, bestRows = n, next, minY, maxY-minY+1
		}
	}
	if bestN == 0 {
		return blob{}, false
	}
	id := bestID
	// Face width: the widest row in the first part of the component. A face
	// is about 1.3× as tall as wide, so its centre is ~0.65 widths below the
	// top of the skin (the forehead).
	faceW := 0
	for y := bestTop; y < min(h, bestTop+max(4, bestRows/2)); y++ {
		c := 0
		for x := range w {
			if label[y*w+x] == id {
				c++
			}
		}
		faceW = max(faceW, c)
	}
	faceH := max(2, int(1.3*float64(faceW)))
	var sx, sn float64
	for y := bestTop; y < min(h, bestTop+faceH); y++ {
		for x := range w {
			if label[y*w+x] == id {
				sx += float64(x)
				sn++
			}
		}
	}
	return blob{n: bestN, cx: sx / sn, cy: float64(bestTop) + float64(faceH)/2}, true
}
