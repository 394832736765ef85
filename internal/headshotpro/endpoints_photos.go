package headshotpro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// ListPhotos returns one page of a model's photos.
func (c *Client) ListPhotos(ctx context.Context, modelID string, f PhotoFilter, p PageRequest) (Page[Photo], error) {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.LikedStatus != "" {
		q.Set("likedStatus", string(f.LikedStatus))
	}
	if f.Include != "" {
		q.Set("include", string(f.Include))
	}
	var out photoListResponse
	r, err := c.do(ctx, call{op: "list photos", method: http.MethodGet,
		path: "/organization/models/" + escapePath(modelID) + "/photos", query: pageQuery(q, p), idempotent: true, out: &out})
	if err != nil {
		return Page[Photo]{}, fmt.Errorf("list photos of model %s: %w", modelID, err)
	}
	if err := decode(r, "photos", &out); err != nil {
		return Page[Photo]{}, fmt.Errorf("list photos of model %s: %w", modelID, err)
	}
	items := make([]Photo, 0, len(out.Photos))
	for _, w := range out.Photos {
		items = append(items, toPhoto(w, modelID))
	}
	return toPage(items, out.Pagination, p), nil
}

// Photos iterates over all of a model's photos matching f.
func (c *Client) Photos(ctx context.Context, modelID string, f PhotoFilter) iter.Seq2[Photo, error] {
	return paginate(ctx, "list photos of model "+modelID, MaxPageSize, func(ctx context.Context, p PageRequest) (Page[Photo], error) {
		return c.ListPhotos(ctx, modelID, f, p)
	})
}

// Photo returns one photo with fresh signed URLs.
func (c *Client) Photo(ctx context.Context, modelID, photoID string, include Include) (Photo, error) {
	q := url.Values{}
	if include != "" {
		q.Set("include", string(include))
	}
	what := fmt.Sprintf("get photo %s of model %s", photoID, modelID)
	var out photoResponse
	r, err := c.do(ctx, call{op: "get photo", method: http.MethodGet,
		path: "/organization/models/" + escapePath(modelID) + "/photos/" + escapePath(photoID), query: q, idempotent: true, out: &out})
	if err != nil {
		return Photo{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := decode(r, "photo", &out); err != nil {
		return Photo{}, fmt.Errorf("%s: %w", what, err)
	}
	w, ok, err := photoFromRaw(out.Photo)
	if err != nil {
		return Photo{}, fmt.Errorf("%s: %w", what, err)
	}
	if !ok {
		return Photo{}, fmt.Errorf("%s: %w: photo is null", what, ErrBadResponse)
	}
	return toPhoto(w, modelID), nil
}

// FavoritePhoto returns the photo the member picked as favorite. ok is
// false (and err nil) when none is picked yet: the API answers 200 with
// "photo": null.
func (c *Client) FavoritePhoto(ctx context.Context, modelID string, include Include) (p Photo, ok bool, err error) {
	q := url.Values{}
	if include != "" {
		q.Set("include", string(include))
	}
	var out photoResponse
	r, err := c.do(ctx, call{op: "get favorite photo", method: http.MethodGet,
		path: "/organization/models/" + escapePath(modelID) + "/photos/favorite", query: q, idempotent: true, out: &out})
	if err != nil {
		return Photo{}, false, fmt.Errorf("get favorite of model %s: %w", modelID, err)
	}
	if err := decode(r, "photo", &out); err != nil {
		return Photo{}, false, fmt.Errorf("get favorite of model %s: %w", modelID, err)
	}
	w, ok, err := photoFromRaw(out.Photo)
	if err != nil || !ok {
		if err != nil {
			err = fmt.Errorf("get favorite of model %s: %w", modelID, err)
		}
		return Photo{}, false, err
	}
	return toPhoto(w, modelID), true, nil
}

func photoFromRaw(raw json.RawMessage) (wirePhoto, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return wirePhoto{}, false, nil
	}
	var w wirePhoto
	if err := json.Unmarshal(raw, &w); err != nil {
		return wirePhoto{}, false, fmt.Errorf("%w: decode photo: %w", ErrBadResponse, err)
	}
	return w, true, nil
}

// DownloadURLs asks for signed download URLs of some (or, with no ids, all)
// of a model's photos. A read-only POST, so it is retried like a GET.
func (c *Client) DownloadURLs(ctx context.Context, modelID string, req DownloadRequest) (DownloadURLs, error) {
	var out downloadResponse
	r, err := c.do(ctx, call{op: "download urls", method: http.MethodPost,
		path: "/organization/models/" + escapePath(modelID) + "/photos/download",
		body: downloadRequest{PhotoIDs: req.PhotoIDs, Include: string(req.Include)}, idempotent: true, out: &out})
	if err != nil {
		return DownloadURLs{}, fmt.Errorf("download urls of model %s: %w", modelID, err)
	}
	if err := decode(r, "downloads", &out); err != nil {
		return DownloadURLs{}, fmt.Errorf("download urls of model %s: %w", modelID, err)
	}
	return DownloadURLs{Items: mapSlice(out.Downloads, toDownloadItem), ExpiresAt: out.ExpiresAt.Time}, nil
}

// ListFavorites returns one page of every member's favorite photo across
// the organization, with member context.
func (c *Client) ListFavorites(ctx context.Context, f FavoritesFilter, p PageRequest) (Page[FavoritePhoto], error) {
	q := url.Values{}
	if f.TeamID != "" {
		q.Set("teamId", f.TeamID)
	}
	if f.Include != "" {
		q.Set("include", string(f.Include))
	}
	var out photoListResponse
	r, err := c.do(ctx, call{op: "list favorites", method: http.MethodGet, path: "/organization/photos/favorites",
		query: pageQuery(q, p), idempotent: true, out: &out})
	if err != nil {
		return Page[FavoritePhoto]{}, fmt.Errorf("list favorites: %w", err)
	}
	if err := decode(r, "photos", &out); err != nil {
		return Page[FavoritePhoto]{}, fmt.Errorf("list favorites: %w", err)
	}
	return toPage(mapSlice(out.Photos, toFavorite), out.Pagination, p), nil
}

// Favorites iterates over all org-wide favorites matching f.
func (c *Client) Favorites(ctx context.Context, f FavoritesFilter) iter.Seq2[FavoritePhoto, error] {
	return paginate(ctx, "list favorites", MaxPageSize, func(ctx context.Context, p PageRequest) (Page[FavoritePhoto], error) {
		return c.ListFavorites(ctx, f, p)
	})
}
