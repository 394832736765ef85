package sandbox

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"hash"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The CDN route imitates a storage host serving pre-signed URLs:
//
//	GET /cdn/photos/{photoId}/{main|thumbnail|original}.jpg?expires=<unix s>&signature=<hex>
//
// signature = hex(HMAC-SHA256(per-server secret, path + "\n" + expires)).
// It is not behind the API key: like S3 it rejects a request that carries
// an Authorization header as well as a signature (400 InvalidArgument), so a
// client that leaks the API key to the photo host fails loudly in tests.
// Errors are S3-style XML: 403 SignatureDoesNotMatch (tampered), 403
// AccessDenied "Request has expired", 404 NoSuchKey.

var photoVariants = []string{"main", "thumbnail", "original"}

// expiry is when URLs issued now for m's photos stop working: the server TTL,
// shortened for the url-expiring seed scenario, overridden by the urlTTL
// fault. It is rounded up to a whole second because the URL carries seconds.
func (s *Server) expiry(m *model, now time.Time) time.Time {
	ttl := s.opts.URLTTL
	if m.shortURLTTL > 0 && m.shortURLTTL < ttl {
		ttl = m.shortURLTTL
	}
	if f := s.faults.urlTTL(); f > 0 {
		ttl = f
	}
	exp := now.Add(ttl)
	if t := exp.Truncate(time.Second); !t.Equal(exp) {
		exp = t.Add(time.Second)
	}
	return exp
}

// signature signs with a keyed MAC from s.macs: a favorites page signs 600
// links, and keying a new HMAC for each was a good part of its cost.
func (s *Server) signature(path, expires string) string {
	mac := s.macs.Get().(hash.Hash)
	defer s.macs.Put(mac)
	mac.Reset()
	mac.Write([]byte(path))
	mac.Write([]byte{'\n'})
	mac.Write([]byte(expires))
	var sum [sha256.Size]byte
	return hex.EncodeToString(mac.Sum(sum[:0]))
}

func (s *Server) signedURL(base, photoID, variant string, exp time.Time) string {
	path := "/cdn/photos/" + photoID + "/" + variant + ".jpg"
	e := strconv.FormatInt(exp.Unix(), 10)
	return base + path + "?expires=" + e + "&signature=" + s.signature(path, e)
}

// signPhoto returns p's signed URLs (main, or all three variants) and their
// common expiry.
func (s *Server) signPhoto(r *http.Request, p *photo, all bool, now time.Time) (jURLs, time.Time) {
	exp := s.expiry(p.model, now)
	base := origin(r)
	u := jURLs{Main: s.signedURL(base, p.id, "main", exp)}
	if all {
		u.Thumbnail = s.signedURL(base, p.id, "thumbnail", exp)
		u.Original = s.signedURL(base, p.id, "original", exp)
	}
	return u, exp
}

type storageErr struct {
	XMLName    xml.Name `xml:"Error"`
	Code       string   `xml:"Code"`
	Message    string   `xml:"Message"`
	Key        string   `xml:"Key,omitempty"`
	Expires    string   `xml:"Expires,omitempty"`
	ServerTime string   `xml:"ServerTime,omitempty"`
}

