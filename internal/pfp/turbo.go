//go:build turbojpeg && cgo

package pfp

/*
#cgo LDFLAGS: -lturbojpeg -ljpeg
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <turbojpeg.h>

// libjpeg reports errors by calling error_exit, which must not return:
// jump back to the setjmp in shotdesk_decode_region. Warnings (corrupt but
// displayable data, a premature end) are remembered, not printed.
typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	int warned;
} shotdesk_jpeg_err;

static void shotdesk_error_exit(j_common_ptr cinfo) {
	longjmp(((shotdesk_jpeg_err *)cinfo->err)->jump, 1);
}

static void shotdesk_emit_message(j_common_ptr cinfo, int level) {
	if (level < 0) ((shotdesk_jpeg_err *)cinfo->err)->warned = 1;
}

static void shotdesk_output_message(j_common_ptr cinfo) {}

// shotdesk_decode_region decodes the JPEG scaled by num/8 inside the IDCT
// (libjpeg-turbo supports every num from 1 to 16) and writes rows [y0, y1) as RGBA into out, one row every stride bytes.
// Columns [x0, x1) are wanted; the decoder widens them to its iMCU grid, so
// it decodes *width columns starting at column x0 - *left, where
// *width <= max_width. Rows above y0 are entropy-decoded and skipped (no
// IDCT), rows below y1 are not decoded at all unless check_to_end is set:
// then they are decoded into a scratch row so that a truncated or damaged
// file is noticed. Returns 0 on success, 1 on an error or a warning.
static int shotdesk_decode_region(const unsigned char *buf, unsigned long len, int num,
		int x0, int y0, int x1, int y1, unsigned char *out, int stride, int max_width,
		int check_to_end, int *left, int *width) {
	struct jpeg_decompress_struct cinfo;
	shotdesk_jpeg_err err;
	unsigned char *volatile scratch = NULL;
	JSAMPROW rows[16];
	JDIMENSION xoff, w;
	int n, i;

	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = shotdesk_error_exit;
	err.pub.emit_message = shotdesk_emit_message;
	err.pub.output_message = shotdesk_output_message;
	err.warned = 0;
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&cinfo);
		free(scratch);
		return 1;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, buf, len);
	jpeg_read_header(&cinfo, TRUE);
	cinfo.scale_num = num;
	cinfo.scale_denom = 8;
	cinfo.out_color_space = JCS_EXT_RGBA;
	cinfo.dct_method = JDCT_IFAST;       // TJFLAG_FASTDCT
	cinfo.do_fancy_upsampling = FALSE;   // TJFLAG_FASTUPSAMPLE
	jpeg_start_decompress(&cinfo);
	if (x0 < 0 || y0 < 0 || x1 <= x0 || y1 <= y0 ||
			(JDIMENSION)x1 > cinfo.output_width || (JDIMENSION)y1 > cinfo.output_height) {
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	xoff = x0;
	w = x1 - x0;
	if (xoff > 0 || w < cinfo.output_width) {
		jpeg_crop_scanline(&cinfo, &xoff, &w);
	}
	if ((int)w > max_width || (int)xoff > x0 || (int)(xoff + w) < x1) {
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	*left = x0 - xoff;
	*width = w;
	if (y0 > 0 && jpeg_skip_scanlines(&cinfo, y0) != (JDIMENSION)y0) {
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	for (n = 0; n < y1 - y0;) {
		int k = y1 - y0 - n;
		if (k > 16) k = 16;
		for (i = 0; i < k; i++) rows[i] = out + (size_t)(n + i) * stride;
		n += jpeg_read_scanlines(&cinfo, rows, k);
	}
	if (check_to_end && cinfo.output_scanline < cinfo.output_height) {
		scratch = malloc((size_t)w * 4 * 16);
		if (scratch == NULL) {
			jpeg_destroy_decompress(&cinfo);
			return 1;
		}
		for (i = 0; i < 16; i++) rows[i] = scratch + (size_t)i * w * 4;
		while (cinfo.output_scanline < cinfo.output_height) {
			jpeg_read_scanlines(&cinfo, rows, 16);
		}
	}
	if (cinfo.output_scanline == cinfo.output_height) {
		jpeg_finish_decompress(&cinfo);   // reads to EOI: a missing end warns
	} else {
		jpeg_abort_decompress(&cinfo);
	}
	jpeg_destroy_decompress(&cinfo);
	free(scratch);
	return err.warned;
}

// shotdesk_compress_420 is tjCompressFromYUVPlanes for three 4:2:0 planes
// passed one by one (Go may not put its pointers in an array for C).
static int shotdesk_compress_420(tjhandle handle, const unsigned char *y, const unsigned char *cb, const unsigned char *cr,
		int width, int height, int ystride, int cstride, int quality, unsigned char **out, unsigned long *size) {
	const unsigned char *planes[3] = {y, cb, cr};
	int strides[3] = {ystride, cstride, cstride};
	return tjCompressFromYUVPlanes(handle, planes, width, strides, height, TJSAMP_420, out, size, quality, TJFLAG_FASTDCT);
}
*/
import "C"

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"unsafe"
)

// nativeJPEG reports which JPEG decoder this build uses.
const nativeJPEG = true

// cropMargin is the most columns libjpeg-turbo may decode left of the
// wanted ones when it widens a crop to its iMCU grid (one iMCU: at most
// 8 × 4 px for 4:1:1 at full scale).
const cropMargin = 32

