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
		return t, templateError("unknown shape %q: choose square, rounded or circle", s.Shape)
	}
	if s.Size != 0 && (s.Size < MinSize || s.Size > MaxSize) {
		return t, templateError("the size must be %d to %d pixels (it is %d)", MinSize, MaxSize, s.Size)
	}
	t.Size = s.Size
	switch bg := strings.ToLower(strings.TrimSpace(s.Background)); bg {
	case "transparent", "none", "":
	default:
		c, err := ParseColor(bg)
		if err != nil {
			return t, templateError("background: %v (or transparent)", err)
		}
		t.Background = c
	}
	if s.OutlineWidth < 0 || s.OutlineWidth > MaxOutlineWidth {
		return t, templateError("the outline width must be 0 to %d pixels (it is %d)", MaxOutlineWidth, s.OutlineWidth)
	}
	if s.OutlineWidth > 0 {
		c, err := ParseColor(s.Outline)
		if err != nil {
			return t, templateError("outline colour: %v", err)
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
		return t, templateError("unknown framing %q: choose head (head and shoulders), centre or smart", s.Framing)
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

// TemplateError is a template the renderer cannot use; Problem says what
// is wrong and what to write instead, in words for a person ("the size
// must be 128 to 1024 pixels (it is 0)"). It is ErrInvalidTemplate.
type TemplateError struct{ Problem string }

func (e *TemplateError) Error() string { return ErrInvalidTemplate.Error() + ": " + e.Problem }

// Is makes errors.Is(err, ErrInvalidTemplate) true.
func (e *TemplateError) Is(target error) bool { return target == ErrInvalidTemplate }

func templateError(format string, args ...any) error {
	return &TemplateError{Problem: fmt.Sprintf(format, args...)}
}

// DefaultSpec is the built-in template in words: HeadshotPro's 600×600
// head-and-shoulders square.
func DefaultSpec() Spec {
	return Spec{Shape: "square", Size: DefaultSize, Background: "transparent", Outline: "#ffffff", Framing: "head"}
}

// Normalized is s in canonical spelling (lower case, "#rrggbb", defaults
// filled in), as it is saved and shown.
func (s Spec) Normalized() Spec {
	def := DefaultSpec()
	s.Shape = strings.ToLower(strings.TrimSpace(s.Shape))
	if s.Shape == "" {
		s.Shape = def.Shape
	}
	if s.Size == 0 {
		s.Size = def.Size
	}
	s.Framing = strings.ToLower(strings.TrimSpace(s.Framing))
	switch s.Framing {
	case "":
		s.Framing = def.Framing
	case "center":
		s.Framing = "centre"
	}
	norm := func(v, fallback string) string {
		if c, err := ParseColor(v); err == nil {
			return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
		}
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
			return v
		}
		return fallback
	}
	s.Background = norm(s.Background, def.Background)
	s.Outline = norm(s.Outline, def.Outline)
	return s
}
