// Package photos downloads HeadshotPro photos into the image cache, for
// the sync's prefetch, the exports and the galleries alike: a transfer cut
// off midway is tried again from the start; only a file that looks like
// the image it claims to be enters the cache; a photo that later proves
// damaged (it does not decode) is forgotten, so the next use downloads it
// again instead of failing forever.
package photos

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of the formats HeadshotPro serves
	_ "image/png"
	"io"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
)

// Fetcher downloads one photo into w; *headshotpro.Client is one (it
// renews an expired link once). Whatever reached w on an error is
// discarded.
type Fetcher interface {
	FetchPhoto(ctx context.Context, ref headshotpro.PhotoRef, w io.Writer, maxBytes int64) (int64, error)
}

// ErrDamaged: what the photo host sent is not a complete JPEG or PNG.
var ErrDamaged = errors.New("the photo HeadshotPro sent is damaged")

// attempts bounds the tries of one photo when transfers keep being cut off.
const attempts = 3

// Download fetches ref into the cache under key and returns the cached
// blob. Each attempt streams into a fresh temp file (the cache's Put), so a
// cut-off attempt leaves nothing; cut-off transfers are tried again, other
// errors are returned at once (the fetcher already retried what it can).
func Download(ctx context.Context, f Fetcher, bc *blobs.Cache, ref headshotpro.PhotoRef, key string, maxBytes int64) (blobs.Ref, error) {
	for attempt := 1; ; attempt++ {
		blob, err := downloadOnce(ctx, f, bc, ref, key, maxBytes)
		if err == nil || ctx.Err() != nil || !errors.Is(err, headshotpro.ErrTruncated) || attempt == attempts {
			return blob, err
		}
		select {
		case <-ctx.Done():
			return blobs.Ref{}, ctx.Err()
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
}

func downloadOnce(ctx context.Context, f Fetcher, bc *blobs.Cache, ref headshotpro.PhotoRef, key string, maxBytes int64) (blobs.Ref, error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := f.FetchPhoto(ctx, ref, pw, maxBytes)
		pw.CloseWithError(err) // nil closes normally
		done <- err
	}()
	chk := &checker{}
	blob, putErr := bc.Put(ctx, io.TeeReader(pr, chk))
	pr.CloseWithError(putErr) // unblock the fetch if the cache gave up first
	fetchErr := <-done
	switch {
	case ctx.Err() != nil:
		return blobs.Ref{}, ctx.Err()
	case fetchErr != nil:
		return blobs.Ref{}, fetchErr
	case putErr != nil:
		return blobs.Ref{}, fmt.Errorf("save the photo in the cache: %w", putErr)
	}
	if err := chk.verify(); err != nil {
		return blobs.Ref{}, fmt.Errorf("photo %s: %w: %v", ref.PhotoID, ErrDamaged, err)
	}
	// Map the key only now: a damaged file never becomes "the photo".
	if err := bc.SetKey(key, blob); err != nil {
		return blobs.Ref{}, fmt.Errorf("save the photo in the cache: %w", err)
	}
	return blob, nil
}

// checker keeps the head and the last bytes of a download, enough to tell
// a complete JPEG or PNG from a damaged or truncated one without decoding
// the whole image (the export decodes it anyway, and forgets it if that
// fails: see Forget).
type checker struct {
	head []byte
	tail [12]byte
	n    int64
}

const headBytes = 64 << 10 // enough for DecodeConfig past EXIF and ICC blocks

func (c *checker) Write(p []byte) (int, error) {
	if room := headBytes - len(c.head); room > 0 {
		c.head = append(c.head, p[:min(room, len(p))]...)
	}
	if len(p) >= len(c.tail) {
		copy(c.tail[:], p[len(p)-len(c.tail):])
	} else {
		copy(c.tail[:], c.tail[len(p):])
		copy(c.tail[len(c.tail)-len(p):], p)
	}
	c.n += int64(len(p))
	return len(p), nil
}

func (c *checker) verify() error {
	_, format, err := image.DecodeConfig(bytes.NewReader(c.head))
	if err != nil {
		return fmt.Errorf("not a readable image: %v", err)
	}
	switch format {
	case "jpeg":
		// A JPEG ends with the End Of Image marker; a cut-off or damaged
		// file usually does not.
		if c.tail[len(c.tail)-2] != 0xFF || c.tail[len(c.tail)-1] != 0xD9 {
			return errors.New("the JPEG does not end where a complete one does")
		}
	case "png":
		// The IEND chunk closes every complete PNG.
		if !bytes.Equal(c.tail[:8], []byte{0, 0, 0, 0, 'I', 'E', 'N', 'D'}) {
			return errors.New("the PNG does not end where a complete one does")
		}
	}
	return nil
}

// Forget drops a photo from the cache after it proved damaged (it does not
// decode), so the next use downloads it again.
func Forget(bc *blobs.Cache, photoID string) {
	bc.Forget(blobs.PhotoKey(photoID, blobs.VariantMain))
}
