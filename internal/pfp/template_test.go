package pfp

import (
	"errors"
	"image/color"
	"testing"
)

func TestTemplateValidate(t *testing.T) {
	ok := []Template{
		{},
		{Size: MinSize}, {Size: MaxSize}, {Size: 600, Shape: Circle, Framing: Smart},
		{OutlineWidth: MaxOutlineWidth, Outline: opaque(1, 2, 3)},
	}
	for _, tpl := range ok {
		if err := tpl.Validate(); err != nil {
			t.Errorf("%+v: unexpected %v", tpl, err)
		}
	}
	bad := []Template{
		{Size: MinSize - 1}, {Size: MaxSize + 1}, {Size: -600},
		{OutlineWidth: -1}, {OutlineWidth: MaxOutlineWidth + 1},
		{Shape: Circle + 1}, {Framing: Smart + 1},
	}
	for _, tpl := range bad {
		if err := tpl.Validate(); !errors.Is(err, ErrInvalidTemplate) {
			t.Errorf("%+v: got %v, want ErrInvalidTemplate", tpl, err)
		}
	}
}

func TestTemplateKey(t *testing.T) {
	if got, want := (Template{}).Key(), "v5-square-600-bg00000000-ol00000000.0-color-head"; got != want {
		t.Errorf("zero template key %q, want %q (changing it invalidates every cached PFP)", got, want)
	}
	// Templates that render the same pixels share a key.
	same := [][2]Template{
		{{}, {Size: DefaultSize}},
		{{}, {OutlineWidth: 4}},                       // transparent outline draws nothing
		{{}, {Outline: opaque(255, 0, 0)}},            // zero width draws nothing
		{{}, {Background: color.NRGBA{R: 255, A: 0}}}, // transparent is transparent
	}
	for _, p := range same {
		if p[0].Key() != p[1].Key() {
			t.Errorf("%+v and %+v render alike but have keys %q / %q", p[0], p[1], p[0].Key(), p[1].Key())
		}
	}
	// Every visible difference changes the key.
	base := Template{Shape: Rounded, Size: 512, Background: opaque(1, 2, 3), Outline: opaque(4, 5, 6), OutlineWidth: 3}
	variants := []func(*Template){
		func(t *Template) { t.Shape = Circle },
		func(t *Template) { t.Size = 513 },
		func(t *Template) { t.Background.B = 4 },
		func(t *Template) { t.Outline.R = 7 },
		func(t *Template) { t.OutlineWidth = 4 },
		func(t *Template) { t.Grayscale = true },
		func(t *Template) { t.Framing = Smart },
	}
	seen := map[string]bool{base.Key(): true}
	for i, v := range variants {
		tpl := base
		v(&tpl)
		if seen[tpl.Key()] {
			t.Errorf("variant %d: key %q collides", i, tpl.Key())
		}
		seen[tpl.Key()] = true
	}
}