func writeStorageErr(w http.ResponseWriter, status int, e storageErr) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	xml.NewEncoder(&buf).Encode(e)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) serveCDN(w http.ResponseWriter, r *http.Request) {
	s.stats.cdn.Add(1)
	if !s.linkDelay(r) {
		return
	}
	if r.Header.Get("Authorization") != "" {
		s.stats.cdnWithAuth.Add(1)
		writeStorageErr(w, http.StatusBadRequest, storageErr{Code: "InvalidArgument",
			Message: "Only one auth mechanism allowed; only the signature query parameters or the Authorization header should be specified"})
		return
	}
	d := s.faults.decide(true)
	if !sleepCtx(r.Context(), d.latency) {
		return
	}
	if d.truncate {
		tw := newTruncatingWriter(w)
		defer tw.finish()
		w = tw
	}
	if d.status != 0 {
		code := "InternalError"
		if d.status == http.StatusServiceUnavailable {
			code = "SlowDown"
		}
		writeStorageErr(w, d.status, storageErr{Code: code, Message: "Injected storage fault"})
		return
	}

	photoID := r.PathValue("photoId")
	variant, ok := strings.CutSuffix(r.PathValue("file"), ".jpg")
	key := strings.TrimPrefix(r.URL.Path, "/cdn/")
	noKey := storageErr{Code: "NoSuchKey", Message: "The specified key does not exist.", Key: key}
	if !ok || !slices.Contains(photoVariants, variant) {
		writeStorageErr(w, http.StatusNotFound, noKey)
		return
	}
	q := r.URL.Query()
	exp, sig := q.Get("expires"), q.Get("signature")
	if exp == "" || sig == "" {
		writeStorageErr(w, http.StatusForbidden, storageErr{Code: "AccessDenied",
			Message: "Query-string authentication requires the expires and signature parameters"})
		return
	}
	want := s.signature(r.URL.Path, exp)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		writeStorageErr(w, http.StatusForbidden, storageErr{Code: "SignatureDoesNotMatch",
			Message: "The request signature we calculated does not match the signature you provided."})
		return
	}
	expUnix, err := strconv.ParseInt(exp, 10, 64)
	now := s.now()
	if err != nil || now.Unix() >= expUnix {
		e := storageErr{Code: "AccessDenied", Message: "Request has expired", ServerTime: now.Format(time.RFC3339)}
		if err == nil {
			e.Expires = time.Unix(expUnix, 0).UTC().Format(time.RFC3339)
		}
		writeStorageErr(w, http.StatusForbidden, e)
		return
	}

	s.mu.RLock()
	p := s.org.photoByID[photoID]
	var spec imageSpec
	var modTime time.Time
	if p != nil && p.model.status != statusDeleted {
		w, h := s.scaled(p.width, p.height)
		spec = imageSpec{photoID: p.id, seed: p.seed, width: w, height: h, variant: variant}
		modTime = p.createdAt
	} else {
		p = nil
	}
	s.mu.RUnlock()
	if p == nil {
		// INFERRED: photos of a deleted model stop being served.
		writeStorageErr(w, http.StatusNotFound, noKey)
		return
	}

	var data []byte
	switch s.faults.photoFault(photoID) {
	case photoFaultFail:
		writeStorageErr(w, http.StatusInternalServerError, storageErr{Code: "InternalError",
			Message: "We encountered an internal error. Please try again."})
		return
	case photoFaultHuge:
		data = hugeJPEG()
	case photoFaultCorrupt:
		data, err = s.images.get(spec)
		if err == nil {
			data = corrupt(data, spec.seed)
		}
	default:
		data, err = s.images.get(spec)
	}
	if err != nil {
		writeStorageErr(w, http.StatusInternalServerError, storageErr{Code: "InternalError",
			Message: fmt.Sprintf("render %s: %v", key, err)})
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", fmt.Sprintf(`"%016x-%s-%d"`, spec.seed, variant, len(data)))
	// Every body goes through the shaped writer: it also counts the bytes
	// sent (Stats.CDNBytes), with or without a bandwidth cap.
	w = &shapedWriter{ResponseWriter: w, ctx: r.Context(), pacers: s.faults.photoPacers(photoID), sent: &s.stats.cdnBytes}
	http.ServeContent(w, r, "", modTime, bytes.NewReader(data))
}

// scaled applies Options.ImageScale to a photo's pixel size (never below
// 64 px, so thumbnails and PFPs still have something to work with).
func (s *Server) scaled(w, h int) (int, int) {
	f := s.opts.ImageScale
	if f <= 0 || f >= 1 {
		return w, h
	}
	return max(64, int(float64(w)*f)), max(64, int(float64(h)*f))
}
