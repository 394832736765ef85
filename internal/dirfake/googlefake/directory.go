package googlefake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // the API accepts GIF
	"image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/disintegration/imaging"
)

// MaxPhotoBytes is the largest photo the fake accepts: the 5 MB of
// Google's profile photo requirements (https://support.google.com/a/answer/6371005).
const MaxPhotoBytes = 5 << 20

// ThumbnailSide is the side of the thumbnail Google documents it keeps
// ("the API downsizes it to 96x96 pixels").
const ThumbnailSide = 96

// handleList is users.list: customer (my_customer or the id) or domain,
// maxResults 1–500 (default 100), pageToken; users sorted by email.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	customer, domain := q.Get("customer"), q.Get("domain")
	s.mu.Lock()
	wantCustomer, wantDomain := s.opts.CustomerID, s.opts.Domain
	s.mu.Unlock()
	switch {
	case customer == "" && domain == "":
		apiError(w, http.StatusBadRequest, "badRequest", "Bad Request")
		return
	case customer != "" && customer != "my_customer" && customer != wantCustomer:
		apiError(w, http.StatusBadRequest, "badRequest", "Bad Request")
		return
	case customer == "" && !strings.EqualFold(domain, wantDomain):
		apiError(w, http.StatusForbidden, "forbidden", "Not Authorized to access this resource/api")
		return
	}
	max := 100
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			apiError(w, http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid value '%s'. Values must be within the range: [1, 500]", v))
			return
		}
		max = n
	}
	start := 0
	if tok := q.Get("pageToken"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		n, cerr := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if err != nil || cerr != nil || !strings.HasPrefix(string(raw), "offset:") || n < 0 {
			apiError(w, http.StatusBadRequest, "invalid", "Invalid Input: pageToken")
			return
		}
		start = n
	}
	s.mu.Lock()
	var users []map[string]any
	end := min(start+max, len(s.users))
	for _, a := range s.users[min(start, len(s.users)):end] {
		u := map[string]any{
			"kind":         "admin#directory#user",
			"id":           a.ID,
			"primaryEmail": a.Email,
			"name":         map[string]string{"fullName": a.Name},
			"isAdmin":      a.Admin,
			"suspended":    false,
		}
		if len(a.Aliases) > 0 {
			u["aliases"] = a.Aliases
		}
		users = append(users, u)
	}
	total := len(s.users)
	s.mu.Unlock()
	body := map[string]any{"kind": "admin#directory#users", "etag": `"fake"`, "users": users}
	if end < total {
		body["nextPageToken"] = base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
	}
	writeJSON(w, http.StatusOK, body)
}

// lookup finds the user a userKey names (email, alias or id), or answers
// 404 as Google does.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *account {
	a := s.byKey[strings.ToLower(r.PathValue("userKey"))]
	if a == nil {
		apiError(w, http.StatusNotFound, "notFound", "Resource Not Found: userKey")
	}
	return a
}

func (s *Server) photoResource(a *account) map[string]any {
	res := map[string]any{
		"kind":         "admin#directory#user#photo",
		"id":           a.ID,
		"etag":         fmt.Sprintf(`"photo-%d"`, a.etag),
		"primaryEmail": a.Email,
		"mimeType":     a.photoType,
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(a.Photo)); err == nil {
		res["width"], res["height"] = cfg.Width, cfg.Height
	}
	return res
}

