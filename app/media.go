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
	bc := a.desk.Blobs
	return bc.Middleware(blobs.HandlerConfig{
		Prefix:   mediaPrefix,
		Variants: map[string][]string{"photo": {blobs.VariantThumb, blobs.VariantMain}, "pfp": {"*"}},
		Resolve: func(kind, id, variant string) (string, bool) {
			key := blobs.PhotoKey(id, variant)
			if kind == "pfp" { // /media/pfp/<photoId>/<templateKey>: a PFP rendered already (PNG)
				key = blobs.PFPKey(id, variant, blobs.EncodingPNG)
			}
			ref, ok := bc.Lookup(key)
			return ref.Hash, ok
		},
	})
}
