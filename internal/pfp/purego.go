//go:build !(turbojpeg && cgo)

package pfp

import (
	"image"
	"io"
)

// nativeJPEG reports which JPEG decoder this build uses.
const nativeJPEG = false

// decodeJPEGRegion is the pure-Go path: image/jpeg decodes the rows down
// to the bottom of region (decodeJPEGTop) and the region is taken out of
// them, or, when that cannot be done, the whole image is decoded (cropped
// false: the caller takes the region out). Either way the shrink reads only
// the region's part of the planes. image/jpeg cannot scale: scale is
// always 8 (8/8). Build with -tags turbojpeg (and libjpeg-turbo) for the
// faster decode that scales inside the DCT and skips what is outside the
// region.
func decodeJPEGRegion(data []byte, w, h, _ int, region image.Rectangle, _ bool) (img image.Image, cropped bool, scale int, err error) {
	if region.Max.Y < h && region.In(image.Rect(0, 0, w, h)) {
		if img, ok := decodeJPEGTop(data, w, region.Max.Y); ok {
			return subImage(img, region), true, 8, nil
		}
	}
	img, err = decodeJPEGStd(data)
	return img, false, 8, err
}

// encodeJPEGRGBA encodes with image/jpeg.
func encodeJPEGRGBA(w io.Writer, img *image.RGBA, quality int) error {
	return encodeJPEGStd(w, img, quality)
}

// encodeJPEGYCC encodes 4:2:0 planes with image/jpeg, which takes them
// without a colour conversion.
func encodeJPEGYCC(w io.Writer, img *image.YCbCr, quality int) error {
	return encodeJPEGYCCStd(w, img, quality)
}
