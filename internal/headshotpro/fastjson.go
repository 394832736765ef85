package headshotpro

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// A fast path for the big list pages.
//
// A re-sync of 10,000 people reads about 12 MB of JSON in some 130 pages,
// and encoding/json spent most of the client's time on them: it scans each
// body twice (validate, then decode), finds fields and types by reflection
// and calls flexTime's UnmarshalJSON through an interface for every
// timestamp. jsonReader walks a body once, by hand, for the four list
// responses a sync reads (members, models, photos, invites), and fills the
// same wire structs.
//
// It is only a shortcut, never a second opinion: it handles the plain
// shapes the API sends and gives up (ok false) on anything else — a key in
// different case (encoding/json would match it), an "error" or "data" key, a
// value of an unexpected type, a string with escapes in a key, invalid JSON
// of any kind. The caller then decodes the body with encoding/json from
// scratch, so every odd or broken answer gets exactly the old treatment:
// the same values, the same errors, the same retry decisions. What it does
// accept it decodes to exactly what encoding/json would (a differential
// fuzz test, FuzzFastDecodeMatchesEncodingJSON, holds it to that).

// jsonReader is a cursor over one JSON document. Methods return false when
// the input is not what the fast path handles; the reader is then
// abandoned.
type jsonReader struct {
	b []byte
	i int

	// text is b as a string, made on the first string read; plain
	// strings are slices of it.
	text string
	// slab holds the targets of *string fields: one allocation for many
	// instead of one each.
	slab []string
}

// maxFastDepth bounds nesting in skipped values; deeper input (only a
// hostile server sends it) goes to encoding/json, which has its own limit.
const maxFastDepth = 64

func (r *jsonReader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end) without consuming it.
func (r *jsonReader) peek() byte {
	r.ws()
	if r.i >= len(r.b) {
		return 0
	}
	return r.b[r.i]
}

// consume eats the byte c after optional space.
func (r *jsonReader) consume(c byte) bool {
	if r.peek() != c {
		return false
	}
	r.i++
	return true
}

// end reports whether only space is left (encoding/json refuses anything
// after the top-level value).
func (r *jsonReader) end() bool {
	r.ws()
	return r.i == len(r.b)
}

// literal consumes the bare word w (true, false, null).
func (r *jsonReader) literal(w string) bool {
	if r.peek() != w[0] || !bytes.HasPrefix(r.b[r.i:], []byte(w)) {
		return false
	}
	r.i += len(w)
	return true
}

// null consumes a null if one comes next.
func (r *jsonReader) null() bool { return r.literal("null") }

// rawString consumes a string token and returns its bytes between the
// quotes. plain is true when they need no decoding: no escapes and valid
// UTF-8. Control characters are invalid JSON: not ok.
func (r *jsonReader) rawString() (s []byte, plain, ok bool) {
	if r.peek() != '"' {
		return nil, false, false
	}
	b := r.b
	start := r.i + 1
	plain, ascii := true, true
	for j := start; j < len(b); {
		// Eight bytes at a time while none needs a look (strings are
		// mostly plain ASCII: ids, emails, signed URLs).
		for j+8 <= len(b) && plainWord(binary.LittleEndian.Uint64(b[j:])) {
			j += 8
		}
		if j >= len(b) {
			break
		}
		switch c := b[j]; {
		case c == '"':
			r.i = j + 1
			s = b[start:j]
			if plain && !ascii {
				plain = utf8.Valid(s)
			}
			return s, plain, true
		case c == '\\':
			plain = false
			n := escapeLen(b[j+1:])
			if n == 0 {
				return nil, false, false
			}
			j += 1 + n
		case c < 0x20:
			return nil, false, false
		case c >= 0x80:
			ascii = false
			j++
		default:
			j++
		}
	}
	return nil, false, false
}

// plainWord reports whether the eight bytes of w (little-endian) hold no
// quote, backslash, control character or non-ASCII byte. The tests are
// the usual has-zero-byte bit tricks; they never miss such a byte (a
// false alarm only sends rawString to its byte-by-byte loop).
func plainWord(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := w ^ (ones * '"')        // zero bytes where w has a quote
	backslash := w ^ (ones * '\\')   // … a backslash
	found := (quote - ones) & ^quote // high bit set under a zero byte
	found |= (backslash - ones) & ^backslash
	found |= (w - ones*0x20) & ^w // … under a byte below 0x20
	return (found|w)&highs == 0   // w's own high bits: non-ASCII
}

