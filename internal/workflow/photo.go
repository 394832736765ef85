package workflow

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/store"
)

// PhotoFileName is the file name of one full-size photo of a person:
// "<email>-<photo id>.jpg" (".png" for a PNG), made safe for every OS.
func PhotoFileName(stem, photoID, ext string) string {
	name := bundle.SafeName(stem)
	if name == "unnamed" {
		name = "headshot"
	}
	return name + "-" + bundle.SafeName(photoID) + ext
}

// SavePhoto writes one full-size photo of the offline copy (downloaded
// first when it is not cached and there is a key) as it came from
// HeadshotPro, named "<email>-<photo id>.jpg" unless out names the file.
// It returns the path written.
func (d *Desk) SavePhoto(ctx context.Context, photoID string, out FileTarget) (string, error) {
	rec, err := d.Store.Photo(ctx, photoID)
	if errors.Is(err, store.ErrNotFound) {
		return "", notFound("This photo is not in the offline copy (any more). Sync to refresh it.")
	}
	if err != nil {
		return "", Explain(err, "Reading the photo failed")
	}
	if err := d.FetchPhoto(ctx, photoID, blobs.VariantMain); err != nil {
		return "", err
	}
	ref, ok := d.Blobs.Lookup(blobs.PhotoKey(photoID, blobs.VariantMain))
	if !ok {
		return "", newError(KindInternal, nil, "The photo cache did not keep this photo. Is the disk full?")
	}
	unpin := d.Blobs.Pin(ref.Hash)
	defer unpin()
	rc, err := d.Blobs.Open(ref.Hash)
	if err != nil {
		return "", Explain(err, "Opening the photo failed")
	}
	defer rc.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(rc, head)
	head = head[:n]
	ext := ".jpg"
	if http.DetectContentType(head) == "image/png" {
		ext = ".png"
	}
	stem := "headshot"
	if m, err := d.Store.Model(ctx, rec.ModelID); err == nil && m.Email != "" {
		stem = m.Email
	}
	return place(out, PhotoFileName(stem, photoID, ext), func(w io.Writer) error {
		_, err := io.Copy(w, io.MultiReader(bytes.NewReader(head), rc))
		return err
	})
}
