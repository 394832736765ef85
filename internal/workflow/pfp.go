package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/photos"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// FileTarget says where a file the user receives goes: the exact Path
// (replaced only with Replace), or the use case's name in Dir ("" = the
// user's Downloads folder), numbered "name (2).png" when taken unless
// Exact (then taken is an error, or replaced with Replace).
type FileTarget struct {
	Path    string
	Replace bool
	Dir     string
	Exact   bool
}

// place writes a file for the user at out, named name when out has no Path.
func place(out FileTarget, name string, write func(io.Writer) error) (string, error) {
	if out.Path != "" {
		var opts []userfiles.Option
		if out.Replace {
			opts = append(opts, userfiles.Replace)
		}
		if err := userfiles.WriteExact(out.Path, write, opts...); err != nil {
			return "", fileError(err, out.Path)
		}
		return out.Path, nil
	}
	dir := out.Dir
	if dir == "" {
		dir = DefaultExportDir()
	}
	if out.Exact {
		return place(FileTarget{Path: filepath.Join(dir, name), Replace: out.Replace}, name, write)
	}
	path, err := userfiles.WriteNew(dir, name, write)
	if err != nil {
		return "", fileError(err, "")
	}
	return path, nil
}

// PFPFileName is the file name of someone's profile picture:
// "<email>-pfp.png", made safe for every OS.
func PFPFileName(stem string) string {
	if s := bundle.SafeName(stem); s != "unnamed" {
		return s + "-pfp.png"
	}
	return "profile-pfp.png"
}

// who names a person in messages.
func who(p store.Person) string {
	switch {
	case p.Email != "":
		return p.Email
	case p.Name != "":
		return p.Name
	}
	return p.MemberID
}

// ProfilePicture returns the PNG profile picture of p's favorite in
// template t: from the photo cache when rendered before, else rendered from
// the cached favorite (downloaded first when missing and possible) and
// cached for next time.
func (d *Desk) ProfilePicture(ctx context.Context, p store.Person, t pfp.Template) ([]byte, error) {
	return d.renderFavorite(ctx, p, t, pfp.PNG)
}

// renderFavorite is ProfilePicture in either encoding: PNG for Download
// PFP and previews, JPEG for directories (publish). Each is cached under
// its own key.
func (d *Desk) renderFavorite(ctx context.Context, p store.Person, t pfp.Template, f pfp.Format) ([]byte, error) {
	if !p.HasFavorite || p.FavoritePhotoID == "" {
		return nil, invalid("%s has not picked a favorite yet, so there is no profile picture to make.", who(p))
	}
	key := favoriteKey(p.FavoritePhotoID, t, f)
	if ref, ok := d.Blobs.Lookup(key); ok {
		if rc, err := d.Blobs.Open(ref.Hash); err == nil {
			defer rc.Close()
			return io.ReadAll(rc)
		}
	}
	src, err := d.openFavorite(ctx, p)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	var buf bytes.Buffer
	if err := (pfp.Renderer{}).RenderTo(ctx, &buf, src, t, f); err != nil {
		if errors.Is(err, pfp.ErrCorrupt) {
			photos.Forget(d.Blobs, p.FavoritePhotoID) // downloaded afresh next time
		}
		return nil, renderError(err, "The favorite of "+who(p))
	}
	if _, err := d.Blobs.PutKeyed(ctx, key, bytes.NewReader(buf.Bytes())); err != nil {
		d.Logger.Warn("could not cache a profile picture", "err", err)
	}
	_ = d.Blobs.Flush()
	return buf.Bytes(), nil
}

// favoriteKey is the photo cache key of a favorite rendered in t as f.
func favoriteKey(photoID string, t pfp.Template, f pfp.Format) string {
	enc := blobs.EncodingPNG
	if f == pfp.JPEG {
		enc = blobs.EncodingJPEG
	}
	return blobs.PFPKey(photoID, t.Key(), enc)
}

// HasProfilePicture says whether p's favorite is rendered in t already.
func (d *Desk) HasProfilePicture(p store.Person, t pfp.Template) bool {
	if p.FavoritePhotoID == "" {
		return false
	}
	_, ok := d.Blobs.Lookup(blobs.PFPKey(p.FavoritePhotoID, t.Key(), blobs.EncodingPNG))
	return ok
}

// openFavorite opens p's favorite (full size) from the photo cache,
// downloading it first when it is missing and there is an API key. The
// blob stays pinned until the reader is closed.
func (d *Desk) openFavorite(ctx context.Context, p store.Person) (io.ReadCloser, error) {
	key := blobs.PhotoKey(p.FavoritePhotoID, blobs.VariantMain)
	if _, ok := d.Blobs.Lookup(key); !ok {
		if d.Syncer == nil {
			return nil, newError(KindNoAPIKey, nil, "The favorite of %s is not downloaded yet and there is no API key to download it with. Set one in Settings (or SHOTDESK_API_KEY) and sync.", who(p))
		}
		if _, err := d.Syncer.FetchPhoto(ctx, p.ModelID, p.FavoritePhotoID, blobs.VariantMain); err != nil {
			if headshotpro.IsOffline(err) {
				return nil, newError(KindOffline, err, "The favorite of %s is not downloaded yet and HeadshotPro cannot be reached. Try again when you are online.", who(p))
			}
			if errors.Is(err, photos.ErrDamaged) {
				return nil, newError(KindInvalidInput, err, "The favorite of %s that HeadshotPro sent is damaged (it is not a complete image). Try again later; if it stays damaged, open the shoot in HeadshotPro.", who(p))
			}
			return nil, Explain(err, "Downloading the favorite of "+who(p)+" failed")
		}
	}
	ref, ok := d.Blobs.Lookup(key)
	if !ok {
		return nil, newError(KindInternal, nil, "The photo cache did not keep the favorite of %s. Is the disk full?", who(p))
	}
	unpin := d.Blobs.Pin(ref.Hash)
	rc, err := d.Blobs.Open(ref.Hash)
	if err != nil {
		unpin()
		return nil, Explain(err, "Opening the favorite of "+who(p)+" failed")
	}
	return pinnedReader{rc, unpin}, nil
}

