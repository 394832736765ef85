package pfp

import (
	"encoding/binary"
	"image"

	"github.com/disintegration/imaging"
)

// Phones store the sensor's pixel order and record the rotation in the EXIF
// Orientation tag (1–8); a PFP must be upright. We parse the one tag we need
// ourselves instead of using imaging.Decode(AutoOrientation), because that
// decodes the full image a second time for nothing, and we apply the rotation
// to the already shrunk image, where it costs well under a millisecond.

// jpegOrientation returns the EXIF orientation (1–8) found in a JPEG's APP1
// segment, or 1 when there is none or it is malformed. It only walks the
// marker segments before the first scan; it never panics on garbage.
func jpegOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 1
		}
		marker := b[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) {
			i += 2 // stand-alone markers have no length
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan / end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o := exifOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation reads tag 0x0112 from IFD0 of a TIFF structure; 0 if absent.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	count := int64(bo.Uint16(t[off:]))
	for e := range count {
		p := off + 2 + 12*e
		if p+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[p:]) != 0x0112 {
			continue
		}
		// Type SHORT (3), count 1: the value sits in the first 2 bytes of
		// the 4-byte value field, in the file's byte order.
		if bo.Uint16(t[p+2:]) != 3 {
			return 0
		}
		if v := int(bo.Uint16(t[p+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// swapsAxes reports whether the upright image is the stored one turned by 90°.
func swapsAxes(o int) bool { return o >= 5 && o <= 8 }

// orient turns a stored-order image upright.
func orient(img *image.NRGBA, o int) *image.NRGBA {
	switch o {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img) // imaging rotates counter-clockwise
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}
