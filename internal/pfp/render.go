package pfp

import (
	"context"
	"fmt"
	"image"
	"io"
	"math"
)

// Renderer makes profile pictures. The zero value is ready to use with
// DefaultLimits; it holds no state, so one Renderer may serve any number of
// goroutines. Callers bound concurrency themselves (decode is the memory
// peak: ~1.5 bytes per source pixel for JPEG, 4–8 for PNG).
type Renderer struct {
	Limits Limits
}

// Render decodes src (JPEG or PNG), turns it upright, frames it per
// t.Framing and returns a t.Size×t.Size picture in t's shape, background,
// outline and colour mode. Errors wrap ErrTooLarge, ErrUnsupported,
// ErrCorrupt or ErrInvalidTemplate, or are ctx.Err(), or a read error of src.
func (r Renderer) Render(ctx context.Context, src io.Reader, t Template) (*image.NRGBA, error) {
	out, _, err := r.RenderFramed(ctx, src, t)
	return out, err
}

// Framed says how Render framed a picture, in pixels of the upright source
// image, so a caller can tell people "no face found: centred crop".
type Framed struct {
	// Crop is the square of the source that became the picture.
	Crop image.Rectangle
	// FaceFound reports whether Crop was placed on a detected face; false
	// for Centre (which never looks) and when no face was found, in which
	// case Crop is the framing's fallback and Face is zero.
	FaceFound bool
	Face      Face
}

// RenderFramed is Render that also reports the framing it chose.
func (r Renderer) RenderFramed(ctx context.Context, src io.Reader, t Template) (*image.NRGBA, Framed, error) {
	img, fr, err := r.render(ctx, src, t, false)
	if err != nil {
		return nil, Framed{}, err
	}
	return img.(*image.NRGBA), fr, nil
}

