package app

import (
	"net/http"
	"sync"

	"github.com/shotdesk/shotdesk/internal/blobs"
)

// mediaPrefix is where cached images are served to the webview:
// /media/photo/<photoId>/<thumbnail|main> and /media/pfp/<photoId>/<templateKey>. Only content already in the blob
// cache is served, looked up by key; the page never sees a signed URL and
// pixels never travel through bindings.
const mediaPrefix = "/media/"

// mediaMiddleware serves from the photo cache of the organization open
// now: after a switch (connect, sign out) the next request reads the new
// one.
func (a *App) mediaMiddleware() func(http.Handler) http.Handler {
	var mu sync.Mutex
	var served *blobs.Cache
	var handler func(http.Handler) http.Handler
	current := func() func(http.Handler) http.Handler {
		mu.Lock()
		defer mu.Unlock()
		if bc := a.d().Blobs; bc != served {
			served, handler = bc, bc.Middleware(blobs.HandlerConfig{
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
		return handler
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			current()(next).ServeHTTP(w, r)
		})
	}
}
