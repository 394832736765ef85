package pfp

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"io"
	"runtime"
	"testing"
)

// pngBomb is a valid PNG signature + IHDR declaring w×h RGBA, and nothing
// else: 33 bytes that would decode to w·h·4 bytes.
func pngBomb(w, h uint32) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// jpegBomb is a real small JPEG whose SOF0 is patched to declare w×h.
func jpegBomb(t testing.TB, w, h uint16) []byte {
	b := encJPEG(t, fill(16, 16, opaque(9, 9, 9)))
	i := bytes.Index(b, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0")
	}
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

func heapDelta(fn func()) int64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return int64(b.TotalAlloc - a.TotalAlloc)
}

func TestBombRefusedBeforeDecode(t *testing.T) {
	cases := map[string][]byte{
		"png 40000×40000":   pngBomb(40000, 40000),
		"png 100000×100000": pngBomb(100000, 100000),
		"png 60000×10":      pngBomb(60000, 10), // few pixels, absurd side
		"jpeg 65535×65535":  jpegBomb(t, 65535, 65535),
		"jpeg 8000×8000":    jpegBomb(t, 8000, 8000), // 64 MP > 50 MP
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			var err error
			alloc := heapDelta(func() { _, err = Render(context.Background(), bytes.NewReader(b), Template{}) })
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %v, want ErrTooLarge", err)
			}
			if alloc > 2<<20 {
				t.Errorf("allocated %d bytes refusing a bomb; want < 2 MB (no decode)", alloc)
			}
		})
	}
}

// endless yields n bytes (a JPEG signature, then zeros) without holding them.
type endless struct{ n, read int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.read >= e.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n-e.read)
	clear(p[:k])
	if e.read == 0 && k >= 4 {
		copy(p, "\xff\xd8\xff\xe0")
	}
	e.read += k
	return int(k), nil
}

func TestHugeBodyRefusedWithoutBufferingIt(t *testing.T) {
	body := &endless{n: 100 << 20}
	_, err := Render(context.Background(), body, Template{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if body.read > DefaultLimits.MaxBytes+1 {
		t.Errorf("read %d bytes, want ≤ MaxBytes+1 = %d", body.read, DefaultLimits.MaxBytes+1)
	}
	// With a small limit the same holds, cheaply.
	body = &endless{n: 100 << 20}
	_, err = Renderer{Limits: Limits{MaxBytes: 1 << 20}}.Render(context.Background(), body, Template{})
	if !errors.Is(err, ErrTooLarge) || body.read > 1<<20+1 {
		t.Errorf("small limit: err %v after reading %d bytes", err, body.read)
	}
}

func TestKnownLengthRefusedWithoutReading(t *testing.T) {
	r := bytes.NewReader(make([]byte, 2<<20))
	_, err := Renderer{Limits: Limits{MaxBytes: 1 << 20}}.Render(context.Background(), r, Template{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if r.Len() != 2<<20 {
		t.Errorf("read %d bytes of a body known to be too long", 2<<20-r.Len())
	}
}

func TestLimitsApplyToDimensions(t *testing.T) {
	src := encJPEG(t, fill(300, 200, opaque(1, 2, 3)))
	for _, l := range []Limits{{MaxPixels: 300*200 - 1}, {MaxSide: 299}, {MaxBytes: int64(len(src)) - 1}} {
		if _, err := (Renderer{Limits: l}).Render(context.Background(), bytes.NewReader(src), Template{Size: 128}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%+v: got %v, want ErrTooLarge", l, err)
		}
	}
	l := Limits{MaxPixels: 300 * 200, MaxSide: 300, MaxBytes: int64(len(src))}
	if _, err := (Renderer{Limits: l}).Render(context.Background(), bytes.NewReader(src), Template{Size: 128}); err != nil {
		t.Errorf("exactly at the limits: %v", err)
	}
}

func TestWrongContent(t *testing.T) {
	var g bytes.Buffer
	pal := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White})
	if err := gif.Encode(&g, pal, nil); err != nil {
		t.Fatal(err)
	}
	good := encJPEG(t, fill(64, 64, opaque(200, 100, 50)))
	goodPNG := encPNG(t, fill(64, 64, opaque(200, 100, 50)))
	cases := []struct {
		name string
		body []byte
		want error
	}{
		{"html error page", []byte("<!doctype html><html><body>403 Forbidden</body></html>"), ErrUnsupported},
		{"gif", g.Bytes(), ErrUnsupported},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), ErrUnsupported},
		{"heic", []byte("\x00\x00\x00\x18ftypheic"), ErrUnsupported},
		{"empty", nil, ErrCorrupt},
		{"jpeg magic only", []byte("\xff\xd8"), ErrCorrupt},
		{"jpeg truncated by 2 bytes", good[:len(good)-2], ErrCorrupt},
		{"jpeg cut in half", good[:len(good)/2], ErrCorrupt},
		{"jpeg header then garbage", append(append([]byte{}, good[:200]...), bytes.Repeat([]byte{0x55}, 500)...), ErrCorrupt},
		{"png truncated", goodPNG[:len(goodPNG)-20], ErrCorrupt},
		{"png bad crc", flip(goodPNG, 30), ErrCorrupt}, // inside IHDR's CRC
	}
	for _, c := range cases {
		_, err := Render(context.Background(), bytes.NewReader(c.body), Template{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadErrorIsNotAnImageError(t *testing.T) {
	_, err := Render(context.Background(), failingReader{}, Template{})
	if err == nil || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrUnsupported) || errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want a plain read error (the download failed, not the image)", err)
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Renderer{}.Render(ctx, bytes.NewReader(encJPEG(t, fill(64, 64, opaque(1, 1, 1)))), Template{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// flip returns a copy of b with byte i inverted.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0xff
	return c
}

// decodeJPEGTop gives exactly the first rows of a whole decode, for the
// usual chroma layouts and a height that is not a whole number of MCU rows;
// it declines what it cannot shorten, and a file cut short still fails.
func TestDecodeJPEGTopMatchesWholeDecode(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422} {
		src := image.NewYCbCr(image.Rect(0, 0, 203, 311), ratio)
		for y := range 311 {
			for x := range 203 {
				src.Y[src.YOffset(x, y)] = uint8(x*5 + y*3)
				src.Cb[src.COffset(x, y)] = uint8(100 + x%40)
				src.Cr[src.COffset(x, y)] = uint8(120 + y%50)
			}
		}
		data := encJPEG(t, src)
		whole, err := decodeJPEGStd(data)
		if err != nil {
			t.Fatal(err)
		}
		top, ok := decodeJPEGTop(data, 203, 250)
		if !ok {
			t.Fatalf("%v: not shortened", ratio)
		}
		if top.Bounds() != image.Rect(0, 0, 203, 250) {
			t.Fatalf("%v: bounds %v", ratio, top.Bounds())
		}
		for y := range 250 {
			for x := range 203 {
				if top.At(x, y) != whole.At(x, y) {
					t.Fatalf("%v: pixel (%d,%d) = %v, whole decode %v", ratio, x, y, top.At(x, y), whole.At(x, y))
				}
			}
		}
		if _, ok := decodeJPEGTop(data[:len(data)-2], 203, 250); ok {
			t.Errorf("%v: a file without its end marker decoded", ratio)
		}
		if _, ok := decodeJPEGTop(data, 203, 311); ok {
			t.Errorf("%v: shortened to its own height", ratio)
		}
	}
	if _, ok := decodeJPEGTop(encPNG(t, fill(8, 8, opaque(1, 2, 3))), 8, 4); ok {
		t.Error("a PNG was shortened as a JPEG")
	}
}
