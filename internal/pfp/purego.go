//go:build !(turbojpeg && cgo)

package pfp

import (
	"image"
	"io"
)

// nativeJPEG reports which JPEG decoder this build uses.
const nativeJPEG = false

// decodeJPEGScaled is the pure-Go path: a full-size image/jpeg decode; the
// caller shrinks the planes afterwards. Build with -tags turbojpeg (and
// libjpeg-turbo) for the faster DCT-scaled decode.
func decodeJPEGScaled(data []byte, _, _, _ int) (image.Image, error) {
	return decodeJPEGStd(data)
}

// encodeJPEGRGBA encodes with image/jpeg.
func encodeJPEGRGBA(w io.Writer, img *image.RGBA, quality int) error {
	return encodeJPEGStd(w, img, quality)
}