func (s *Server) handlePhotoGet(w http.ResponseWriter, r *http.Request, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.lookup(w, r)
	if a == nil {
		return
	}
	if a.Photo == nil {
		apiError(w, http.StatusNotFound, "notFound", "Resource Not Found: photo")
		return
	}
	res := s.photoResource(a)
	res["photoData"] = base64.URLEncoding.EncodeToString(a.Photo)
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handlePhotoDelete(w http.ResponseWriter, r *http.Request, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.lookup(w, r)
	if a == nil {
		return
	}
	if a.Photo == nil {
		apiError(w, http.StatusNotFound, "notFound", "Resource Not Found: photo")
		return
	}
	a.Photo, a.photoType, a.SelfSetPhoto = nil, "", false
	a.etag++
	w.WriteHeader(http.StatusNoContent)
}

// handlePhotoUpdate is users.photos.update (PUT) and patch: a UserPhoto
// whose photoData is web-safe base64 of a JPEG, PNG, GIF, BMP or TIFF of
// at most 5 MB; mimeType, when given, must name that type.
func (s *Server) handlePhotoUpdate(w http.ResponseWriter, r *http.Request, _ string) {
	// 5 MB in base64 is 6.7 MB; a body well past that is refused unread.
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20+1))
	if err != nil {
		apiError(w, http.StatusBadRequest, "badRequest", "Could not read the request body.")
		return
	}
	if len(body) > 8<<20 {
		apiError(w, http.StatusRequestEntityTooLarge, "uploadTooLarge", "Request Entity Too Large")
		return
	}
	var in struct {
		PhotoData *string `json:"photoData"`
		MimeType  string  `json:"mimeType"`
		Width     int     `json:"width"`
		Height    int     `json:"height"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		apiError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received.")
		return
	}
	if in.PhotoData == nil || *in.PhotoData == "" {
		apiError(w, http.StatusBadRequest, "invalid", "Invalid Input: photoData is required")
		return
	}
	data, err := decodeWebSafe(*in.PhotoData)
	if err != nil {
		apiError(w, http.StatusBadRequest, "invalid", "Invalid value at 'photo_data' (TYPE_BYTES), Base64 decoding failed: use web-safe base64")
		return
	}
	if len(data) > MaxPhotoBytes {
		apiError(w, http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Input: the photo is %d bytes; the limit is 5 MB", len(data)))
		return
	}
	kind := sniff(data)
	if kind == "" {
		apiError(w, http.StatusBadRequest, "invalid", "Invalid Input: photoData is not a JPEG, PNG, GIF, BMP or TIFF image")
		return
	}
	if in.MimeType != "" {
		m := normalizeMime(in.MimeType)
		if !slices.Contains([]string{"image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff"}, m) {
			apiError(w, http.StatusBadRequest, "invalid", "Invalid Input: mimeType "+in.MimeType+" is not JPEG, PNG, GIF, BMP or TIFF")
			return
		}
		if m != kind {
			apiError(w, http.StatusBadRequest, "invalid", "Invalid Input: mimeType "+in.MimeType+" does not match the photo ("+kind+")")
			return
		}
	}
	stored, storedType := data, kind
	s.mu.Lock()
	thumbnail := s.opts.Thumbnail
	s.mu.Unlock()
	if thumbnail {
		img, _, err := image.Decode(bytes.NewReader(data))
		if err == nil {
			var buf bytes.Buffer
			_ = jpeg.Encode(&buf, imaging.Fill(img, ThumbnailSide, ThumbnailSide, imaging.Center, imaging.Lanczos), &jpeg.Options{Quality: 90})
			stored, storedType = buf.Bytes(), "image/jpeg"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.lookup(w, r)
	if a == nil {
		return
	}
	// Google answers 200 but keeps a photo the user set themselves.
	if !a.SelfSetPhoto || a.Photo == nil {
		a.Photo, a.photoType = stored, storedType
		a.SelfSetPhoto = false
		a.etag++
	}
	writeJSON(w, http.StatusOK, s.photoResource(a))
}

// decodeWebSafe reads the "web-safe base64" Google documents: the URL
// alphabet (- and _), padded with "=" or with "." (and "*" for "="), or
// not padded. The standard alphabet's + and / are refused.
func decodeWebSafe(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=.*")
	if strings.ContainsAny(s, "+/") {
		return nil, fmt.Errorf("not web-safe base64")
	}
	return base64.RawURLEncoding.DecodeString(s)
}

// sniff names the image type of data from its first bytes and, for the
// types Go decodes, checks the header is readable.
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("BM")):
		return "image/bmp"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "image/tiff"
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		return "image/" + format
	}
	return ""
}

func normalizeMime(m string) string {
	m = strings.ToLower(strings.TrimSpace(m))
	m = strings.TrimPrefix(m, "image/")
	switch m {
	case "jpg":
		m = "jpeg"
	case "tif":
		m = "tiff"
	}
	return "image/" + m
}

// SamplePhoto returns a side×side JPEG in a color derived from seed, to
// seed users' existing photos and to stand for rendered ones.
func SamplePhoto(side int, seed byte) []byte {
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = seed, 255-seed, byte(i/4%side), 255
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	return buf.Bytes()
}
