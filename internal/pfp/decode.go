package pfp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
)

// Typed errors. Every error Render returns for a bad source wraps exactly one
// of them, so callers can tell "skip this member" from "retry the download".
var (
	// ErrTooLarge: the body or the declared dimensions exceed Limits. It is
	// decided before decoding, so a decompression bomb costs no memory.
	ErrTooLarge = errors.New("pfp: image too large")
	// ErrUnsupported: not a JPEG or PNG (HTML error page, WebP, HEIC, GIF…).
	ErrUnsupported = errors.New("pfp: unsupported image format")
	// ErrCorrupt: looks like JPEG/PNG but does not decode (truncated, damaged
	// or empty). A truncated download is the usual cause, so retrying the
	// download once is reasonable.
	ErrCorrupt = errors.New("pfp: corrupt image")
)

// Limits bound what Render is willing to decode. Zero fields take the
// DefaultLimits value.
type Limits struct {
	// MaxBytes is the largest encoded body read. A longer body is refused
	// after reading MaxBytes+1 bytes, never buffered whole.
	MaxBytes int64
	// MaxPixels bounds width×height as declared in the header (int64 math).
	// A 12 MP headshot decodes to ~18 MB of YCbCr; 50 MP to ~75 MB.
	MaxPixels int64
	// MaxSide bounds each dimension, refusing absurd shapes (e.g. 60000×10)
	// that pass the pixel budget. Values above 65535 are clamped to 65535.
	MaxSide int
}

// DefaultLimits are generous for phone and AI-generated headshots (≤ 12 MP,
// ≤ 10 MB) while keeping a single decode well under 100 MB of memory.
var DefaultLimits = Limits{
	MaxBytes:  40 << 20,
	MaxPixels: 50_000_000,
	MaxSide:   16384,
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultLimits.MaxSide
	}
	// The box shrinker sums up to MaxSide samples of 255×255 in a uint32.
	l.MaxSide = min(l.MaxSide, 65535)
	return l
}

type format uint8

const (
	formatJPEG format = iota + 1
	formatPNG
)

func (f format) String() string {
	if f == formatPNG {
		return "png"
	}
	return "jpeg"
}

// sniffLen is how much of the body is read before anything else is decided:
// enough for the magic number and, usually, the whole JPEG/PNG header, so
// that unsupported bodies and oversized headers are refused without reading
// the rest.
const sniffLen = 64 << 10

// source is a fully read, size-checked, not yet decoded image.
type source struct {
	data   []byte
	format format
	w, h   int // as stored, before EXIF orientation
}

// readSource reads src within l and checks the declared dimensions.
// It never decodes pixel data.
func readSource(src io.Reader, l Limits) (*source, error) {
	// Readers that know their length (bytes.Reader, strings.Reader,
	// bytes.Buffer, a file) let us refuse an oversized body without
	// reading it, and read the rest into a buffer of the right size.
	known := knownLength(src)
	if known > l.MaxBytes {
		return nil, fmt.Errorf("%w: body is %d bytes, limit %d", ErrTooLarge, known, l.MaxBytes)
	}
	head := make([]byte, min(int64(sniffLen), l.MaxBytes+1))
	n, err := io.ReadFull(src, head)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF: // short body: fine
	case err != nil:
		return nil, fmt.Errorf("pfp: read image: %w", err)
	}
	head = head[:n]
	f, err := sniff(head)
	if err != nil {
		return nil, err
	}
	// Check the header on what we have so far: a bomb is refused after 64 KB.
	if w, h, err := decodeConfig(head, f); err == nil {
		if err := checkDims(w, h, l); err != nil {
			return nil, err
		}
	}

	// A length known in advance sizes the buffer exactly (+ MinRead, so
	// reading up to the end never grows it): an export reading 600 KB
	// headshots on every core then holds 600 KB each, not 4 MB.
	want := min(int(l.MaxBytes)+1, 4<<20)
	if known >= 0 {
		want = min(int(known)+bytes.MinRead, int(l.MaxBytes)+1)
	}
	buf := bytes.NewBuffer(make([]byte, 0, max(len(head), want)))
	buf.Write(head)
	if n == len(head) && int64(n) <= l.MaxBytes { // there may be more
		if _, err := io.Copy(buf, io.LimitReader(src, l.MaxBytes+1-int64(n))); err != nil {
			return nil, fmt.Errorf("pfp: read image: %w", err)
		}
	}
	if int64(buf.Len()) > l.MaxBytes {
		return nil, fmt.Errorf("%w: body exceeds %d bytes", ErrTooLarge, l.MaxBytes)
	}
	data := buf.Bytes()
	w, h, err := decodeConfig(data, f)
	if err != nil {
		return nil, classify(err, f, "header")
	}
	if err := checkDims(w, h, l); err != nil {
		return nil, err
	}
	return &source{data: data, format: f, w: w, h: h}, nil
}

// knownLength is how many bytes src will give, when it says (-1 when it
// does not): Len for in-memory readers, the size of a regular file.
func knownLength(src io.Reader) int64 {
	switch r := src.(type) {
	case interface{ Len() int }:
		return int64(r.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return -1
}

func sniff(b []byte) (format, error) {
	switch {
	case len(b) == 0:
		return 0, fmt.Errorf("%w: empty body", ErrCorrupt)
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return formatJPEG, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG, nil
	case len(b) < 8 && (bytes.HasPrefix([]byte("\xff\xd8\xff"), b) || bytes.HasPrefix([]byte("\x89PNG\r\n\x1a\n"), b)):
		return 0, fmt.Errorf("%w: truncated after %d bytes", ErrCorrupt, len(b))
	}
	return 0, fmt.Errorf("%w: starts with %q", ErrUnsupported, b[:min(len(b), 8)])
}

func decodeConfig(b []byte, f format) (w, h int, err error) {
	var cfg image.Config
	if f == formatPNG {
		cfg, err = png.DecodeConfig(bytes.NewReader(b))
	} else {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(b))
	}
	return cfg.Width, cfg.Height, err
}

func checkDims(w, h int, l Limits) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: dimensions %d×%d", ErrCorrupt, w, h)
	}
	if w > l.MaxSide || h > l.MaxSide {
		return fmt.Errorf("%w: %d×%d has a side above %d px", ErrTooLarge, w, h, l.MaxSide)
	}
	if px := int64(w) * int64(h); px > l.MaxPixels {
		return fmt.Errorf("%w: %d×%d is %d pixels, limit %d", ErrTooLarge, w, h, px, l.MaxPixels)
	}
	return nil
}

