package app

import (
	"net/http"

	"github.com/shotdesk/shotdesk/internal/blobs"
)

// mediaPrefix is where cached images are served to the webview:
// /media/photo/<photoId>/<thumbnail|main> and /media/pfp/<photoId>/<templateKey>. Only content already in the blob
// cache is served, looked up by key; the page never sees a signed URL and
// pixels never travel through bindings.
const mediaPrefix = "/media/"

func (a *App) mediaMiddleware() func(http.Handler) http.Handler {
	return a.blobs.Middleware(blobs.HandlerConfig{
		Prefix:   mediaPrefix,
		Variants: map[string][]string{"photo": {blobs.VariantThumb, blobs.VariantMain}, "pfp": {"*"}},
		Resolve: func(kind, id, variant string) (string, bool) {
			if kind == "pfp" { // /media/pfp/<photoId>/<templateKey>: a rendered profile picture (headshots.go)
				return a.pfpResolve(id, variant)
			}
			ref, ok := a.blobs.Lookup(blobs.PhotoKey(id, variant))
			return ref.Hash, ok
		},
	})
}
