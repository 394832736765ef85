package pfp

import (
	"errors"
	"fmt"
	"image/color"
)

// Size limits of a rendered profile picture. They match HeadshotPro's
// template editor (128–1024 px); 600 is what "Download PFP" produces.
const (
	DefaultSize     = 600
	MinSize         = 128
	MaxSize         = 1024
	MaxOutlineWidth = 32
)

// renderVersion is part of every Template.Key. Bump it whenever a change to
// the pipeline alters the pixels produced for the same template, so cached
// PFPs (whose cache keys contain the template key) are regenerated instead
// of served stale.
const renderVersion = 5 // 5: JPEG output of a plain square is resized on 4:2:0 planes

// ErrInvalidTemplate is returned (wrapped) by Template.Validate and Render.
var ErrInvalidTemplate = errors.New("pfp: invalid template")

// Shape is the outline of the profile picture.
type Shape uint8

const (
	// Square is the zero value: the built-in HeadshotPro PFP (no template)
	// is a plain head-and-shoulders square crop.
	Square Shape = iota
	// Rounded is a square with corners of radius Size/8.
	Rounded
	// Circle is the usual avatar shape; corners outside it show Background.
	Circle
)

func (s Shape) String() string {
	switch s {
	case Square:
		return "square"
	case Rounded:
		return "rounded"
	case Circle:
		return "circle"
	}
	return fmt.Sprintf("shape(%d)", uint8(s))
}

// cornerRadius is the corner radius in output pixels for a picture of the
// given size. Square and circle are the two extremes of the same rounded box,
// which lets mask.go use one anti-aliased signed-distance function for all.
func (s Shape) cornerRadius(size int) float64 {
	switch s {
	case Rounded:
		return float64(size) / 8
	case Circle:
		return float64(size) / 2
	}
	return 0
}

// Framing chooses which square of the source becomes the picture.
// HeadAndShoulders and Smart first look for a face (face.go) and, when one
// is found, frame it the same way for everyone: eyes at 40 % of the square,
// the face 45 % of its side, centred on the face. Without a face (and
// always for Centre) the square has the short side of the upright source
// and the framing decides where it sits along the long side.
type Framing uint8

const (
	// HeadAndShoulders (default) frames the face; without one it biases the
	// square upwards on portrait sources: AI headshots put the face in the
	// upper part of the frame, and a geometric centre crop cuts the top of
	// the head while keeping the chest.
	HeadAndShoulders Framing = iota
	// Centre is the geometric centre crop (what vipsthumbnail -m centre
	// does); it never looks for a face.
	Centre
	// Smart frames the face like HeadAndShoulders; without one it looks for
	// the largest skin-toned blob on the shrunk image and places the square
	// around it, and without that falls back to HeadAndShoulders.
	Smart
)

func (f Framing) String() string {
	switch f {
	case HeadAndShoulders:
		return "head"
	case Centre:
		return "centre"
	case Smart:
		return "smart"
	}
	return fmt.Sprintf("framing(%d)", uint8(f))
}

// Template describes how a profile picture looks. The zero value is valid and
// is HeadshotPro's built-in PFP: a 600×600 head-and-shoulders square.
type Template struct {
	Shape Shape
	// Size is the side of the square output in pixels; 0 means DefaultSize,
	// otherwise it must be within MinSize..MaxSize.
	Size int
	// Background fills everything the photo does not cover: the corners
	// outside a rounded or circle shape and any transparent source pixels.
	// The zero value is transparent, which a PNG keeps and a JPEG turns white.
	Background color.NRGBA
	// Outline is drawn as a ring of OutlineWidth pixels (0–32) just inside
	// the shape's edge. Width 0 or a transparent colour draws nothing.
	Outline      color.NRGBA
	OutlineWidth int
	// Grayscale renders the photo (not background or outline) in gray.
	Grayscale bool
	Framing   Framing
}

// drawsNothingOver reports that nothing is drawn over an opaque photo: a
// square without outline (the background shows only through transparency).
func (t Template) drawsNothingOver() bool {
	return t.Shape == Square && (t.OutlineWidth == 0 || t.Outline.A == 0)
}

// normalized fills defaults so that equal-looking templates have equal keys.
func (t Template) normalized() Template {
	if t.Size == 0 {
		t.Size = DefaultSize
	}
	if t.OutlineWidth == 0 || t.Outline.A == 0 {
		t.OutlineWidth, t.Outline = 0, color.NRGBA{}
	}
	if t.Background.A == 0 {
		t.Background = color.NRGBA{}
	}
	return t
}

// Validate reports whether the template can be rendered. Errors wrap
// ErrInvalidTemplate.
func (t Template) Validate() error {
	if t.Shape > Circle {
		return fmt.Errorf("%w: unknown shape %d", ErrInvalidTemplate, t.Shape)
	}
	if t.Framing > Smart {
		return fmt.Errorf("%w: unknown framing %d", ErrInvalidTemplate, t.Framing)
	}
	if t.Size != 0 && (t.Size < MinSize || t.Size > MaxSize) {
		return fmt.Errorf("%w: size %d outside %d–%d", ErrInvalidTemplate, t.Size, MinSize, MaxSize)
	}
	if t.OutlineWidth < 0 || t.OutlineWidth > MaxOutlineWidth {
		return fmt.Errorf("%w: outline width %d outside 0–%d", ErrInvalidTemplate, t.OutlineWidth, MaxOutlineWidth)
	}
	return nil
}

// Key is a stable, human-readable identity of the rendered look, e.g.
// "v2-circle-600-bg00000000-ol000000ff.4-gray-head". Templates that render
// identically (e.g. Size 0 and Size 600) share a key; any change to the
// pipeline's output bumps the leading version. Cache keys of rendered PFPs
// contain it (blobs.PFPKey).
func (t Template) Key() string {
	n := t.normalized()
	gray := "color"
	if n.Grayscale {
		gray = "gray"
	}
	return fmt.Sprintf("v%d-%s-%d-bg%s-ol%s.%d-%s-%s",
		renderVersion, n.Shape, n.Size, hexColor(n.Background), hexColor(n.Outline), n.OutlineWidth, gray, n.Framing)
}

func hexColor(c color.NRGBA) string {
	return fmt.Sprintf("%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}