// decodeJPEGRegion decodes the part region (stored orientation) of a w×h
// JPEG with libjpeg-turbo, letting it scale by scale/8 inside the inverse
// DCT: the smallest scale whose region still has a short side ≥ size
// (dctScaleFor; any M/8 when fine, else 1/8, 2/8, 4/8 or 8/8), so with fine
// what follows resizes by at most 8/5 instead of up to 2×.
// Only the region's rows and columns are put through the IDCT, colour
// conversion and into memory; rows below it are not even entropy-decoded.
// A 3000×4000 headshot for a 600 px PFP decodes its 3000×3000 square at
// 2/8: 750×750, about a sixteenth of the pixels of a full-size decode.
// cropped reports that the image returned is the region (Min at 0,0);
// otherwise it is the whole image. Anything libjpeg-turbo refuses or warns
// about (CMYK, damaged or truncated data) falls back to image/jpeg, which
// also classifies the error.
func decodeJPEGRegion(data []byte, w, h, size int, region image.Rectangle, fine bool) (img image.Image, cropped bool, scale int, err error) {
	if len(data) == 0 || region.Empty() || !region.In(image.Rect(0, 0, w, h)) {
		img, err = decodeJPEGStd(data)
		return img, false, 8, err
	}
	scale = dctScaleFor(region, size, fine)
	img, cropped, err = decodeJPEGScaled(data, w, h, scale, region)
	if !cropped {
		scale = 8
	}
	return img, cropped, scale, err
}

// decodeJPEGScaled is decodeJPEGRegion at the scale num/8 (1 ≤ num ≤ 8).
func decodeJPEGScaled(data []byte, w, h, num int, region image.Rectangle) (img image.Image, cropped bool, err error) {
	// The region in the scaled image: every scaled pixel it touches.
	r := scaledRegion(region, w, h, num)
	rw, rh := r.Dx(), r.Dy()
	stride := 4 * (rw + cropMargin)
	pix := make([]byte, stride*rh)
	// Stopping below the region skips the end of the file, where a
	// truncated download shows; decode to the end unless it is intact.
	checkToEnd := 0
	if !bytes.HasSuffix(data, []byte{0xff, 0xd9}) {
		checkToEnd = 1
	}
	var left, width C.int
	rc := C.shotdesk_decode_region((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), C.int(num),
		C.int(r.Min.X), C.int(r.Min.Y), C.int(r.Max.X), C.int(r.Max.Y), (*C.uchar)(unsafe.Pointer(&pix[0])), C.int(stride),
		C.int(rw+cropMargin), C.int(checkToEnd), &left, &width)
	if rc != 0 || left < 0 || int(left) > cropMargin {
		img, err = decodeJPEGStd(data)
		return img, false, err
	}
	return &image.NRGBA{Pix: pix[4*int(left):], Stride: stride, Rect: image.Rect(0, 0, rw, rh)}, true, nil
}

// encodeJPEGRGBA encodes an opaque RGBA image with libjpeg-turbo (4:2:0,
// like image/jpeg), several times faster than the pure-Go encoder.
func encodeJPEGRGBA(w io.Writer, img *image.RGBA, quality int) error {
	return compressTurbo(w, func(handle C.tjhandle, out **C.uchar, size *C.ulong) C.int {
		return C.tjCompress2(handle, (*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Rect.Dx()), C.int(img.Stride), C.int(img.Rect.Dy()),
			C.TJPF_RGBA, out, size, C.TJSAMP_420, C.int(quality), C.TJFLAG_FASTDCT)
	}, func() error { return encodeJPEGStd(w, img, quality) })
}

// encodeJPEGYCC encodes 4:2:0 planes with libjpeg-turbo as they are: no
// colour conversion, no chroma downsampling.
func encodeJPEGYCC(w io.Writer, img *image.YCbCr, quality int) error {
	fallback := func() error { return encodeJPEGYCCStd(w, img, quality) }
	if img.SubsampleRatio != image.YCbCrSubsampleRatio420 || img.Rect.Min != (image.Point{}) {
		return fallback()
	}
	return compressTurbo(w, func(handle C.tjhandle, out **C.uchar, size *C.ulong) C.int {
		return C.shotdesk_compress_420(handle, (*C.uchar)(unsafe.Pointer(&img.Y[0])), (*C.uchar)(unsafe.Pointer(&img.Cb[0])), (*C.uchar)(unsafe.Pointer(&img.Cr[0])),
			C.int(img.Rect.Dx()), C.int(img.Rect.Dy()), C.int(img.YStride), C.int(img.CStride), C.int(quality), out, size)
	}, fallback)
}

// compressTurbo runs one TurboJPEG compression and writes its output to w.
// When TurboJPEG cannot start or refuses the image, fallback (image/jpeg)
// encodes it instead.
func compressTurbo(w io.Writer, compress func(handle C.tjhandle, out **C.uchar, size *C.ulong) C.int, fallback func() error) error {
	handle := C.tjInitCompress()
	if handle == nil {
		return fallback()
	}
	defer C.tjDestroy(handle)
	var out *C.uchar
	var size C.ulong
	if rc := compress(handle, &out, &size); rc != 0 {
		if out != nil {
			C.tjFree(out)
		}
		return fallback()
	}
	defer C.tjFree(out)
	if _, err := w.Write(C.GoBytes(unsafe.Pointer(out), C.int(size))); err != nil {
		return fmt.Errorf("pfp: write jpeg: %w", err)
	}
	return nil
}