// escapeLen is the length of the valid escape that b starts with (after
// the backslash), 0 when it is not one.
func escapeLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(b) < 5 {
			return 0
		}
		for _, c := range b[1:5] {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return 0
			}
		}
		return 5
	}
	return 0
}

// string consumes a string value. A plain one (the usual case) is a slice
// of the page's text, copied from the body once per page: a page of 200
// items has ~1,600 strings, and allocating each was most of the decoder's
// cost. (So one kept item keeps its page's text alive, ~50–200 KB: fine
// for a sync, which keeps every item anyway.)
func (r *jsonReader) string() (string, bool) {
	r.ws()
	start := r.i
	s, plain, ok := r.rawString()
	if !ok {
		return "", false
	}
	if plain {
		if r.text == "" {
			r.text = string(r.b)
		}
		from := r.i - 1 - len(s) // just after the opening quote
		return r.text[from : from+len(s)], true
	}
	// Escapes or invalid UTF-8 (rare in API answers): encoding/json's own
	// unquoting, so the result is the same to the byte.
	var out string
	if err := json.Unmarshal(r.b[start:r.i], &out); err != nil {
		return "", false
	}
	return out, true
}

// key consumes an object key and its colon. Keys with escapes are left to
// encoding/json.
func (r *jsonReader) key() ([]byte, bool) {
	k, plain, ok := r.rawString()
	if !ok || !plain || !r.consume(':') {
		return nil, false
	}
	return k, true
}

// object calls field for each key of an object; field must consume the
// value.
func (r *jsonReader) object(field func(key []byte) bool) bool {
	if !r.consume('{') {
		return false
	}
	if r.consume('}') {
		return true
	}
	for {
		k, ok := r.key()
		if !ok || !field(k) {
			return false
		}
		if r.consume(',') {
			continue
		}
		return r.consume('}')
	}
}

// array calls elem for each element of an array; elem must consume it.
func (r *jsonReader) array(elem func() bool) bool {
	if !r.consume('[') {
		return false
	}
	if r.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if r.consume(',') {
			continue
		}
		return r.consume(']')
	}
}

// stringInto sets *dst from a string; null leaves it as it is (what
// encoding/json does for a string field).
func (r *jsonReader) stringInto(dst *string) bool {
	if r.null() {
		return true
	}
	s, ok := r.string()
	*dst = s
	return ok
}

// stringPtrInto sets *dst to a new string, or nil for null.
func (r *jsonReader) stringPtrInto(dst **string) bool {
	if r.null() {
		*dst = nil
		return true
	}
	s, ok := r.string()
	if !ok {
		return false
	}
	if len(r.slab) == cap(r.slab) {
		r.slab = make([]string, 0, 512)
	}
	r.slab = append(r.slab, s)
	*dst = &r.slab[len(r.slab)-1]
	return true
}

// boolPtrInto sets *dst from true or false, or nil for null.
func (r *jsonReader) boolPtrInto(dst **bool) bool {
	switch {
	case r.literal("true"):
		v := true
		*dst = &v
	case r.literal("false"):
		v := false
		*dst = &v
	case r.null():
		*dst = nil
	default:
		return false
	}
	return true
}

// boolInto sets *dst from true or false; null leaves it.
func (r *jsonReader) boolInto(dst *bool) bool {
	switch {
	case r.literal("true"):
		*dst = true
	case r.literal("false"):
		*dst = false
	case r.null():
	default:
		return false
	}
	return true
}

// intInto sets *dst from an integer literal; null leaves it. A fraction or
// exponent is an error for encoding/json too: not ok.
func (r *jsonReader) intInto(dst *int) bool {
	if r.null() {
		return true
	}
	r.ws()
	start := r.i
	if !r.number() {
		return false
	}
	v, err := strconv.ParseInt(string(r.b[start:r.i]), 10, strconv.IntSize)
	if err != nil {
		return false
	}
	*dst = int(v)
	return true
}

// timeInto hands the raw value to flexTime's own UnmarshalJSON, so a
// timestamp reads the same on both paths.
func (r *jsonReader) timeInto(dst *flexTime) bool {
	r.ws()
	start := r.i
	if !r.skip(0) {
		return false
	}
	return dst.UnmarshalJSON(r.b[start:r.i]) == nil
}

// number consumes a number with JSON's exact grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *jsonReader) number() bool {
	r.ws()
	b, i := r.b, r.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	r.i = i
	return true
}

