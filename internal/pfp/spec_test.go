package pfp

import (
	"errors"
	"image/color"
	"testing"
)

func TestSpecTemplate(t *testing.T) {
	got, err := Spec{Shape: "Circle", Size: 512, Background: "#1A2B3C", Outline: "ffffff", OutlineWidth: 4, Grayscale: true, Framing: "center"}.Template()
	if err != nil {
		t.Fatal(err)
	}
	want := Template{Shape: Circle, Size: 512, Background: color.NRGBA{0x1a, 0x2b, 0x3c, 0xff}, Outline: color.NRGBA{0xff, 0xff, 0xff, 0xff}, OutlineWidth: 4, Grayscale: true, Framing: Centre}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if def, err := (Spec{}).Template(); err != nil || def.Key() != (Template{}).Key() {
		t.Fatalf("empty spec = %+v, %v; want the built-in template", def, err)
	}
	for _, bad := range []Spec{
		{Shape: "hexagon"}, {Size: 100}, {Size: 5000}, {Background: "blue"}, {OutlineWidth: 4, Outline: "#12"},
		{OutlineWidth: 40, Outline: "#000000"}, {OutlineWidth: -1}, {Framing: "feet"},
	} {
		if _, err := bad.Template(); !errors.Is(err, ErrInvalidTemplate) {
			t.Errorf("%+v: err = %v, want ErrInvalidTemplate", bad, err)
		}
	}
}
