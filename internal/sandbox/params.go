package sandbox

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// page is the effective limit/offset of a paginated request.
type page struct{ limit, offset int }

type pagination struct {
	Total   int  `json:"total"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"hasMore"`
}

// parsePage: limit defaults to 50 and offset to 0, as HeadshotPro's docs
// say; they leave out-of-range values open, so limit is clamped to 1..200
// (200 is the documented maximum) and values that are not integers, or are
// negative, are rejected with 400 INVALID_REQUEST.
func parsePage(q url.Values) (page, error) {
	p := page{limit: defaultLimit}
	if raw, ok := first(q, "limit"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return p, badRequest("limit must be an integer, got %q", raw)
		}
		if n < 0 {
			return p, badRequest("limit must not be negative, got %d", n)
		}
		p.limit = min(max(n, 1), maxLimit)
	}
	if raw, ok := first(q, "offset"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return p, badRequest("offset must be an integer, got %q", raw)
		}
		if n < 0 {
			return p, badRequest("offset must not be negative, got %d", n)
		}
		p.offset = n
	}
	return p, nil
}

// slice applies the page to n matching items and returns [lo, hi) and the
// pagination block (hasMore = offset + len(items) < total: the docs show
// the block but not the rule).
func (p page) slice(total int) (lo, hi int, pg pagination) {
	lo = min(p.offset, total)
	hi = min(lo+p.limit, total)
	return lo, hi, pagination{Total: total, Limit: p.limit, Offset: p.offset, HasMore: p.offset+(hi-lo) < total}
}

func first(q url.Values, key string) (string, bool) {
	v, ok := q[key]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// enumParam returns the query value if it is one of allowed, "" when the
// parameter is absent, and a 400 INVALID_REQUEST otherwise.
func enumParam(q url.Values, key string, allowed []string) (string, error) {
	v, ok := first(q, key)
	if !ok {
		return "", nil
	}
	if !slices.Contains(allowed, v) {
		return "", badRequest("%s must be one of %s, got %q", key, strings.Join(allowed, ", "), v)
	}
	return v, nil
}

// includeAll parses include=main|all (default main).
func includeAll(q url.Values) (bool, error) {
	v, err := enumParam(q, "include", []string{"main", "all"})
	return v == "all", err
}
