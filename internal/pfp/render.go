package pfp

import (
	"context"
	"fmt"
	"image"
	"io"
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
	if err := t.Validate(); err != nil {
		return nil, err
	}
	t = t.normalized()
	s, err := readSource(src, r.Limits.withDefaults())
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	orientation := 1
	if s.format == formatJPEG {
		orientation = jpegOrientation(s.data)
	}
	img, err := s.decode(t.Size, decodeRegion(s.w, s.h, orientation, t.Framing))
	if err != nil {
		return nil, err
	}
	s.data = nil // let the encoded bytes go before allocating more
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Every framing crops a square with the short side of the source, so
	// the shrink can target it before we know where the crop sits. (A
	// native decode may already have scaled: use the decoded size.)
	b := img.Bounds()
	small := orient(shrink(img, shrinkFactor(min(b.Dx(), b.Dy()), t.Size)), orientation)
	img = nil
	out := resample(small, frame(small, t.Framing), t.Size)
	if t.Grayscale {
		grayscale(out)
	}
	compose(out, t)
	return out, nil
}

// RenderTo renders src and encodes the result to w as f. JPEG uses
// DefaultJPEGQuality. Nothing is written to w unless rendering succeeded.
func (r Renderer) RenderTo(ctx context.Context, w io.Writer, src io.Reader, t Template, f Format) error {
	img, err := r.Render(ctx, src, t)
	if err != nil {
		return err
	}
	switch f {
	case PNG:
		return EncodePNG(w, img)
	case JPEG:
		return EncodeJPEG(w, img, DefaultJPEGQuality)
	}
	return fmt.Errorf("pfp: unknown format %d", f)
}

// Render is Renderer{}.Render: default limits.
func Render(ctx context.Context, src io.Reader, t Template) (*image.NRGBA, error) {
	return Renderer{}.Render(ctx, src, t)
}

// RenderTo is Renderer{}.RenderTo: default limits.
func RenderTo(ctx context.Context, w io.Writer, src io.Reader, t Template, f Format) error {
	return Renderer{}.RenderTo(ctx, w, src, t, f)
}
