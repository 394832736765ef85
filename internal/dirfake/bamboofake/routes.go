package bamboofake

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif" // the formats BambooHR accepts
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"strings"
)

type field struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// directory answers GET employees/directory: active employees the company
// did not hide, with the company's fieldset. JSON only when asked for;
// BambooHR's default is XML.
func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	off, noEmail := s.directoryOff, s.directoryNoEmail
	fields := []field{{"displayName", "text", "Display name"}, {"firstName", "text", "First name"},
		{"lastName", "text", "Last name"}, {"jobTitle", "list", "Job title"}}
	if !noEmail {
		fields = append(fields, field{"workEmail", "email", "Work Email"})
	}
	fields = append(fields, field{"photoUploaded", "bool", "Employee photo"}, field{"photoUrl", "url", "Photo URL"})
	var rows []map[string]any
	for _, e := range s.list {
		if e.Hidden || e.Inactive {
			continue
		}
		row := map[string]any{"id": e.ID, "displayName": strings.TrimSpace(e.FirstName + " " + e.LastName),
			"firstName": e.FirstName, "lastName": e.LastName, "jobTitle": nil,
			"photoUploaded": e.Photo != nil, "photoUrl": "https://images.invalid/photos/" + e.ID + ".jpg"}
		if !noEmail {
			row["workEmail"] = e.Email
		}
		rows = append(rows, row)
	}
	s.mu.Unlock()
	switch {
	case off:
		fail(w, http.StatusForbidden, "The company directory is not shared company-wide")
		return
	case len(rows) == 0:
		fail(w, http.StatusNotFound, "The directory is empty")
		return
	}
	if !strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeDirectoryXML(w, fields, rows)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fields": fields, "employees": rows})
}

func writeDirectoryXML(w http.ResponseWriter, fields []field, rows []map[string]any) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><directory><fieldset>`)
	for _, f := range fields {
		b.WriteString(`<field id="` + f.ID + `">`)
		xml.EscapeText(&b, []byte(f.Name))
		b.WriteString(`</field>`)
	}
	b.WriteString(`</fieldset><employees>`)
	for _, row := range rows {
		b.WriteString(`<employee id="` + row["id"].(string) + `">`)
		for _, f := range fields {
			if v, ok := row[f.ID].(string); ok {
				b.WriteString(`<field id="` + f.ID + `">`)
				xml.EscapeText(&b, []byte(v))
				b.WriteString(`</field>`)
			}
		}
		b.WriteString(`</employee>`)
	}
	b.WriteString(`</employees></directory>`)
	w.Header().Set("Content-Type", "text/xml")
	w.Write(b.Bytes())
}

// reportFields are the fields the fake knows for custom reports; others are
// silently left out, as BambooHR does with unknown fields.
var reportFields = map[string]field{
	"id":          {"id", "int", "ID"},
	"workEmail":   {"workEmail", "email", "Work Email"},
	"displayName": {"displayName", "text", "Display name"},
	"firstName":   {"firstName", "text", "First name"},
	"lastName":    {"lastName", "text", "Last name"},
	"status":      {"status", "status", "Status"},
}

// report answers POST reports/custom: every employee, active or not, with
// the fields asked for. The body must be JSON with Content-Type exactly
// application/json (anything else is parsed as XML by BambooHR).
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	forbidden := s.reportsForbidden
	s.mu.Unlock()
	if forbidden {
		fail(w, http.StatusForbidden, "You do not have access to run reports")
		return
	}
	format := strings.ToLower(r.URL.Query().Get("format"))
	if format == "" && r.Header.Get("Accept") == "application/json" {
		format = "json"
	}
	if format != "json" {
		fail(w, http.StatusBadRequest, "This fake answers custom reports in JSON only")
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		fail(w, http.StatusBadRequest, "Malformed XML")
		return
	}
	var req struct {
		Title  string   `json:"title"`
		Fields []string `json:"fields"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "Malformed JSON")
		return
	}
	if len(req.Fields) == 0 || len(req.Fields) > 400 {
		fail(w, http.StatusBadRequest, "A report needs between 1 and 400 fields")
		return
	}
	var fields []field
	for _, f := range req.Fields {
		if known, ok := reportFields[f]; ok {
			fields = append(fields, known)
		}
	}
	s.mu.Lock()
	rows := make([]map[string]any, 0, len(s.list))
	for _, e := range s.list {
		row := map[string]any{}
		for _, f := range fields {
			switch f.ID {
			case "id":
				// BambooHR's samples show ids as numbers here and as
				// strings in the directory; the fake sends both kinds.
				row["id"] = json.Number(e.ID)
			case "workEmail":
				row["workEmail"] = e.Email
			case "displayName":
				row["displayName"] = strings.TrimSpace(e.FirstName + " " + e.LastName)
			case "firstName":
				row["firstName"] = e.FirstName
			case "lastName":
				row["lastName"] = e.LastName
			case "status":
				row["status"] = map[bool]string{false: "Active", true: "Inactive"}[e.Inactive]
			}
		}
		rows = append(rows, row)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"title": req.Title, "fields": fields, "employees": rows})
}