type pinnedReader struct {
	io.ReadCloser
	unpin func()
}

func (r pinnedReader) Close() error {
	defer r.unpin()
	return r.ReadCloser.Close()
}

// SaveMemberPFP writes the profile picture of a member's favorite (by
// email, member id or model id) as PNG in template t, named
// "<email>-pfp.png" unless out names the file. It returns the path.
func (d *Desk) SaveMemberPFP(ctx context.Context, member string, t pfp.Template, out FileTarget) (string, error) {
	p, err := d.Person(ctx, member)
	if err != nil {
		return "", err
	}
	if out.Path != "" {
		if err := userfiles.CheckTarget(out.Path); err != nil {
			return "", fileError(err, out.Path)
		}
	}
	png, err := d.ProfilePicture(ctx, p, t)
	if err != nil {
		return "", err
	}
	stem := p.Email
	if stem == "" {
		stem = p.MemberID
	}
	return place(out, PFPFileName(stem), func(w io.Writer) error {
		_, err := w.Write(png)
		return err
	})
}

// SaveImagePFP renders a local JPEG or PNG as a profile picture in t and
// writes it as PNG, named "<input name>-pfp.png" unless out names the file.
// It needs no cache and no network.
func SaveImagePFP(ctx context.Context, in string, t pfp.Template, out FileTarget) (string, error) {
	f, err := os.Open(in)
	if err != nil {
		return "", newError(KindInvalidInput, err, "The image %s cannot be opened. Check the name and that it is a file you can read.", in)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return "", invalid("%s is not an image file.", in)
	}
	if out.Path != "" {
		if err := userfiles.CheckTarget(out.Path); err != nil {
			return "", fileError(err, out.Path)
		}
	}
	stem := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	return place(out, PFPFileName(stem), func(w io.Writer) error {
		if err := (pfp.Renderer{}).RenderTo(ctx, w, f, t, pfp.PNG); err != nil {
			return renderError(err, in)
		}
		return nil
	})
}

// renderError puts pfp's typed errors into what the person can do.
func renderError(err error, what string) error {
	detail := func(sentinel error) string {
		return strings.TrimPrefix(strings.TrimPrefix(err.Error(), sentinel.Error()), ": ")
	}
	switch {
	case errors.Is(err, pfp.ErrTooLarge):
		l := pfp.DefaultLimits
		return newError(KindInvalidInput, err, "%s is too large to make a profile picture from (%s); the limits are %d px per side, %d megapixels and %d MB. Scale it down and try again.",
			what, detail(pfp.ErrTooLarge), l.MaxSide, l.MaxPixels/1_000_000, l.MaxBytes>>20)
	case errors.Is(err, pfp.ErrUnsupported):
		return newError(KindInvalidInput, err, "%s is not a JPEG or PNG image (%s). Convert it to JPEG or PNG and try again.", what, detail(pfp.ErrUnsupported))
	case errors.Is(err, pfp.ErrCorrupt):
		return newError(KindInvalidInput, err, "%s is damaged or incomplete (%s). Download or export it again.", what, detail(pfp.ErrCorrupt))
	}
	return Explain(err, fmt.Sprintf("Making the profile picture of %s failed", what))
}

// PreviewSample picks whose favorite a template preview shows: the member
// given (email, member id or key), else the first favorite already in the
// photo cache, else the first favorite at all.
func (d *Desk) PreviewSample(ctx context.Context, member string) (store.Person, error) {
	if strings.TrimSpace(member) != "" {
		return d.Person(ctx, member)
	}
	favs, err := d.Store.Favorites(ctx, "")
	if err != nil {
		return store.Person{}, Explain(err, "Finding a sample favorite failed")
	}
	if len(favs) == 0 {
		return store.Person{}, notFound("Nobody has picked a favorite headshot yet (or the offline copy is empty), so there is no photo to preview the template on. Sync, then try again.")
	}
	pick := favs[0]
	for _, f := range favs {
		if _, ok := d.Blobs.Lookup(blobs.PhotoKey(f.PhotoID, blobs.VariantMain)); ok {
			pick = f
			break
		}
	}
	return store.Person{Email: pick.Email, Name: pick.Title, MemberID: pick.MemberID, ModelID: pick.ModelID,
		HasFavorite: true, FavoritePhotoID: pick.PhotoID}, nil
}

// FramingNote says how p's profile picture in t was framed when that is
// worth saying: "" when the framing found a face (or t is a centre crop,
// which never looks); otherwise that no face was found and what the
// picture is instead. The favorite is read from the photo cache (or
// downloaded); the face search decodes it at a small size.
func (d *Desk) FramingNote(ctx context.Context, p store.Person, t pfp.Template) (string, error) {
	if t.Framing == pfp.Centre {
		return "", nil
	}
	src, err := d.openFavorite(ctx, p)
	if err != nil {
		return "", err
	}
	defer src.Close()
	if _, found, err := pfp.Locate(ctx, src); err != nil || found {
		return "", nil // a photo that does not decode says so when it is rendered
	}
	if t.Framing == pfp.Smart {
		return "No face was found in this photo, so the picture is framed on the largest skin-toned area (or the upper part of the photo).", nil
	}
	return "No face was found in this photo, so the picture is the upper part of the photo rather than framed on the face.", nil
}
