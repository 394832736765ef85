package headshotpro

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// FetchPhoto downloads one photo variant into w and returns the bytes
// written. maxBytes ≤ 0 means DefaultMaxDownloadBytes.
//
// Signed URLs expire (24 h). When the storage host refuses ref.URL as
// expired or denied (ErrURLExpired), FetchPhoto asks the API once for a
// fresh URL (freshPhotoURL) and tries once more. An empty ref.URL goes
// straight to the API.
//
// The writer never sees two attempts mixed: a refusal is a status code,
// known before any body byte is written, and FetchPhoto retries only when
// the failed attempt wrote nothing (n == 0). So there is no temp file and
// no rewinding. On any error, whatever reached w is incomplete and must be
// discarded (write to a temp file and rename on success, as the blob cache
// does).
func (c *Client) FetchPhoto(ctx context.Context, ref PhotoRef, w io.Writer, maxBytes int64) (int64, error) {
	what := fmt.Sprintf("fetch photo %s of model %s", ref.PhotoID, ref.ModelID)
	u := ref.URL
	refreshed := false
	if u == "" {
		var err error
		if u, err = c.freshPhotoURL(ctx, ref); err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
		refreshed = true
	}
	n, err := c.dl.Fetch(ctx, u, w, maxBytes)
	if err == nil {
		return n, nil
	}
	if refreshed || n > 0 || !errors.Is(err, ErrURLExpired) {
		return n, fmt.Errorf("%s: %w", what, err)
	}
	c.log.Info("headshotpro: photo URL refused, fetching a fresh one", "model", ref.ModelID, "photo", ref.PhotoID)
	fresh, rerr := c.freshPhotoURL(ctx, ref)
	if rerr != nil {
		return 0, fmt.Errorf("%s: refresh expired URL: %w", what, rerr)
	}
	n, err = c.dl.Fetch(ctx, fresh, w, maxBytes)
	if err != nil {
		return n, fmt.Errorf("%s (with a fresh URL): %w", what, err)
	}
	return n, nil
}

// freshPhotoURL asks the API for a new signed URL of one photo. The
// documented endpoints come first: the model's favorite (one request, the
// common case for exports) and the model's photo list; the single-photo
// endpoint, known only from third parties, is the last resort. None of
// them answering with the photo is reported as a link that could not be
// renewed — not as a deleted photo: a 404 here proves nothing.
func (c *Client) freshPhotoURL(ctx context.Context, ref PhotoRef) (string, error) {
	v := ref.Variant
	if v == "" {
		v = VariantMain
	}
	pick := func(p Photo) (string, error) {
		if u := p.URLs.Variant(v); u != "" {
			return u, nil
		}
		return "", fmt.Errorf("%w: no %q URL for photo %s", ErrBadResponse, v, ref.PhotoID)
	}
	if fav, ok, err := c.FavoritePhoto(ctx, ref.ModelID, IncludeAll); err == nil && ok && fav.ID == ref.PhotoID {
		return pick(fav)
	} else if err != nil && (IsOffline(err) || errors.Is(err, context.Canceled)) {
		return "", err
	}
	for p, err := range c.Photos(ctx, ref.ModelID, PhotoFilter{Include: IncludeAll}) {
		if err != nil {
			if IsOffline(err) || errors.Is(err, context.Canceled) {
				return "", err
			}
			break // try the single-photo endpoint below
		}
		if p.ID == ref.PhotoID {
			return pick(p)
		}
	}
	p, err := c.Photo(ctx, ref.ModelID, ref.PhotoID, IncludeAll)
	if errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("%w: HeadshotPro gave no new link for photo %s (%v)", ErrURLExpired, ref.PhotoID, err)
	}
	if err != nil {
		return "", err
	}
	return pick(p)
}
