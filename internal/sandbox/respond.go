package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Error codes, as HeadshotPro's API docs list them (the ErrorCode enum of
// openapi.yaml). No code string is documented for a 500; INTERNAL_ERROR is
// our choice.
const (
	codeUnauthorized     = "UNAUTHORIZED"
	codeForbidden        = "FORBIDDEN"
	codeInvalidRequest   = "INVALID_REQUEST"
	codeInvalidEmail     = "INVALID_EMAIL"
	codeNotFound         = "NOT_FOUND"
	codeAlreadyExists    = "ALREADY_EXISTS"
	codeInsufficient     = "INSUFFICIENT_CREDITS"
	codeAlreadyDeleted   = "ALREADY_DELETED"
	codeRateLimited      = "RATE_LIMIT_EXCEEDED"
	codeInviteLimit      = "INVITE_LIMIT_EXCEEDED"
	codeInternal         = "INTERNAL_ERROR"
	maxBodyBytes         = 1 << 20
	jsonContentType      = "application/json; charset=utf-8"
	defaultLimit         = 50
	maxLimit             = 200
	inviteLinkExpiryDays = 30
)

// apiError is an error that carries its HTTP status and API code; handlers
// return it and writeErr renders the documented envelope.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func errf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, codeInvalidRequest, format, args...)
}

func notFound(format string, args ...any) *apiError {
	return errf(http.StatusNotFound, codeNotFound, format, args...)
}

type errorBody struct {
	Success bool   `json:"success"`
	Error   string `json:"error"`
	Code    string `json:"code"`
}

// jsonBuffers recycles answer buffers: a list page is 50–200 KB (the
// invites list 2 MB) and a fresh buffer grew through every size on the way.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		jsonBuffers.Put(buf)
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only reachable through a programming error (unencodable value).
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(buf, `{"success":false,"error":%q,"code":%q}`+"\n", "encode response: "+err.Error(), codeInternal)
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeErr(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = errf(http.StatusInternalServerError, codeInternal, "%v", err)
	}
	writeJSON(w, ae.status, errorBody{Success: false, Error: ae.message, Code: ae.code})
}

// decodeBody reads a JSON object into v. It enforces the 1 MiB cap,
// rejects unknown fields and trailing data, and maps every failure to
// 400 INVALID_REQUEST (never a 500). optional allows an empty body.
func decodeBody(r *http.Request, v any, optional bool) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return badRequest("Could not read request body: %v", err)
	}
	if len(data) > maxBodyBytes {
		return badRequest("Request body too large (limit %d bytes)", maxBodyBytes)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 && optional {
		return nil
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return badRequest("Request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("Invalid JSON body: %s", jsonProblem(err))
	}
	if dec.More() {
		return badRequest("Invalid JSON body: unexpected data after the JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("Invalid JSON body: unexpected data after the JSON object")
	}
	return nil
}

// jsonProblem turns decoder errors into messages that name the field.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("field %q must be %s", te.Field, te.Type.String())
		}
		return "body must be a JSON object"
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of JSON"
	}
	return err.Error()
}