// skip consumes any valid JSON value (an unknown field's), checking it as
// strictly as encoding/json would.
func (r *jsonReader) skip(depth int) bool {
	if depth > maxFastDepth {
		return false
	}
	switch r.peek() {
	case '{':
		return r.object(func([]byte) bool { return r.skip(depth + 1) })
	case '[':
		return r.array(func() bool { return r.skip(depth + 1) })
	case '"':
		_, _, ok := r.rawString()
		return ok
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.null()
	default:
		return r.number()
	}
}

// unknown skips the value of a key the struct does not have, unless
// encoding/json would still match the key to a field (it ignores case) or
// the key is one the fast path leaves to encoding/json. known lists the
// struct's keys.
func (r *jsonReader) unknown(key []byte, known ...string) bool {
	for _, k := range known {
		if bytes.EqualFold(key, []byte(k)) {
			return false
		}
	}
	return r.skip(0)
}

// ---- the list pages ----------------------------------------------------

// envelopeField reads the envelope keys the fast path handles. "error"
// and "data" are never read on the fast path (a failure, or the generic
// wrapper): unknown refuses them, so such bodies go to encoding/json.
func (r *jsonReader) envelopeField(e *envelope, key []byte) (handled, ok bool) {
	switch string(key) {
	case "success":
		return true, r.boolPtrInto(&e.Success)
	case "code":
		return true, r.stringInto(&e.Code)
	}
	return false, false
}

// page reads a top-level list response: the envelope, the list under
// listKey (read by item) and an optional pagination block.
func (r *jsonReader) page(e *envelope, listKey string, pg **wirePagination, item func() bool, known []string) bool {
	sawList := false
	ok := r.object(func(key []byte) bool {
		if handled, ok := r.envelopeField(e, key); handled {
			return ok
		}
		switch {
		case string(key) == listKey:
			// null, or a list given twice, is left to encoding/json.
			if sawList {
				return false
			}
			sawList = true
			return r.array(item)
		case pg != nil && string(key) == "pagination":
			return r.pagination(pg)
		}
		return r.unknown(key, known...)
	})
	return ok && sawList && r.end()
}

func (r *jsonReader) pagination(dst **wirePagination) bool {
	if r.null() {
		*dst = nil
		return true
	}
	if *dst == nil {
		*dst = new(wirePagination)
	}
	p := *dst
	return r.object(func(key []byte) bool {
		switch string(key) {
		case "total":
			return r.intInto(&p.Total)
		case "limit":
			return r.intInto(&p.Limit)
		case "offset":
			return r.intInto(&p.Offset)
		case "hasMore":
			return r.boolInto(&p.HasMore)
		}
		return r.unknown(key, "total", "limit", "offset", "hasMore")
	})
}

// fastDecoder is a response type with a fast path. decodeFast fills the
// (zeroed) response from body and reports whether it could; when it could
// not, the response is in an undefined state and must be zeroed again.
type fastDecoder interface {
	decodeFast(body []byte) bool
}

// The top-level keys of each page, for unknown's case check.
var (
	memberPageKeys = []string{"members", "pagination", "success", "error", "code", "data"}
	modelPageKeys  = []string{"models", "pagination", "success", "error", "code", "data"}
	photoPageKeys  = []string{"photos", "pagination", "success", "error", "code", "data"}
	invitePageKeys = []string{"invites", "success", "error", "code", "data"}
)

func (out *memberListResponse) decodeFast(body []byte) bool {
	return decodePage(body, &out.envelope, "members", &out.Pagination, &out.Members, (*jsonReader).member, memberPageKeys)
}

func (out *modelListResponse) decodeFast(body []byte) bool {
	return decodePage(body, &out.envelope, "models", &out.Pagination, &out.Models, (*jsonReader).model, modelPageKeys)
}

func (out *photoListResponse) decodeFast(body []byte) bool {
	return decodePage(body, &out.envelope, "photos", &out.Pagination, &out.Photos, (*jsonReader).photo, photoPageKeys)
}

func (out *inviteListResponse) decodeFast(body []byte) bool {
	return decodePage(body, &out.envelope, "invites", nil, &out.Invites, (*jsonReader).invite, invitePageKeys)
}

// decodePage reads one list page into e, pg (nil for a list without
// pagination) and list, one item at a time with item. "key": [] is an
// empty list, not a missing one, as with encoding/json.
func decodePage[T any](body []byte, e *envelope, listKey string, pg **wirePagination, list *[]T,
	item func(*jsonReader, *T) bool, keys []string) bool {
	r := jsonReader{b: body}
	ok := r.page(e, listKey, pg, func() bool {
		*list = append(*list, *new(T))
		return item(&r, &(*list)[len(*list)-1])
	}, keys)
	if ok && *list == nil {
		*list = []T{}
	}
	return ok
}

