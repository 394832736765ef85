package headshotpro

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"reflect"
	"strconv"
)

// maxPages is a hard stop for one iteration: 10,000 pages of 200 is two
// million items, far beyond any organization, so reaching it means the
// server is looping (e.g. hasMore that never turns false).
const maxPages = 10_000

// pageQuery adds limit/offset to q. Limit is clamped to the API's range so
// a caller's mistake does not become a 400.
func pageQuery(q url.Values, p PageRequest) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(min(p.Limit, MaxPageSize)))
	}
	if p.Offset > 0 {
		q.Set("offset", strconv.Itoa(p.Offset))
	}
	return q
}

// toPage builds a Page from items and the wire pagination block. A missing
// block means the server sent everything in one go: HasMore false.
func toPage[T any](items []T, pg *wirePagination, req PageRequest) Page[T] {
	p := Page[T]{Items: items, Offset: req.Offset, Limit: req.Limit, Total: len(items)}
	if pg != nil {
		p.Total, p.Limit, p.Offset, p.HasMore = pg.Total, pg.Limit, pg.Offset, pg.HasMore
	}
	return p
}

// paginate walks a paginated list page by page, yielding items. The next
// offset is the previous offset plus the items actually received, not plus
// the requested limit: a server that clamps limit lower must not make us
// skip items. A page that claims hasMore but is empty is an error, not an
// endless loop. Iteration stops at the first error (yielded once).
func paginate[T any](ctx context.Context, what string, pageSize int,
	fetch func(ctx context.Context, p PageRequest) (Page[T], error)) iter.Seq2[T, error] {
	if pageSize <= 0 || pageSize > MaxPageSize {
		pageSize = MaxPageSize
	}
	return func(yield func(T, error) bool) {
		var zero T
		offset := 0
		var previousFirst any
		for pages := 0; ; pages++ {
			if pages >= maxPages {
				yield(zero, fmt.Errorf("%s: %w: more than %d pages", what, ErrPagination, maxPages))
				return
			}
			if err := ctx.Err(); err != nil {
				yield(zero, fmt.Errorf("%s: %w", what, err))
				return
			}
			page, err := fetch(ctx, PageRequest{Limit: pageSize, Offset: offset})
			if err != nil {
				yield(zero, fmt.Errorf("%s at offset %d: %w", what, offset, err))
				return
			}
			// A server stuck in a loop answers the same page again, or keeps
			// saying hasMore past its own total: stop with a clear error
			// rather than fill memory until the sync is killed.
			if len(page.Items) > 0 {
				if offset > 0 && reflect.DeepEqual(any(page.Items[0]), previousFirst) {
					yield(zero, fmt.Errorf("%s at offset %d: %w: the server sent the same page again", what, offset, ErrPagination))
					return
				}
				previousFirst = any(page.Items[0])
			}
			if page.HasMore && page.Total > 0 && offset+len(page.Items) >= page.Total {
				yield(zero, fmt.Errorf("%s at offset %d: %w: the server says there is more past its own total of %d", what, offset, ErrPagination, page.Total))
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if !page.HasMore {
				return
			}
			if len(page.Items) == 0 {
				yield(zero, fmt.Errorf("%s at offset %d: %w: server says hasMore but sent an empty page", what, offset, ErrPagination))
				return
			}
			offset += len(page.Items)
		}
	}
}

// Collect drains an iterator into a slice, stopping at the first error.
// The items read before the error are returned with it, but callers that
// sync must treat the list as incomplete: a sync applies only complete
// lists, or it would delete everyone on the pages it never got.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
