package pfp

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"io"
	"sync"
)

// Format is the encoding RenderTo writes.
type Format uint8

const (
	// PNG is what "Download PFP" produces; it keeps a transparent background.
	PNG Format = iota
	// JPEG is the pfp.jpg of the "Download Favorites" ZIP.
	JPEG
)

func (f Format) String() string {
	if f == JPEG {
		return "jpeg"
	}
	return "png"
}

// DefaultJPEGQuality matches the quality of the headshots themselves.
const DefaultJPEGQuality = 90

// EncodePNG writes img as PNG, keeping its alpha. A fully opaque image is
// written as RGB, so square PFPs carry no alpha.
//
// It is its own small encoder rather than image/png because of where the
// time goes on a photo: image/png tries all five row filters on every row
// and then runs LZ77 matching, ≈ 50 ms for a 600×600 PFP on the 2-core
// reference machine, more than decoding the 3000×4000 headshot it came
// from. Photos have almost no repeated byte strings for LZ77 to find, so
// here every row gets the Up filter and the deflate stream is Huffman-only:
// ≈ 5 ms, and on photo-like test images the file is ~20 % smaller than
// image/png's BestSpeed output (LZ77's short matches cost more than they
// save). Flat areas (transparent corners of a circle) compress less well
// than with LZ77, a few tens of KB on a 600 px picture.
func EncodePNG(w io.Writer, img *image.NRGBA) error {
	if err := encodePNG(w, img); err != nil {
		return fmt.Errorf("pfp: encode png: %w", err)
	}
	return nil
}

// PNG color types (PNG specification, IHDR).
const (
	pngColorRGB  = 2
	pngColorRGBA = 6
	pngFilterUp  = 2
)

// pngRows holds the per-encode buffers (two rows and the deflater), reused
// across encodes: a PFP is often made in bursts (previews, exports).
type pngRows struct {
	prev, cur, filtered []byte
	zw                  *zlib.Writer
	body                bytes.Buffer
}

var pngRowsPool = sync.Pool{New: func() any { return new(pngRows) }}

func encodePNG(w io.Writer, img *image.NRGBA) error {
	width, height := img.Rect.Dx(), img.Rect.Dy()
	if width <= 0 || height <= 0 {
		return fmt.Errorf("empty image %v", img.Rect)
	}
	color, bpp := byte(pngColorRGBA), 4
	if isOpaque(img) {
		color, bpp = pngColorRGB, 3
	}
	rowLen := width * bpp

	r := pngRowsPool.Get().(*pngRows)
	defer pngRowsPool.Put(r)
	r.prev = resize(r.prev, rowLen)
	r.cur = resize(r.cur, rowLen)
	r.filtered = resize(r.filtered, 1+rowLen)
	clear(r.prev) // the row above the first is all zeros
	r.body.Reset()
	if r.zw == nil {
		zw, err := zlib.NewWriterLevel(&r.body, zlib.HuffmanOnly)
		if err != nil {
			return err
		}
		r.zw = zw
	} else {
		r.zw.Reset(&r.body)
	}

	r.filtered[0] = pngFilterUp
	for y := range height {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		src := img.Pix[off : off+4*width]
		if bpp == 4 {
			copy(r.cur, src)
		} else {
			for i, j := 0, 0; i < len(src); i, j = i+4, j+3 {
				r.cur[j], r.cur[j+1], r.cur[j+2] = src[i], src[i+1], src[i+2]
			}
		}
		f := r.filtered[1:]
		for i, v := range r.cur {
			f[i] = v - r.prev[i]
		}
		if _, err := r.zw.Write(r.filtered); err != nil {
			return err
		}
		r.prev, r.cur = r.cur, r.prev
	}
	if err := r.zw.Close(); err != nil {
		return err
	}

	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, color // bit depth 8; compression, filter and interlace methods 0
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	writePNGChunk(bw, "IHDR", ihdr[:])
	// One IDAT chunk per 1 MiB keeps every chunk far below the 2³¹ limit.
	body := r.body.Bytes()
	for len(body) > 0 {
		n := min(len(body), 1<<20)
		writePNGChunk(bw, "IDAT", body[:n])
		body = body[n:]
	}
	writePNGChunk(bw, "IEND", nil)
	return bw.Flush()
}

// writePNGChunk writes length, type, data and the CRC of type+data. Errors
// stick in bw and surface at Flush.
func writePNGChunk(bw *bufio.Writer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	bw.Write(n[:])
	bw.WriteString(kind)
	bw.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	bw.Write(n[:])
}

func resize(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// EncodeJPEG writes img as a baseline JPEG at quality 1–100. JPEG has no
// alpha, so any remaining transparency is flattened over white; Render has
// already painted Template.Background, so set that to choose another colour.
func EncodeJPEG(w io.Writer, img *image.NRGBA, quality int) error {
	if quality < 1 || quality > 100 {
		return fmt.Errorf("pfp: jpeg quality %d outside 1–100", quality)
	}
	// An opaque NRGBA has the same bytes as an RGBA, and image/jpeg has a
	// fast path for *image.RGBA (no per-pixel At calls).
	rgba := &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}
	if !isOpaque(img) {
		rgba = flattenOverWhite(img)
	}
	return encodeJPEGRGBA(w, rgba, quality)
}

// encodeJPEGStd encodes with image/jpeg.
func encodeJPEGStd(w io.Writer, img *image.RGBA, quality int) error {
	if err := jpeg.Encode(w, img, &jpeg.Options{Quality: quality}); err != nil {
		return fmt.Errorf("pfp: encode jpeg: %w", err)
	}
	return nil
}

// encodeJPEGYCCStd encodes 4:2:0 planes with image/jpeg.
func encodeJPEGYCCStd(w io.Writer, img *image.YCbCr, quality int) error {
	if err := jpeg.Encode(w, img, &jpeg.Options{Quality: quality}); err != nil {
		return fmt.Errorf("pfp: encode jpeg: %w", err)
	}
	return nil
}

func flattenOverWhite(img *image.NRGBA) *image.RGBA {
	out := image.NewRGBA(img.Rect)
	for y := range img.Rect.Dy() {
		s := img.Pix[y*img.Stride : y*img.Stride+4*img.Rect.Dx()]
		d := out.Pix[y*out.Stride:]
		for i := 0; i < len(s); i += 4 {
			a := uint32(s[i+3])
			for c := range 3 {
				d[i+c] = uint8((uint32(s[i+c])*a + 255*(255-a) + 127) / 255)
			}
			d[i+3] = 0xff
		}
	}
	return out
}