// The items. A null item stays the zero value, as with encoding/json.

var memberKeys = []string{"id", "email", "name", "status", "teamId", "teamName", "modelId", "modelStatus", "joinedAt"}

func (r *jsonReader) member(m *wireMember) bool {
	if r.null() {
		return true
	}
	return r.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return r.stringInto(&m.ID)
		case "email":
			return r.stringInto(&m.Email)
		case "name":
			return r.stringPtrInto(&m.Name)
		case "status":
			return r.stringPtrInto(&m.Status)
		case "teamId":
			return r.stringPtrInto(&m.TeamID)
		case "teamName":
			return r.stringPtrInto(&m.TeamName)
		case "modelId":
			return r.stringPtrInto(&m.ModelID)
		case "modelStatus":
			return r.stringPtrInto(&m.ModelStatus)
		case "joinedAt":
			return r.timeInto(&m.JoinedAt)
		}
		return r.unknown(key, memberKeys...)
	})
}

var modelKeys = []string{"id", "uid", "email", "title", "status", "teamId", "teamName", "isDevelopment", "createdAt", "finishedAt"}

func (r *jsonReader) model(m *wireModel) bool {
	if r.null() {
		return true
	}
	return r.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return r.stringInto(&m.ID)
		case "uid":
			return r.stringPtrInto(&m.UID)
		case "email":
			return r.stringPtrInto(&m.Email)
		case "title":
			return r.stringPtrInto(&m.Title)
		case "status":
			return r.stringInto(&m.Status)
		case "teamId":
			return r.stringPtrInto(&m.TeamID)
		case "teamName":
			return r.stringPtrInto(&m.TeamName)
		case "isDevelopment":
			return r.boolInto(&m.IsDevelopment)
		case "createdAt":
			return r.timeInto(&m.CreatedAt)
		case "finishedAt":
			return r.timeInto(&m.FinishedAt)
		}
		return r.unknown(key, modelKeys...)
	})
}

var photoKeys = []string{"id", "modelId", "status", "likedStatus", "createdAt", "urls", "expiresAt",
	"email", "name", "title", "teamId", "teamName"}

func (r *jsonReader) photo(p *wirePhoto) bool {
	if r.null() {
		return true
	}
	return r.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return r.stringInto(&p.ID)
		case "modelId":
			return r.stringPtrInto(&p.ModelID)
		case "status":
			return r.stringPtrInto(&p.Status)
		case "likedStatus":
			return r.stringPtrInto(&p.LikedStatus)
		case "createdAt":
			return r.timeInto(&p.CreatedAt)
		case "urls":
			return r.urls(&p.URLs)
		case "expiresAt":
			return r.timeInto(&p.ExpiresAt)
		case "email":
			return r.stringPtrInto(&p.Email)
		case "name":
			return r.stringPtrInto(&p.Name)
		case "title":
			return r.stringPtrInto(&p.Title)
		case "teamId":
			return r.stringPtrInto(&p.TeamID)
		case "teamName":
			return r.stringPtrInto(&p.TeamName)
		}
		return r.unknown(key, photoKeys...)
	})
}

func (r *jsonReader) urls(u *wireURLs) bool {
	if r.null() {
		return true
	}
	return r.object(func(key []byte) bool {
		switch string(key) {
		case "main":
			return r.stringPtrInto(&u.Main)
		case "thumbnail":
			return r.stringPtrInto(&u.Thumbnail)
		case "original":
			return r.stringPtrInto(&u.Original)
		}
		return r.unknown(key, "main", "thumbnail", "original")
	})
}

var inviteKeys = []string{"email", "status", "modelId", "teamId", "teamName", "createdAt"}

func (r *jsonReader) invite(v *wireInvite) bool {
	if r.null() {
		return true
	}
	return r.object(func(key []byte) bool {
		switch string(key) {
		case "email":
			return r.stringInto(&v.Email)
		case "status":
			return r.stringInto(&v.Status)
		case "modelId":
			return r.stringPtrInto(&v.ModelID)
		case "teamId":
			return r.stringPtrInto(&v.TeamID)
		case "teamName":
			return r.stringPtrInto(&v.TeamName)
		case "createdAt":
			return r.timeInto(&v.CreatedAt)
		}
		return r.unknown(key, inviteKeys...)
	})
}
