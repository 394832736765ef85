package pfp

import "image"

// decodeRegion is the part of the stored w×h image that the framing will
// keep, when the pixels are not needed to know it: Centre places the
// square by the image's size alone (the same square frame computes), so
// the decoder can skip the rows and columns outside it — libjpeg-turbo
// does not even decode the rows below it — and the shrink reads only that
// part of the planes. Framings that look at the pixels (HeadAndShoulders
// and Smart look for a face anywhere in the photo) and sources turned by
// an EXIF orientation get the whole image.
func decodeRegion(w, h, orientation int, f Framing) image.Rectangle {
	if orientation == 1 {
		switch f {
		case Centre:
			s := min(w, h)
			return squareAt(w, h, (w-s)/2, (h-s)/2)
		}
	}
	return image.Rect(0, 0, w, h)
}
