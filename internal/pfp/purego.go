//go:build !(turbojpeg && cgo)

package pfp

import (
	"image"
	"io"
)

// nativeJPEG reports which JPEG decoder this build uses.
const nativeJPEG = false

// decodeJPEGRegion is the pure-Go path: a full-size image/jpeg decode
// (cropped false: the caller takes the region out of it and shrinks only
// that part of the planes). Build with -tags turbojpeg (and libjpeg-turbo)
// for the faster decode that scales inside the DCT and skips what is
// outside the region.
func decodeJPEGRegion(data []byte, _, _, _ int, _ image.Rectangle) (image.Image, bool, error) {
	img, err := decodeJPEGStd(data)
	return img, false, err
}

// encodeJPEGRGBA encodes with image/jpeg.
func encodeJPEGRGBA(w io.Writer, img *image.RGBA, quality int) error {
	return encodeJPEGStd(w, img, quality)
}