// render is RenderFramed. With forJPEG, a picture that will be encoded as
// JPEG and has nothing drawn over it may come back as 4:2:0 planes
// (*image.YCbCr, see resizeToYCC); otherwise it is an *image.NRGBA.
func (r Renderer) render(ctx context.Context, src io.Reader, t Template, forJPEG bool) (image.Image, Framed, error) {
	if err := t.Validate(); err != nil {
		return nil, Framed{}, err
	}
	t = t.normalized()
	s, err := readSource(src, r.Limits.withDefaults())
	if err != nil {
		return nil, Framed{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, Framed{}, err
	}
	orientation := 1
	if s.format == formatJPEG {
		orientation = jpegOrientation(s.data)
	}
	region := decodeRegion(s.w, s.h, orientation, t.Framing)
	out, fr, ok, err := r.renderRegion(ctx, s, t, orientation, region, forJPEG)
	if err == nil && !ok {
		// The square sits on a face lower than the rows decoded.
		out, fr, _, err = r.renderRegion(ctx, s, t, orientation, image.Rect(0, 0, s.w, s.h), forJPEG)
	}
	return out, fr, err
}

// renderRegion is RenderFramed with only region decoded (see
// decodeRegion). ok is false when the square it chose is not within the
// rows decoded; then nothing was rendered.
func (r Renderer) renderRegion(ctx context.Context, s *source, t Template, orientation int, region image.Rectangle, forJPEG bool) (_ image.Image, _ Framed, ok bool, _ error) {
	whole := region == image.Rect(0, 0, s.w, s.h)
	// Only Centre decodes at any M/8 scale: the face search must see the
	// pixels it always saw (dctScaleFor).
	img, size, err := s.decode(t.Size, region, t.Framing == Centre)
	if err != nil {
		return nil, Framed{}, false, err
	}
	if whole {
		s.data = nil // let the encoded bytes go before allocating more
	}
	if err := ctx.Err(); err != nil {
		return nil, Framed{}, false, err
	}
	// top: the first rows of the image were decoded, every column (see
	// decodeRegion); the framing works in the whole image, size.Y rows at
	// the decoded scale.
	top := !whole && region.Min == image.Point{} && region.Dx() == s.w
	// The square is at most the short side of the source, so the shrink
	// can target that before we know where the crop sits. (A native decode
	// may already have scaled: use the decoded size.)
	b := img.Bounds()
	k := shrinkFactor(min(b.Dx(), b.Dy()), t.Size)
	small, h := r.shrinkTop(img, size, k, top, orientation)
	crop, face, found := choose(small, h, t.Framing)
	if k > 1 && crop.Dx() < t.Size {
		// Framing on a face zoomed in past the shrunk pixels: shrink the
		// decoded image less, so the square is resampled down, not up.
		k2 := shrinkFactor(crop.Dx()*k, t.Size)
		small, h = r.shrinkTop(img, size, k2, top, orientation)
		crop = scaleSquare(crop, float64(k)/float64(k2), image.Rect(0, 0, small.Rect.Dx(), h))
		face = face.scale(float64(k)/float64(k2), float64(k)/float64(k2))
	}
	if crop.Max.Y > small.Rect.Dy() {
		return nil, Framed{}, false, nil
	}
	img = nil
	var out image.Image
	if forJPEG && s.format == formatJPEG && t.drawsNothingOver() && crop.Dx() < 2*t.Size {
		out = resizeToYCC(small, crop, t.Size, t.Grayscale)
	} else {
		rgb := resampleKnown(small, crop, t.Size, s.format == formatJPEG)
		if t.Grayscale {
			grayscale(rgb)
		}
		compose(rgb, t)
		out = rgb
	}

	// Report in upright source pixels.
	uw, uh := s.w, s.h
	if orientation >= 5 { // the transposing orientations swap the sides
		uw, uh = uh, uw
	}
	fx, fy := float64(uw)/float64(small.Rect.Dx()), float64(uh)/float64(h)
	fr := Framed{Crop: scaleSquare(crop, fx, image.Rect(0, 0, uw, uh)), FaceFound: found}
	if t.Framing == Centre && !whole {
		// Only the square Centre keeps was decoded (upright, see
		// decodeRegion): that square is the crop, in source pixels.
		fr.Crop = region
	}
	if found {
		fr.Face = face.scale(fx, fy)
	}
	return out, fr, true, nil
}

// shrinkTop shrinks img by k and turns it upright, returning it and the
// height of the whole image at that scale. When img is only the top rows
// of the image (top), a last block row that the decoded rows do not fill
// is left out: it would average fewer rows than the same block of the
// whole image.
func (Renderer) shrinkTop(img image.Image, size image.Point, k int, top bool, orientation int) (*image.NRGBA, int) {
	if !top {
		small := orient(shrink(img, k), orientation)
		return small, small.Rect.Dy()
	}
	b := img.Bounds()
	b.Max.Y = b.Min.Y + b.Dy()/k*k
	return orient(shrink(subImage(img, b), k), orientation), ceilDiv(size.Y, k)
}

// scaleSquare maps a square onto an image resized by f, keeping it square
// and inside bounds.
func scaleSquare(r image.Rectangle, f float64, bounds image.Rectangle) image.Rectangle {
	side := min(int(math.Round(float64(r.Dx())*f)), bounds.Dx(), bounds.Dy())
	x := max(0, min(int(math.Round(float64(r.Min.X)*f)), bounds.Dx()-side))
	y := max(0, min(int(math.Round(float64(r.Min.Y)*f)), bounds.Dy()-side))
	return image.Rect(x, y, x+side, y+side)
}

func scaleRect(r image.Rectangle, fx, fy float64) image.Rectangle {
	s := func(v int, f float64) int { return int(math.Round(float64(v) * f)) }
	return image.Rect(s(r.Min.X, fx), s(r.Min.Y, fy), s(r.Max.X, fx), s(r.Max.Y, fy))
}

// RenderTo renders src and encodes the result to w as f. JPEG uses
// DefaultJPEGQuality. Nothing is written to w unless rendering succeeded.
func (r Renderer) RenderTo(ctx context.Context, w io.Writer, src io.Reader, t Template, f Format) error {
	if f != PNG && f != JPEG {
		return fmt.Errorf("pfp: unknown format %d", f)
	}
	img, _, err := r.render(ctx, src, t, f == JPEG)
	if err != nil {
		return err
	}
	switch img := img.(type) {
	case *image.YCbCr:
		return encodeJPEGYCC(w, img, DefaultJPEGQuality)
	case *image.NRGBA:
		if f == PNG {
			return EncodePNG(w, img)
		}
		return EncodeJPEG(w, img, DefaultJPEGQuality)
	}
	return fmt.Errorf("pfp: rendered an unexpected %T", img)
}

// Render is Renderer{}.Render: default limits.
func Render(ctx context.Context, src io.Reader, t Template) (*image.NRGBA, error) {
	return Renderer{}.Render(ctx, src, t)
}

// RenderTo is Renderer{}.RenderTo: default limits.
func RenderTo(ctx context.Context, w io.Writer, src io.Reader, t Template, f Format) error {
	return Renderer{}.RenderTo(ctx, w, src, t, f)
}
