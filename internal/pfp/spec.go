package pfp

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
)

// Spec is a Template in words and colours, the way people write one: in
// settings.json, on the settings screen and as command-line flags. One
// parser for all of them, so "circle", "#1A2B3C" or "center" mean the same
// everywhere.
type Spec struct {
	Shape        string `json:"shape"`        // square, rounded or circle ("" = square)
	Size         int    `json:"size"`         // 128–1024 px (0 = 600)
	Background   string `json:"background"`   // #RRGGBB or transparent ("" = transparent)
	Outline      string `json:"outline"`      // #RRGGBB; used when OutlineWidth > 0
	OutlineWidth int    `json:"outlineWidth"` // 0–32 px; 0 = no outline
	Grayscale    bool   `json:"grayscale"`
	Framing      string `json:"framing"` // head (head and shoulders), centre or smart ("" = head)
}

// Template validates s and returns the Template it describes. Errors wrap
// ErrInvalidTemplate and say what to write instead.
func (s Spec) Template() (Template, error) {
	var t Template
	switch strings.ToLower(strings.TrimSpace(s.Shape)) {
	case "square", "":
		t.Shape = Square
	case "rounded":
		t.Shape = Rounded
	case "circle":
		t.Shape = Circle
	default:
		return t, fmt.Errorf("%w: unknown shape %q: choose square, rounded or circle", ErrInvalidTemplate, s.Shape)
	}
	if s.Size != 0 && (s.Size < MinSize || s.Size > MaxSize) {
		return t, fmt.Errorf("%w: the size must be %d to %d pixels (it is %d)", ErrInvalidTemplate, MinSize, MaxSize, s.Size)
	}
	t.Size = s.Size
	switch bg := strings.ToLower(strings.TrimSpace(s.Background)); bg {
	case "transparent", "none", "":
	default:
		c, err := ParseColor(bg)
		if err != nil {
			return t, fmt.Errorf("%w: background: %v (or transparent)", ErrInvalidTemplate, err)
		}
		t.Background = c
	}
	if s.OutlineWidth < 0 || s.OutlineWidth > MaxOutlineWidth {
		return t, fmt.Errorf("%w: the outline width must be 0 to %d pixels (it is %d)", ErrInvalidTemplate, MaxOutlineWidth, s.OutlineWidth)
	}
	if s.OutlineWidth > 0 {
		c, err := ParseColor(s.Outline)
		if err != nil {
			return t, fmt.Errorf("%w: outline colour: %v", ErrInvalidTemplate, err)
		}
		t.Outline, t.OutlineWidth = c, s.OutlineWidth
	}
	t.Grayscale = s.Grayscale
	switch strings.ToLower(strings.TrimSpace(s.Framing)) {
	case "head", "head-and-shoulders", "":
		t.Framing = HeadAndShoulders
	case "centre", "center":
		t.Framing = Centre
	case "smart":
		t.Framing = Smart
	default:
		return t, fmt.Errorf("%w: unknown framing %q: choose head (head and shoulders), centre or smart", ErrInvalidTemplate, s.Framing)
	}
	if err := t.Validate(); err != nil {
		return t, err
	}
	return t, nil
}

// ParseColor reads an opaque colour written #RRGGBB (the '#' is optional:
// an unquoted # starts a shell comment).
func ParseColor(s string) (color.NRGBA, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	v, err := strconv.ParseUint(h, 16, 32)
	if len(h) != 6 || err != nil {
		return color.NRGBA{}, fmt.Errorf("%q is not a colour: use #RRGGBB, e.g. #1a2b3c", s)
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, nil
}