// decode decodes the pixel data and returns the part region of it (stored
// orientation; see decodeRegion), with its top-left corner at (0,0) or at
// region.Min, and the size of the whole image at the scale it was decoded
// at (a native decoder may scale it down; see dctScaleFor for fine).
// Decoders in the standard library are fuzzed, but a panic on hostile
// input must never take the app down with it, so one is turned into
// ErrCorrupt.
func (s *source) decode(size int, region image.Rectangle, fine bool) (img image.Image, whole image.Point, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("%w: %s decoder panicked: %v", ErrCorrupt, s.format, r)
		}
	}()
	whole = image.Pt(s.w, s.h)
	if s.format == formatPNG {
		img, err = png.Decode(bytes.NewReader(s.data))
		if err != nil {
			return nil, whole, classify(err, s.format, "data")
		}
	} else {
		// The native decoder may decode only the region, scaled down;
		// size is the smallest short side the caller can use.
		var cropped bool
		var num int
		if img, cropped, num, err = decodeJPEGRegion(s.data, s.w, s.h, size, region, fine); err != nil {
			return nil, whole, err
		}
		if cropped {
			// checked by the native decoder
			return img, image.Pt(ceilDiv(s.w*num, 8), ceilDiv(s.h*num, 8)), nil
		}
	}
	if b := img.Bounds(); b.Dx() != s.w || b.Dy() != s.h {
		return nil, whole, fmt.Errorf("%w: decoded %v, header said %d×%d", ErrCorrupt, b.Size(), s.w, s.h)
	}
	return subImage(img, region), whole, nil
}

// subImage is the part r of img, sharing its pixels (every image type the
// decoders return can do that); img itself when r is all of it.
func subImage(img image.Image, r image.Rectangle) image.Image {
	if r == img.Bounds() {
		return img
	}
	if si, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return si.SubImage(r)
	}
	return img
}

// decodeJPEGTop decodes only the first rows rows of a w-pixel-wide JPEG
// with image/jpeg, or reports false (then decode it whole). It declares a
// shorter image in the frame header (SOF0/1/2), handing image/jpeg the
// file with those two bytes replaced: the decoder then decodes the MCU rows
// it was told about and skips the rest of each scan as extraneous bytes on
// its way to the end marker, a byte scan instead of Huffman decoding and
// IDCT. A file cut short still fails there, as in a whole decode. Rows above
// a crop cannot be skipped: every block's DC value depends on the one
// before it.
func decodeJPEGTop(data []byte, w, rows int) (image.Image, bool) {
	at := jpegFrameHeightAt(data)
	if at < 0 || rows <= 0 || rows >= int(binary.BigEndian.Uint16(data[at:])) {
		return nil, false
	}
	var height [2]byte
	binary.BigEndian.PutUint16(height[:], uint16(rows))
	img, err := jpeg.Decode(io.MultiReader(bytes.NewReader(data[:at]), bytes.NewReader(height[:]), bytes.NewReader(data[at+2:])))
	if err != nil || img.Bounds() != image.Rect(0, 0, w, rows) {
		return nil, false
	}
	return img, true
}

// jpegFrameHeightAt is the offset of the image height in a JPEG's baseline,
// extended or progressive frame header, or -1 (no such header, or a height
// of 0, which a later DNL marker would define).
func jpegFrameHeightAt(b []byte) int {
	for i := 2; i+9 <= len(b); {
		if b[i] != 0xff {
			return -1
		}
		marker := b[i+1]
		switch {
		case marker == 0xff: // fill byte
			i++
			continue
		case marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7):
			i += 2
			continue
		case marker == 0xda || marker == 0xd9: // scan or end before any frame
			return -1
		case marker == 0xc0 || marker == 0xc1 || marker == 0xc2:
			if binary.BigEndian.Uint16(b[i+5:]) == 0 {
				return -1
			}
			return i + 5
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return -1
}

// decodeJPEGStd decodes with image/jpeg.
func decodeJPEGStd(data []byte) (image.Image, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, classify(err, formatJPEG, "data")
	}
	return img, nil
}

// classify maps a decoder error to ErrUnsupported (a valid file using a
// feature the decoder lacks, e.g. 12-bit or arithmetic-coded JPEG) or
// ErrCorrupt (anything else), keeping the decoder's message.
func classify(err error, f format, what string) error {
	var je jpeg.UnsupportedError
	var pe png.UnsupportedError
	if errors.As(err, &je) || errors.As(err, &pe) {
		return fmt.Errorf("%w: %s %s: %w", ErrUnsupported, f, what, err)
	}
	return fmt.Errorf("%w: %s %s: %w", ErrCorrupt, f, what, err)
}

// DecoderName names the JPEG decoder of this build, for benchmarks and
// "Copy system details": "libjpeg-turbo" with -tags turbojpeg, else
// "image/jpeg".
func DecoderName() string {
	if nativeJPEG {
		return "libjpeg-turbo"
	}
	return "image/jpeg"
}
