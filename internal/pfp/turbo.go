//go:build turbojpeg && cgo

package pfp

/*
#cgo LDFLAGS: -lturbojpeg
#include <stdlib.h>
#include <turbojpeg.h>
*/
import "C"

import (
	"fmt"
	"image"
	"io"
	"unsafe"
)

// nativeJPEG reports which JPEG decoder this build uses.
const nativeJPEG = true

// decodeJPEGScaled decodes with libjpeg-turbo, letting it scale by 1/2,
// 1/4 or 1/8 inside the inverse DCT (what vips' shrink-on-load does): the
// largest reduction that keeps the short side ≥ size. A 3000×4000 headshot
// for a 600 px PFP decodes at 1/4 — a sixteenth of the pixels, several
// times faster than a full decode. Anything libjpeg-turbo refuses (CMYK,
// odd markers) falls back to image/jpeg, which also classifies the error.
func decodeJPEGScaled(data []byte, w, h, size int) (image.Image, error) {
	if len(data) == 0 {
		return decodeJPEGStd(data)
	}
	handle := C.tjInitDecompress()
	if handle == nil {
		return decodeJPEGStd(data)
	}
	defer C.tjDestroy(handle)

	den := 1
	for _, d := range []int{8, 4, 2} {
		if min(ceilDiv(w, d), ceilDiv(h, d)) >= size {
			den = d
			break
		}
	}
	sw, sh := ceilDiv(w, den), ceilDiv(h, den)
	img := image.NewNRGBA(image.Rect(0, 0, sw, sh))
	rc := C.tjDecompress2(handle,
		(*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)),
		(*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(sw), C.int(img.Stride), C.int(sh),
		C.TJPF_RGBA, C.TJFLAG_FASTDCT|C.TJFLAG_FASTUPSAMPLE)
	if rc != 0 {
		// Warnings (e.g. a truncated but displayable file) also land here;
		// image/jpeg decides whether the file is usable.
		return decodeJPEGStd(data)
	}
	if b := img.Bounds(); b.Dx() != sw || b.Dy() != sh {
		return nil, fmt.Errorf("%w: decoded %v, want %d×%d", ErrCorrupt, b.Size(), sw, sh)
	}
	return img, nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// encodeJPEGRGBA encodes an opaque RGBA image with libjpeg-turbo (4:2:0,
// like image/jpeg), several times faster than the pure-Go encoder.
func encodeJPEGRGBA(w io.Writer, img *image.RGBA, quality int) error {
	handle := C.tjInitCompress()
	if handle == nil {
		return encodeJPEGStd(w, img, quality)
	}
	defer C.tjDestroy(handle)
	var out *C.uchar
	var size C.ulong
	rc := C.tjCompress2(handle, (*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Rect.Dx()), C.int(img.Stride), C.int(img.Rect.Dy()),
		C.TJPF_RGBA, &out, &size, C.TJSAMP_420, C.int(quality), C.TJFLAG_FASTDCT)
	if rc != 0 {
		if out != nil {
			C.tjFree(out)
		}
		return encodeJPEGStd(w, img, quality)
	}
	defer C.tjFree(out)
	if _, err := w.Write(C.GoBytes(unsafe.Pointer(out), C.int(size))); err != nil {
		return fmt.Errorf("pfp: write jpeg: %w", err)
	}
	return nil
}
