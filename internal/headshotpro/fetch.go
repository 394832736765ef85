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
// fresh URL (GET /organization/models/{modelId}/photos/{photoId}?include=all)
// and tries once more. An empty ref.URL goes straight to the API.
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

func (c *Client) freshPhotoURL(ctx context.Context, ref PhotoRef) (string, error) {
	p, err := c.Photo(ctx, ref.ModelID, ref.PhotoID, IncludeAll)
	if err != nil {
		return "", err
	}
	v := ref.Variant
	if v == "" {
		v = VariantMain
	}
	u := p.URLs.Variant(v)
	if u == "" {
		return "", fmt.Errorf("%w: no %q URL for photo %s", ErrBadResponse, v, ref.PhotoID)
	}
	return u, nil
}
