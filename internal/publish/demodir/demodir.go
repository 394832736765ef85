// Package demodir is the built-in demo directory: a pretend company
// directory that lives in memory while Shotdesk runs, so someone trying
// the demo organization sees the whole publish flow (match report,
// publish, revert) without credentials. It is labelled as a demo
// everywhere it appears and never talks to a network.
package demodir

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// Name is the target's name in the publish log and on the command line.
const Name = "demo"

// Directory is the demo directory. Safe for concurrent use.
type Directory struct {
	mu        sync.Mutex
	accounts  []publish.Account
	photos    map[string]publish.Photo
	load      func(ctx context.Context) ([]publish.Account, error)
	withPhoto func(i int) bool
	// Latency is added to every call, so progress is visible as it would
	// be against a real directory.
	Latency time.Duration
}

// New returns a directory whose accounts load calls for on first use (the
// organization's people are known only after a sync); the accounts whose
// index withPhoto accepts start with a placeholder photo (an "old" photo
// to replace and revert to).
func New(load func(ctx context.Context) ([]publish.Account, error), withPhoto func(i int) bool) *Directory {
	return &Directory{load: load, withPhoto: withPhoto, photos: map[string]publish.Photo{}, Latency: 15 * time.Millisecond}
}

// ensure loads the accounts once. Called with d.mu held.
func (d *Directory) ensure(ctx context.Context) error {
	if d.load == nil {
		return nil
	}
	accounts, err := d.load(ctx)
	if err != nil {
		return err
	}
	d.accounts, d.load = accounts, nil
	for i, a := range d.accounts {
		if d.withPhoto != nil && d.withPhoto(i) {
			d.photos[a.ID] = placeholder(i)
		}
	}
	return nil
}

// Info describes the demo directory: the limits are Microsoft Graph's
// (648×648 JPEG, at most 4 MB), the strictest common case.
func (d *Directory) Info() publish.Info {
	return publish.Info{Name: Name, Label: "Demo directory (not real)", Where: "this computer only, until Shotdesk closes",
		Limits:      publish.Limits{Side: 648, MaxBytes: 4 << 20, Types: []string{"image/jpeg", "image/png"}, Square: true},
		Concurrency: 8}
}

func (d *Directory) wait(ctx context.Context) error {
	if d.Latency <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d.Latency)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Accounts lists everyone.
func (d *Directory) Accounts(ctx context.Context) ([]publish.Account, error) {
	if err := d.wait(ctx); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.ensure(ctx); err != nil {
		return nil, err
	}
	return append([]publish.Account(nil), d.accounts...), nil
}

func (d *Directory) known(id string) bool {
	for _, a := range d.accounts {
		if a.ID == id {
			return true
		}
	}
	return false
}

// Current returns the person's photo.
func (d *Directory) Current(ctx context.Context, a publish.Account) (publish.Photo, error) {
	if err := d.wait(ctx); err != nil {
		return publish.Photo{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.ensure(ctx); err != nil {
		return publish.Photo{}, err
	}
	if !d.known(a.ID) {
		return publish.Photo{}, publish.Fail("The demo directory does not know "+a.Email+".", fmt.Errorf("demo: unknown account %q", a.ID))
	}
	p, ok := d.photos[a.ID]
	if !ok {
		return publish.Photo{}, publish.ErrNoPhoto
	}
	return p, nil
}

// Upload stores the photo.
func (d *Directory) Upload(ctx context.Context, a publish.Account, p publish.Photo) error {
	if err := d.wait(ctx); err != nil {
		return err
	}
	if err := d.Info().Limits.Check(p); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.ensure(ctx); err != nil {
		return err
	}
	if !d.known(a.ID) {
		return publish.Fail("The demo directory does not know "+a.Email+".", fmt.Errorf("demo: unknown account %q", a.ID))
	}
	d.photos[a.ID] = publish.Photo{Data: append([]byte(nil), p.Data...), ContentType: p.ContentType}
	return nil
}

// Remove deletes the photo.
func (d *Directory) Remove(ctx context.Context, a publish.Account) error {
	if err := d.wait(ctx); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.ensure(ctx); err != nil {
		return err
	}
	delete(d.photos, a.ID)
	return nil
}

// Photo returns the account's photo as the directory holds it (for the
// window's before/after view and tests).
func (d *Directory) Photo(id string) (publish.Photo, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.photos[id]
	return p, ok
}

// placeholder is an "old" directory photo: a flat, muted square that is
// plainly not a headshot, so before/after is easy to tell apart.
func placeholder(i int) publish.Photo {
	palette := []color.RGBA{{0x8a, 0x9b, 0xa8, 0xff}, {0xa8, 0x95, 0x8a, 0xff}, {0x93, 0xa8, 0x8a, 0xff}, {0x9d, 0x8a, 0xa8, 0xff}}
	img := image.NewRGBA(image.Rect(0, 0, 96, 96))
	c := palette[i%len(palette)]
	for y := 0; y < 96; y++ {
		for x := 0; x < 96; x++ {
			// a simple head-and-shoulders silhouette in a lighter tone
			dx, dy := x-48, y-38
			head := dx*dx+dy*dy < 18*18
			body := y > 62 && (x-48)*(x-48) < (y-50)*(y-50)*2
			if head || body {
				img.Set(x, y, color.RGBA{c.R + 0x30, c.G + 0x30, c.B + 0x30, 0xff})
			} else {
				img.Set(x, y, c)
			}
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	return publish.Photo{Data: buf.Bytes(), ContentType: "image/jpeg"}
}
