package pfp

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"testing"
)

// withExif inserts an APP1 Exif segment carrying Orientation o right after
// SOI, as a camera would, in big- (MM) or little-endian (II) TIFF order.
func withExif(jpg []byte, o uint16, bigEndian bool) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	tiff := []byte("II*\x00")
	if bigEndian {
		bo, tiff = binary.BigEndian, []byte("MM\x00*")
	}
	tiff = bo.AppendUint32(tiff, 8)      // IFD0 offset
	tiff = bo.AppendUint16(tiff, 2)      // two entries: a decoy, then Orientation
	tiff = bo.AppendUint16(tiff, 0x010f) // Make, ASCII, 4 bytes inline
	tiff = bo.AppendUint16(tiff, 2)
	tiff = bo.AppendUint32(tiff, 4)
	tiff = append(tiff, "Cam\x00"...)
	tiff = bo.AppendUint16(tiff, 0x0112) // Orientation, SHORT, 1
	tiff = bo.AppendUint16(tiff, 3)
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0)
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(len(seg)+2))
	app1 = append(app1, seg...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

func TestJPEGOrientationParse(t *testing.T) {
	base := encJPEG(t, fill(8, 8, opaque(0, 0, 0)))
	if got := jpegOrientation(base); got != 1 {
		t.Errorf("no Exif: got %d, want 1", got)
	}
	for o := uint16(1); o <= 8; o++ {
		for _, be := range []bool{true, false} {
			if got := jpegOrientation(withExif(base, o, be)); got != int(o) {
				t.Errorf("orientation %d (big-endian %v): parsed %d", o, be, got)
			}
		}
	}
	// Garbage never panics and falls back to upright.
	bad := withExif(base, 6, true)
	for cut := 0; cut < 60; cut++ {
		jpegOrientation(bad[:cut])
	}
	if got := jpegOrientation(withExif(base, 9, false)); got != 1 {
		t.Errorf("out-of-range orientation: got %d, want 1", got)
	}
}

// TestEXIFOrientationUpright renders a stored image with a red block in its
// top-left quadrant and a blue block in its top-right quadrant under each
// orientation, and checks where the blocks end up (an upright PFP from a
// phone photo taken sideways).
func TestEXIFOrientationUpright(t *testing.T) {
	red, blue, gray := opaque(230, 20, 20), opaque(20, 20, 230), opaque(128, 128, 128)
	m := fill(256, 256, gray)
	rect(m, image.Rect(0, 0, 128, 128), red)
	rect(m, image.Rect(128, 0, 256, 128), blue)
	base := encJPEG(t, m)
	const TL, TR, BL, BR = 0, 1, 2, 3
	want := map[uint16][2]int{ // red, blue
		1: {TL, TR}, 2: {TR, TL}, 3: {BR, BL}, 4: {BL, BR},
		5: {TL, BL}, 6: {TR, BR}, 7: {BR, TR}, 8: {BL, TL},
	}
	at := func(out *image.NRGBA, q int) color.NRGBA { return out.NRGBAAt(32+64*(q%2), 32+64*(q/2)) }
	for o, w := range want {
		out := render(t, withExif(base, o, o%2 == 0), Template{Size: 128})
		if c := at(out, w[0]); !near(c, red, 12) {
			t.Errorf("orientation %d: red quadrant %d is %v", o, w[0], c)
		}
		if c := at(out, w[1]); !near(c, blue, 12) {
			t.Errorf("orientation %d: blue quadrant %d is %v", o, w[1], c)
		}
	}
}

// A landscape-stored phone photo with orientation 6 is a portrait and must
// get the portrait (head-and-shoulders) framing.
func TestOrientationSwapsAxesBeforeFraming(t *testing.T) {
	// Stored 400×300; upright (rotated 90° clockwise) it is 300×400 and the
	// stored left column becomes the top row. Mark the stored right edge:
	// upright it is the bottom, which head-and-shoulders must drop.
	m := fill(400, 300, opaque(128, 128, 128))
	rect(m, image.Rect(380, 0, 400, 300), opaque(230, 20, 20))
	out := render(t, withExif(encJPEG(t, m), 6, true), Template{Size: 128})
	for x := 0; x < 128; x += 8 {
		if c := out.NRGBAAt(x, 127); c.R > 180 && c.G < 80 {
			t.Fatalf("bottom marker survived at x=%d: orientation not applied before framing", x)
		}
	}
}

func TestOrientMatchesSwapsAxes(t *testing.T) {
	m := fill(3, 2, opaque(1, 1, 1))
	for o := 1; o <= 8; o++ {
		got := orient(m, o).Rect.Size()
		want := image.Pt(3, 2)
		if swapsAxes(o) {
			want = image.Pt(2, 3)
		}
		if got != want || !bytes.Equal(orient(m, o).Pix[:4], m.Pix[:4]) {
			t.Errorf("orientation %d: size %v, want %v", o, got, want)
		}
	}
}
