package pfp

import (
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
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

// pngEncoder uses BestSpeed: on a 600×600 photo it is ~3× faster than the
// default level (≈45 vs ≈140 ms here) for a file ~10 % larger, and a PFP is
// made on demand while the user waits. The pool reuses the zlib writer and
// row buffers across encodes.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngPool{}}

type pngPool struct{ p sync.Pool }

func (b *pngPool) Get() *png.EncoderBuffer {
	if v, ok := b.p.Get().(*png.EncoderBuffer); ok {
		return v
	}
	return nil
}
func (b *pngPool) Put(v *png.EncoderBuffer) { b.p.Put(v) }

// EncodePNG writes img as PNG, keeping its alpha. A fully opaque image is
// written as RGB (image/png detects that), so square PFPs carry no alpha.
func EncodePNG(w io.Writer, img *image.NRGBA) error {
	if err := pngEncoder.Encode(w, img); err != nil {
		return fmt.Errorf("pfp: encode png: %w", err)
	}
	return nil
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
	if !img.Opaque() {
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
