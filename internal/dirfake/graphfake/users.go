package graphfake

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // photos are checked to be the image they claim
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// listLocked answers one page of GET /users. It is called with mu held and
// releases it before writing.
func (s *Server) listLocked(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	top := 100 // Graph's default page of users
	if v := q.Get("$top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 999 {
			s.mu.Unlock()
			graphError(w, http.StatusBadRequest, "Request_UnsupportedQuery", "Invalid page size specified: '"+v+"'. Must be between 1 and 999 inclusive.")
			return
		}
		top = n
	}
	offset := 0
	if v := q.Get("$skiptoken"); v != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "fake-"))
		if err != nil || n < 0 {
			s.mu.Unlock()
			graphError(w, http.StatusBadRequest, "Request_BadRequest", "The $skiptoken is not valid.")
			return
		}
		offset = n
	}
	fields := []string{"id", "displayName", "mail", "userPrincipalName"}
	if v := q.Get("$select"); v != "" {
		fields = strings.Split(v, ",")
	}
	end := min(offset+top, len(s.accounts))
	page := make([]map[string]any, 0, max(end-offset, 0))
	for _, a := range s.accounts[min(offset, end):end] {
		u := map[string]any{}
		for _, f := range fields {
			switch strings.TrimSpace(f) {
			case "id":
				u["id"] = a.ID
			case "displayName":
				u["displayName"] = a.DisplayName
			case "mail":
				u["mail"] = nullable(a.Mail)
			case "userPrincipalName":
				u["userPrincipalName"] = a.UPN
			}
		}
		page = append(page, u)
	}
	base := s.opts.BaseURL
	more := end < len(s.accounts)
	s.mu.Unlock()
	body := map[string]any{"@odata.context": base + "/v1.0/$metadata#users(" + strings.Join(fields, ",") + ")", "value": page}
	if more {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("$top", strconv.Itoa(top))
		next.Set("$skiptoken", "fake-"+strconv.Itoa(end))
		body["@odata.nextLink"] = base + "/v1.0/users?" + next.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// getPhotoLocked answers GET …/photo/$value (mu held; released here).
func (s *Server) getPhotoLocked(w http.ResponseWriter, user string) {
	a := s.byKey[strings.ToLower(user)]
	if a == nil {
		s.mu.Unlock()
		userNotFound(w, user)
		return
	}
	if a.photo == nil {
		s.mu.Unlock()
		graphError(w, http.StatusNotFound, "ImageNotFound", "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.")
		return
	}
	data, ctype := s.photos[*a.photo], a.photoType
	s.mu.Unlock()
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// putPhoto answers PUT/PATCH …/photo/$value.
func (s *Server) putPhoto(w http.ResponseWriter, r *http.Request, user string) {
	s.mu.Lock()
	known := s.byKey[strings.ToLower(user)] != nil
	s.mu.Unlock()
	if !known {
		userNotFound(w, user)
		return
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype != "image/jpeg" && ctype != "image/png" {
		graphError(w, http.StatusUnsupportedMediaType, "UnsupportedMediaType", "The photo must be image/jpeg or image/png, not '"+r.Header.Get("Content-Type")+"'.")
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxPhotoBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		graphError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request is larger than the 4 MB a photo may be.")
		return
	case err != nil:
		graphError(w, http.StatusBadRequest, "Request_BadRequest", "The photo could not be read.")
		return
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || "image/"+format != ctype {
		graphError(w, http.StatusBadRequest, "ImageUnreadable", "The photo is not a readable "+ctype+" image.")
		return
	}
	s.mu.Lock()
	a := s.byKey[strings.ToLower(user)]
	a.photo, a.photoType = s.keep(data), ctype
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// deletePhotoLocked answers DELETE …/photo (mu held; released here).
func (s *Server) deletePhotoLocked(w http.ResponseWriter, user string) {
	a := s.byKey[strings.ToLower(user)]
	if a == nil {
		s.mu.Unlock()
		userNotFound(w, user)
		return
	}
	had := a.photo != nil
	a.photo, a.photoType = nil, ""
	s.mu.Unlock()
	if !had {
		graphError(w, http.StatusNotFound, "ImageNotFound", "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.")
		return
	}
	w.WriteHeader(http.StatusOK)
}

func userNotFound(w http.ResponseWriter, user string) {
	graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "Resource '"+user+"' does not exist or one of its queried reference-property objects are not present.")
}
