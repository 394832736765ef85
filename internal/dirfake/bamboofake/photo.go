package bamboofake

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
)

// Image draws a w×h picture in format ("jpeg", "png" or "gif"), coloured
// by seed so different seeds give different bytes: existing photos for
// seeded employees, and photos that break a limit for tests.
func Image(format string, w, h, seed int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{uint8(40 + seed*37%200), uint8(60 + seed*91%180), uint8(80 + seed*53%160), 255}
	draw.Draw(img, img.Bounds(), &image.Uniform{bg}, image.Point{}, draw.Src)
	// A lighter disc in the middle, so the picture is not flat.
	cx, cy, r := w/2, h/2, min(w, h)/3
	fg := color.RGBA{255 - bg.R/2, 255 - bg.G/2, 255 - bg.B/2, 255}
	for y := cy - r; y < cy+r; y++ {
		for x := cx - r; x < cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
				img.Set(x, y, fg)
			}
		}
	}
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	case "png":
		err = png.Encode(&b, img)
	case "gif":
		p := image.NewPaletted(img.Bounds(), palette.Plan9)
		draw.Draw(p, p.Bounds(), img, image.Point{}, draw.Src)
		err = gif.Encode(&b, p, nil)
	default:
		return nil, fmt.Errorf("bamboofake: unknown image format %q", format)
	}
	if err != nil {
		return nil, fmt.Errorf("bamboofake: encode %s: %w", format, err)
	}
	return b.Bytes(), nil
}

// MustImage is Image for seeds and tests, where a failure is a bug.
func MustImage(format string, w, h, seed int) []byte {
	b, err := Image(format, w, h, seed)
	if err != nil {
		panic(err)
	}
	return b
}
