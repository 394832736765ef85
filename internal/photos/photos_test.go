package photos

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
)

func check(b []byte) error {
	c := &checker{}
	// Written in uneven pieces, as a download arrives.
	for len(b) > 0 {
		n := min(len(b), 7)
		c.Write(b[:n])
		b = b[n:]
	}
	return c.verify()
}

func TestCheckerTellsCompleteFromDamaged(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	var j, p bytes.Buffer
	jpeg.Encode(&j, img, nil)
	png.Encode(&p, img)
	for name, tc := range map[string]struct {
		b  []byte
		ok bool
	}{
		"jpeg":           {j.Bytes(), true},
		"png":            {p.Bytes(), true},
		"jpeg cut short": {j.Bytes()[:j.Len()-20], false},
		"png cut short":  {p.Bytes()[:p.Len()-5], false},
		"html":           {[]byte("<html>Please log in</html>"), false},
		"empty":          {nil, false},
	} {
		if err := check(tc.b); (err == nil) != tc.ok {
			t.Errorf("%s: verify = %v, want ok=%v", name, err, tc.ok)
		}
	}
}