var photoSizes = map[string]bool{"original": true, "large": true, "medium": true, "small": true, "xs": true, "tiny": true}

// photo answers GET employees/{id}/photo/{size}. Every size serves the
// stored bytes (the fake does not scale). Content-Type is always
// image/jpeg, as BambooHR's docs say, whatever the bytes are; with Accept:
// application/json the answer is {mimeType, fileBase64}.
func (s *Server) photo(w http.ResponseWriter, r *http.Request, id, size string) {
	s.mu.Lock()
	e := s.byID[id]
	var data []byte
	if e != nil {
		data = clone(e.Photo)
	}
	s.mu.Unlock()
	switch {
	case e == nil:
		fail(w, http.StatusNotFound, "Employee not found")
		return
	case !photoSizes[size]:
		fail(w, http.StatusNotFound, `Size: "`+size+`" is not a valid size option. Valid sizes are: xs, small, tiny, original, medium and large.`)
		return
	case data == nil:
		fail(w, http.StatusNotFound, "Employee photo not found")
		return
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeJSON(w, http.StatusOK, map[string]string{"mimeType": http.DetectContentType(data), "fileBase64": encodeBase64(data)})
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Write(data)
}

// upload answers POST employees/{id}/photo with BambooHR's documented
// checks, in the order a client meets them.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, id string, canUpload bool) {
	if !canUpload {
		fail(w, http.StatusForbidden, "You do not have permission to upload photos for this employee")
		return
	}
	s.mu.Lock()
	e := s.byID[id]
	s.mu.Unlock()
	if e == nil {
		fail(w, http.StatusNotFound, "Employee not found")
		return
	}
	limit := s.opts.MaxPhotoBytes
	data, status, msg := readFilePart(w, r, limit)
	if status != 0 {
		// Read what is left (bounded) so the client gets this answer rather
		// than a connection reset while it is still sending.
		io.Copy(io.Discard, io.LimitReader(r.Body, 64<<20))
		fail(w, status, msg)
		return
	}
	kind := http.DetectContentType(data)
	if kind != "image/jpeg" && kind != "image/png" && kind != "image/gif" {
		fail(w, http.StatusUnsupportedMediaType, "The file could not be read as a supported image format (jpg, gif or png)")
		return
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	switch {
	case err != nil:
		fail(w, http.StatusUnsupportedMediaType, "The file could not be read as a supported image format (jpg, gif or png)")
		return
	case abs(cfg.Width-cfg.Height) > 1:
		fail(w, http.StatusUnsupportedMediaType, "The width and height of the photo must be the same number of pixels")
		return
	case cfg.Width < MinPhotoSide || cfg.Height < MinPhotoSide:
		fail(w, http.StatusUnsupportedMediaType, "The photo must be at least 150x150 pixels")
		return
	}
	s.mu.Lock()
	e.Photo = data
	e.uploads++
	s.accepted++
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

// readFilePart reads the multipart field "file": at most limit bytes, else
// 413; a missing part or an empty file is 400.
func readFilePart(w http.ResponseWriter, r *http.Request, limit int) ([]byte, int, string) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		return nil, http.StatusBadRequest, "No file provided: the request must be multipart/form-data"
	}
	// The whole body may carry part headers and other fields besides the file.
	r.Body = http.MaxBytesReader(w, r.Body, 2*int64(limit)+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, http.StatusBadRequest, "No file provided"
	}
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return nil, http.StatusBadRequest, "No file provided"
		case errors.As(err, &tooBig):
			return nil, http.StatusRequestEntityTooLarge, "The photo file may not be larger than 20MB"
		case err != nil:
			return nil, http.StatusBadRequest, "Malformed multipart body"
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, int64(limit)+1))
		part.Close()
		switch {
		case errors.As(err, &tooBig) || len(data) > limit:
			return nil, http.StatusRequestEntityTooLarge, "The photo file may not be larger than 20MB"
		case err != nil:
			return nil, http.StatusBadRequest, "Malformed multipart body"
		case len(data) == 0:
			return nil, http.StatusBadRequest, "The file is empty"
		}
		return data, 0, ""
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
