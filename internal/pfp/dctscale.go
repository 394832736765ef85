package pfp

import "image"

// A JPEG decoder that scales inside the inverse DCT turns each 8×8 block
// into num×num pixels: the image at num/8 of its size for the cost of a
// smaller IDCT. libjpeg-turbo offers every num from 1 to 16 (TurboJPEG's
// tjGetScalingFactors lists them; only 2/8 and 4/8 have SIMD code, the
// others are its plain-C scaled IDCTs); we use 1 to 8.

// dctScaleFor is the smallest num at which region, decoded at num/8, still
// has a short side of at least size pixels; 8 (no scaling) when even the
// full-size region is smaller. Smaller is faster twice over: the IDCT and
// colour conversion produce fewer pixels, and the resample to size that
// follows reads fewer and has fewer taps per output pixel.
//
// fine allows every num from 1 to 8; otherwise only 1, 2, 4 and 8, the
// scales the face search has always been given: it looks at the decoded
// pixels, and another scale moves the square it frames by a few pixels
// (the framing of a photo must not change with a faster build). Centre,
// which never looks, decodes at the finest scale.
func dctScaleFor(region image.Rectangle, size int, fine bool) int {
	for num := 1; num < 8; num++ {
		if !fine && num&(num-1) != 0 {
			continue // not a power of two
		}
		// Offsets do not matter here: a scaled span is at least
		// ceil(len·num/8) pixels wherever it starts.
		if min(ceilDiv(region.Dx()*num, 8), ceilDiv(region.Dy()*num, 8)) >= size {
			return num
		}
	}
	return 8
}

// scaledRegion is region of a w×h image in that image decoded at num/8:
// every scaled pixel that the region touches. Scaled pixel x covers the
// source columns [8x/num, 8(x+1)/num), and the scaled image is
// ceil(w·num/8) wide (libjpeg's jdiv_round_up).
func scaledRegion(region image.Rectangle, w, h, num int) image.Rectangle {
	return image.Rect(
		region.Min.X*num/8, region.Min.Y*num/8,
		min(ceilDiv(w*num, 8), ceilDiv(region.Max.X*num, 8)), min(ceilDiv(h*num, 8), ceilDiv(region.Max.Y*num, 8)))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
