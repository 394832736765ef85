package pfp

import (
	"encoding/binary"
	"image"
)

// isOpaque is img.Opaque() reading two pixels per 64-bit word: the check
// runs up to three times per picture (before the resize, the shape and
// the encoder), once over the whole decoded photo, where the standard
// byte-by-byte loop was 3 % of a cold export's CPU.
func isOpaque(img *image.NRGBA) bool {
	const alphas = 0xff000000ff000000
	w := 4 * img.Rect.Dx()
	for y := range img.Rect.Dy() {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		i := 0
		for ; i+8 <= len(row); i += 8 {
			if binary.LittleEndian.Uint64(row[i:])&alphas != alphas {
				return false
			}
		}
		if i < len(row) && row[i+3] != 0xff { // an odd last pixel
			return false
		}
	}
	return true
}
