package pfp_test

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
)

// The sandbox's drawn portraits (an ellipse head with two dark eyes and a
// mouth), fetched over loopback like the app fetches favorites. Whether the
// detector takes a drawing for a face is reported, not required; what is
// required is that every one gets a valid framing: on a found face the
// rule (eyes at 40 %, face 45 %, unless the square stops at an edge), else
// exactly today's fallback.
func TestSandboxPortraitFraming(t *testing.T) {
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 40, Seed: 7, ImageScale: 0.25})
	c := sandboxtest.FastClient(t, base, srv.APIKey())
	ctx := context.Background()
	n, found := 0, 0
	for fav, err := range c.Favorites(ctx, headshotpro.FavoritesFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 8 {
			break
		}
		n++
		var buf bytes.Buffer
		if _, err := c.Downloader().Fetch(ctx, fav.URLs.Variant(headshotpro.VariantMain), &buf, 40<<20); err != nil {
			t.Fatalf("fetch photo %s: %v", fav.ID, err)
		}
		out, fr, err := pfp.Renderer{}.RenderFramed(ctx, bytes.NewReader(buf.Bytes()), pfp.Template{})
		if err != nil {
			t.Fatalf("photo %s: %v", fav.ID, err)
		}
		if b := out.Bounds(); b.Dx() != pfp.DefaultSize || b.Dy() != pfp.DefaultSize || fr.Crop.Dx() != fr.Crop.Dy() {
			t.Fatalf("photo %s: output %v, crop %v", fav.ID, b, fr.Crop)
		}
		if !fr.FaceFound {
			// The fallback: the full short side, starting at 10 % of a
			// portrait's height (or centred on a square/landscape).
			_, centre, err := pfp.Renderer{}.RenderFramed(ctx, bytes.NewReader(buf.Bytes()), pfp.Template{Framing: pfp.Centre})
			if err != nil {
				t.Fatal(err)
			}
			if fr.Crop.Dx() != centre.Crop.Dx() {
				t.Errorf("photo %s: no face, crop %v is not the short side (centre crop %v)", fav.ID, fr.Crop, centre.Crop)
			}
			t.Logf("photo %s: no face found; fallback crop %v", fav.ID, fr.Crop)
			continue
		}
		found++
		f := fr.Face
		eye := float64(f.EyeY-fr.Crop.Min.Y) / float64(fr.Crop.Dy())
		height := float64(f.Box.Dy()) / float64(fr.Crop.Dy())
		if math.Abs(height-0.45) > 0.02 && fr.Crop.Min.Y != 0 {
			t.Errorf("photo %s: face %.3f of the square %v, want 0.45", fav.ID, height, fr.Crop)
		}
		if math.Abs(eye-0.40) > 0.02 && fr.Crop.Min.Y != 0 {
			t.Errorf("photo %s: eyes at %.3f of the square %v, want 0.40", fav.ID, eye, fr.Crop)
		}
		t.Logf("photo %s: face %v, eye line y=%d; after (%v): eyes %.2f, face %.2f", fav.ID, f.Box, f.EyeY, fr.Crop, eye, height)
	}
	if n == 0 {
		t.Fatal("the sandbox listed no favorites")
	}
	t.Logf("%d of %d drawn portraits were taken for a face", found, n)
}
