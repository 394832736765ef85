package graphfake

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
)

// People returns n accounts person0001@domain … with display names; every
// withPhotoEvery-th one (0 = none) has a photo already (one shared
// 96×96 JPEG, as if set by Outlook long ago). Every 10th account's mail
// is in upper case and every 25th has no mail (only its UPN), as real
// tenants have.
func People(n int, domain string, withPhotoEvery int) []Account {
	old := SamplePhoto(96, 1)
	out := make([]Account, n)
	for i := range n {
		upn := fmt.Sprintf("person%04d@%s", i+1, domain)
		a := Account{UPN: upn, Mail: upn, DisplayName: fmt.Sprintf("Person %d", i+1)}
		switch {
		case i%25 == 24:
			a.Mail = ""
		case i%10 == 9:
			a.Mail = fmt.Sprintf("PERSON%04d@%s", i+1, domain)
		}
		if withPhotoEvery > 0 && i%withPhotoEvery == 0 {
			a.Photo, a.PhotoType = old, "image/jpeg"
		}
		out[i] = a
	}
	return out
}

// SamplePhoto draws a side×side JPEG whose content depends on seed (two
// seeds give two different files).
func SamplePhoto(side int, seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	base := color.RGBA{uint8(40 + seed*53%200), uint8(90 + seed*31%150), uint8(140 + seed*17%110), 255}
	draw.Draw(img, img.Bounds(), image.NewUniform(base), image.Point{}, draw.Src)
	face := color.RGBA{230, 200, 170, 255}
	cx, cy, r := side/2, side/3, side/5
	for y := max(cy-r, 0); y < min(cy+r, side); y++ {
		for x := max(cx-r, 0); x < min(cx+r, side); x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) < r*r {
				img.SetRGBA(x, y, face)
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return buf.Bytes()
}
