package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
)

// MemberView is what the member detail shows: the person, their shoots
// (newest first) and the current shoot's photos, the favorite first, with
// which sizes are in the photo cache.
type MemberView struct {
	Person store.Person
	Shoots []ShootView
	Photos []PhotoView
}

// ShootView is one photo shoot of a person.
type ShootView struct {
	domain.Model
	// Stage is the shoot's own stage (its favorite decides finished or no
	// favorite); Finished: its results were ready (active).
	Stage    domain.Stage
	Finished bool
	Favorite bool // a favorite is picked
	// Folder is the shoot's folder in the Download Favorites ZIP ("" when
	// it is not exported: no favorite, or deleted). A person's second
	// shoot with the same title gets "… (2)".
	Folder string
}

// PhotoView is one photo of the current shoot.
type PhotoView struct {
	store.PhotoRecord
	Favorite                bool
	ThumbCached, MainCached bool
}

// Member reads a person (by key, email, member id or model id) with their
// shoots and the current shoot's photos from the offline copy.
func (d *Desk) Member(ctx context.Context, key string) (MemberView, error) {
	p, err := d.Person(ctx, key)
	if err != nil {
		return MemberView{}, err
	}
	v := MemberView{Person: p}
	if p.Email != "" {
		if v.Shoots, err = d.shoots(ctx, p.Email); err != nil {
			return MemberView{}, Explain(err, "Reading the shoots of "+p.Email+" failed")
		}
	}
	if p.ModelID == "" {
		return v, nil
	}
	photos, err := d.Store.PhotosOf(ctx, p.ModelID)
	if err != nil {
		return MemberView{}, Explain(err, "Reading the photos of "+who(p)+" failed")
	}
	for _, ph := range photos {
		pv := PhotoView{PhotoRecord: ph, Favorite: ph.ID == p.FavoritePhotoID,
			ThumbCached: d.cached(ph.ID, blobs.VariantThumb), MainCached: d.cached(ph.ID, blobs.VariantMain)}
		if pv.Favorite { // the picture the organization uses comes first
			v.Photos = append([]PhotoView{pv}, v.Photos...)
		} else {
			v.Photos = append(v.Photos, pv)
		}
	}
	return v, nil
}

// shoots lists a person's shoots, newest first, each with its stage and
// the folder Download Favorites gives it: the same names in the same order
// as the export (email, then oldest shoot first), so a second shoot with
// the same title is "… (2)" here as in the ZIP.
func (d *Desk) shoots(ctx context.Context, email string) ([]ShootView, error) {
	models, err := d.Store.ModelsOf(ctx, email)
	if err != nil {
		return nil, err
	}
	favs, err := d.Store.FavoritesOf(ctx, email)
	if err != nil {
		return nil, err
	}
	out := make([]ShootView, len(models))
	var names bundle.Namer
	for i := len(models) - 1; i >= 0; i-- { // oldest first, as the export numbers them
		m := models[i]
		_, fav := favs[m.ID]
		st := domain.Derive(domain.LifecycleInput{ModelStatus: m.Status, HasFavorite: fav, HasMember: true})
		sv := ShootView{Model: m, Stage: domain.StageOf(st.Lifecycle, m.Status, ""), Finished: m.Status == domain.ModelActive, Favorite: fav}
		if fav && m.Status != domain.ModelDeleted {
			sv.Folder = names.Unique(bundle.FolderName(m.Email, m.Title))
		}
		out[i] = sv
	}
	return out, nil
}

func (d *Desk) cached(photoID, variant string) bool {
	_, ok := d.Blobs.Lookup(blobs.PhotoKey(photoID, variant))
	return ok
}

// ShootOwner returns the person whose current shoot is modelID.
func (d *Desk) ShootOwner(ctx context.Context, modelID string) (store.Person, error) {
	if strings.TrimSpace(modelID) == "" {
		return store.Person{}, invalid("This member has no photo shoot.")
	}
	m, err := d.Store.Model(ctx, modelID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Person{}, notFound("This photo shoot is not in the offline copy (any more). Sync to refresh it.")
	}
	if err != nil {
		return store.Person{}, Explain(err, "Reading the shoot failed")
	}
	p, err := d.Person(ctx, m.Email)
	if err != nil {
		return store.Person{}, err
	}
	if p.ModelID != modelID {
		return store.Person{}, invalid("This is not the member's current photo shoot.")
	}
	return p, nil
}

// RefreshGallery asks HeadshotPro for a shoot's photos (metadata and fresh
// download links) and downloads the thumbnails not cached yet. Offline it
// fails with the reason and the cached gallery stays as it was.
func (d *Desk) RefreshGallery(ctx context.Context, modelID string, t *jobs.Tracker) error {
	if _, err := d.Store.Model(ctx, modelID); err != nil {
		return notFound("This photo shoot is not in the offline copy (any more). Sync to refresh it.")
	}
	if d.Syncer == nil {
		return newError(KindNoAPIKey, nil, "There is no API key, so the gallery cannot be refreshed.")
	}
	t.Phase("refreshing the gallery", 0)
	recs, err := d.Syncer.RefreshPhotos(ctx, modelID)
	if err != nil {
		return Explain(err, "Refreshing the gallery failed")
	}
	var todo []store.PhotoRecord
	for _, r := range recs {
		if !d.cached(r.ID, blobs.VariantThumb) {
			todo = append(todo, r)
		}
	}
	t.Phase("downloading thumbnails", len(todo))
	for _, r := range todo {
		n, err := d.Syncer.FetchPhoto(ctx, modelID, r.ID, blobs.VariantThumb)
		if err != nil {
			if ctx.Err() != nil || headshotpro.IsOffline(err) {
				return Explain(err, "Downloading the thumbnails failed")
			}
			d.Logger.Warn("gallery thumbnail", "photo", r.ID, "err", err)
			t.Fail(r.ID, Explain(err, "Downloading this thumbnail failed").Message)
			continue
		}
		t.Add(1, n)
	}
	t.SetResult(fmt.Sprintf("%d photos", len(recs)))
	return d.Blobs.Flush()
}

// FetchPhoto makes sure one size ("thumbnail" or "main") of a cached photo
// is in the photo cache, downloading it when missing.
func (d *Desk) FetchPhoto(ctx context.Context, photoID, variant string) error {
	if variant != blobs.VariantThumb && variant != blobs.VariantMain {
		return invalid("There is no photo size %q.", variant)
	}
	rec, err := d.Store.Photo(ctx, photoID)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("This photo is not in the offline copy (any more).")
	}
	if err != nil {
		return Explain(err, "Reading the photo failed")
	}
	if d.cached(photoID, variant) {
		return nil
	}
	if d.Syncer == nil {
		return newError(KindNoAPIKey, nil, "This photo is not downloaded yet, and there is no API key to download it with.")
	}
	if _, err := d.Syncer.FetchPhoto(ctx, rec.ModelID, photoID, variant); err != nil {
		return Explain(err, "This photo is not downloaded yet")
	}
	return nil
}
