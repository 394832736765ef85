package pfp

import "image"

// decodeRegion is the part of the stored w×h image that the framing can
// keep, when the pixels are not needed to know it, so the decoder can skip
// the rest: libjpeg-turbo does not even decode the rows below it, image/jpeg
// stops there (decodeJPEGTop), and the shrink reads only that part of the
// planes.
//
// Centre places the square by the image's size alone (the same square
// frame computes). HeadAndShoulders on a portrait keeps its fallback square
// (the short side from 10 % of the height) or a square on a face, and
// decodes the rows down to the bottom of that fallback square: the face
// search looks there (locateFace finds what a search of the whole photo
// finds in those rows). In a headshot the rows below are chest and shirt,
// and skipping them saves about a sixth of the decode. The price: a face
// reaching into the last tenth of a portrait is not seen, and the fallback
// square is used; a face seen above whose square reaches lower makes
// Render decode the whole photo again (TestFaceNearTheBottom). Smart looks
// at the whole photo, and sources turned by an EXIF orientation get the
// whole image.
func decodeRegion(w, h, orientation int, f Framing) image.Rectangle {
	if orientation == 1 {
		switch f {
		case Centre:
			s := min(w, h)
			return squareAt(w, h, (w-s)/2, (h-s)/2)
		case HeadAndShoulders:
			if h > w {
				// The fallback square is placed on the shrunk image, so
				// its bottom may round a few source rows lower.
				rows := headAndShoulders(w, h).Max.Y + h/64 + 16
				if rows < h {
					return image.Rect(0, 0, w, rows)
				}
			}
		}
	}
	return image.Rect(0, 0, w, h)
}
