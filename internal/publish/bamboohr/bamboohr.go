package bamboohr

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// Name is the target's name in the publish log and on the command line.
const Name = "bamboohr"

// Limits of BambooHR's "Store a new employee photo"
// (https://documentation.bamboohr.com/reference/upload-employee-photo): a
// jpg, gif or png; at most 20 MB (read as 20,000,000 bytes, the stricter
// reading); width equal to height (BambooHR tolerates one pixel, Shotdesk
// renders exact squares); at least 150×150 (smaller answers 415).
//
// Side: BambooHR shows a photo at most at 340×340 (its "large" size) and
// its own web app caps uploads at 600×600
// (https://documentation.bamboohr.com/reference/get-employee-photo, the
// note under the sizes). 600×600 is therefore as sharp as any photo an
// admin uploads in BambooHR itself, leaves the "large" size a clean
// downscale, gives integrations that read the "original" a crisp picture,
// and stays far under the 20 MB limit (a 600×600 JPEG at quality 90 is
// about 320 KB even for pure noise, measured; a face is much less).
var limits = publish.Limits{
	Side:     600,
	MaxBytes: 20_000_000,
	Types:    []string{"image/jpeg", "image/png", "image/gif"},
	Square:   true,
	MinSide:  150,
}

// concurrency: BambooHR publishes no rate limit figures
// (https://documentation.bamboohr.com/docs/api-details: "API requests can
// be throttled if BambooHR deems them to be too frequent"); 8 at once is
// gentle, and the shared client slows down on its throttling answers.
const concurrency = 8

// maxBody bounds what Shotdesk reads from one answer: a photo is at most
// 20 MB, and a directory of 10,000 people is a few MB of JSON.
const maxBody = 64 << 20

// Words for people, naming what to fix in BambooHR.
const (
	wordsKeyRefused = "BambooHR did not accept the API key: it is wrong, was deleted, or its user can no longer sign in. " +
		"Create a new key in BambooHR (click your photo or name → API Keys → Add New Key) and give it to Shotdesk; what was sent so far is kept."
	wordsNoUploadPermission = "BambooHR refused to change a photo: the BambooHR user who owns the API key does not have the permission to upload employee photos. " +
		"In BambooHR, Settings → Access Levels, give that user an access level that may change the photos of all employees (Full Admin may), " +
		"or use the key of a user who has it; then publish again. What was sent so far is kept."
	wordsNoPhotoView = "BambooHR refused to show a current photo, which Shotdesk keeps before replacing it: the BambooHR user who owns the API key may not view employee photos. " +
		"In BambooHR, Settings → Access Levels, give that user an access level that covers all employees (Full Admin does), or use the key of a user who has it."
	wordsNoDirectory = "Shotdesk cannot list BambooHR's employees: the company directory is turned off (or hides the work email) and the BambooHR user who owns the API key may not run custom reports. " +
		"Either turn the company directory on with the Work Email field (BambooHR Settings → Company Directory), " +
		"or give that user an access level that may run reports and view Work Email for all employees (Settings → Access Levels)."
	wordsNoWorkEmail = "BambooHR showed no work email to the BambooHR user who owns the API key, so no one can be matched. " +
		"In BambooHR, Settings → Access Levels, give that user View access to Work Email for all employees."
)

// target is a BambooHR company.
type target struct {
	cfg    Config
	api    string // {base}/api/gateway.php/{domain}/v1
	client *http.Client
	logger *slog.Logger
}

// New checks cfg (errors in words name the field) and returns the target.
// opts.Tokens is ignored: BambooHR authenticates each request with the API
// key (HTTP Basic), which New sets itself.
func New(cfg Config, opts publish.ClientConfig) (publish.Target, error) {
	checked, err := cfg.check()
	if err != nil {
		return nil, err
	}
	// A TokenFunc would replace the Basic header with a Bearer one, and its
	// renewal on 401 cannot fix a wrong API key.
	opts.Tokens = nil
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &target{
		cfg:    checked,
		api:    checked.BaseURL + "/api/gateway.php/" + url.PathEscape(checked.Domain) + "/v1",
		client: publish.NewClient(opts),
		logger: logger,
	}, nil
}

func (t *target) Info() publish.Info {
	return publish.Info{Name: Name, Label: "BambooHR", Where: t.cfg.Domain + ".bamboohr.com",
		Limits: limits, Concurrency: concurrency}
}

// send makes one request with the API key as the Basic user name (BambooHR
// ignores the password; "x" is the usual filler). A body is a byte slice so
// the client can send it again on a retry.
func (t *target) send(ctx context.Context, method, path string, body []byte, header http.Header) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, t.api+path, rd)
	if err != nil {
		return nil, fmt.Errorf("bamboohr: build %s %s: %w", method, path, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.SetBasicAuth(t.cfg.APIKey, "x")
	return t.client.Do(req)
}

// ---- accounts ----

// errNoDirectory means the directory cannot be used for matching: turned
// off (403), empty (404), or without the work email.
var errNoDirectory = errors.New("the BambooHR directory cannot be used")

// Accounts lists the company's active employees with their work email:
// the directory, else a custom report (BambooHR's own advice, as a company
// can turn the directory off:
// https://documentation.bamboohr.com/reference/get-employees-directory-1).
func (t *target) Accounts(ctx context.Context) ([]publish.Account, error) {
	accounts, err := t.directory(ctx)
	if !errors.Is(err, errNoDirectory) {
		return accounts, err
	}
	t.logger.Info("BambooHR directory unusable; listing employees with a custom report", "domain", t.cfg.Domain, "why", err)
	return t.report(ctx)
}

// flexID reads an employee id sent as a string (the directory) or as a
// number (custom reports, in BambooHR's samples).
type flexID string

func (id *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*id = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("employee id %s is neither text nor a number", b)
	}
	*id = flexID(n.String())
	return nil
}

type employeeRow struct {
	ID          flexID `json:"id"`
	WorkEmail   string `json:"workEmail"`
	DisplayName string `json:"displayName"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Status      string `json:"status"`
}

type employeeList struct {
	Fields []struct {
		ID string `json:"id"`
	} `json:"fields"`
	Employees []employeeRow `json:"employees"`
}

func (l employeeList) hasField(id string) bool {
	for _, f := range l.Fields {
		if f.ID == id {
			return true
		}
	}
	return false
}

// directory reads GET employees/directory
// (https://documentation.bamboohr.com/reference/get-employees-directory):
// active employees only, without those the company hides; 403 when the
// company shares no directory, 404 when it is empty.
func (t *target) directory(ctx context.Context) ([]publish.Account, error) {
	resp, err := t.send(ctx, http.MethodGet, "/employees/directory", nil, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, fmt.Errorf("bamboohr: read the directory: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		herr := publish.ReadError(resp)
		switch herr.Status {
		case http.StatusUnauthorized:
			return nil, publish.Stop(wordsKeyRefused, herr)
		case http.StatusForbidden, http.StatusNotFound:
			return nil, fmt.Errorf("%w: %v", errNoDirectory, herr)
		}
		return nil, fmt.Errorf("bamboohr: read the directory: %w", herr)
	}
	var list employeeList
	if err := readJSON(resp, &list); err != nil {
		return nil, fmt.Errorf("bamboohr: read the directory: %w", err)
	}
	if !list.hasField("workEmail") {
		return nil, fmt.Errorf("%w: the company's directory does not show the work email", errNoDirectory)
	}
	return accountsOf(list.Employees), nil
}

// reportFields are the fields of the custom report that replaces the
// directory: the id to address photos by, the work email to match, a name
// for people, and the status to leave terminated employees out.
var reportFields = []string{"id", "workEmail", "displayName", "firstName", "lastName", "status"}

// report runs a custom report
// (https://documentation.bamboohr.com/reference/request-custom-report). It
// lists every employee, active or not; only active ones are kept, like the
// directory. The body is JSON with Content-Type exactly application/json:
// BambooHR parses anything else as XML.
func (t *target) report(ctx context.Context) ([]publish.Account, error) {
	body, err := json.Marshal(map[string]any{"title": "Shotdesk: work emails", "fields": reportFields})
	if err != nil {
		return nil, err
	}
	resp, err := t.send(ctx, http.MethodPost, "/reports/custom?format=JSON&onlyCurrent=true", body,
		http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}})
	if err != nil {
		return nil, fmt.Errorf("bamboohr: run the employee report: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		herr := publish.ReadError(resp)
		switch herr.Status {
		case http.StatusUnauthorized:
			return nil, publish.Stop(wordsKeyRefused, herr)
		case http.StatusForbidden:
			return nil, publish.Stop(wordsNoDirectory, herr)
		}
		return nil, fmt.Errorf("bamboohr: run the employee report: %w", herr)
	}
	var list employeeList
	if err := readJSON(resp, &list); err != nil {
		return nil, fmt.Errorf("bamboohr: read the employee report: %w", err)
	}
	// Fields the user may not see are left out of the report silently.
	if !list.hasField("workEmail") {
		return nil, publish.Stop(wordsNoWorkEmail, errors.New("bamboohr: the custom report came back without workEmail"))
	}
	active := list.Employees[:0]
	for _, e := range list.Employees {
		if e.Status == "" || strings.EqualFold(e.Status, "Active") {
			active = append(active, e)
		}
	}
	return accountsOf(active), nil
}

func accountsOf(rows []employeeRow) []publish.Account {
	out := make([]publish.Account, 0, len(rows))
	for _, e := range rows {
		if e.ID == "" {
			continue
		}
		name := strings.TrimSpace(e.DisplayName)
		if name == "" {
			name = strings.TrimSpace(e.FirstName + " " + e.LastName)
		}
		out = append(out, publish.Account{ID: string(e.ID), Email: strings.TrimSpace(e.WorkEmail), Name: name})
	}
	return out
}

// ---- photos ----

// Current reads the person's photo at its uploaded size
// (https://documentation.bamboohr.com/reference/get-employee-photo).
func (t *target) Current(ctx context.Context, a publish.Account) (publish.Photo, error) {
	resp, err := t.send(ctx, http.MethodGet, "/employees/"+url.PathEscape(a.ID)+"/photo/original", nil,
		http.Header{"Accept": {"image/*"}})
	if err != nil {
		return publish.Photo{}, fmt.Errorf("bamboohr: read the photo of employee %s: %w", a.ID, err)
	}
	if resp.StatusCode != http.StatusOK {
		herr := publish.ReadError(resp)
		switch herr.Status {
		case http.StatusUnauthorized:
			return publish.Photo{}, publish.Stop(wordsKeyRefused, herr)
		case http.StatusForbidden:
			return publish.Photo{}, publish.Stop(wordsNoPhotoView, herr)
		case http.StatusNotFound:
			// One status, three meanings, told apart by the error header:
			// "Employee photo not found" (no photo: normal), "Employee not
			// found", or a bad size (a bug here). Without the header, no
			// photo is the safe reading: an upload to an unknown employee
			// fails with its own 404.
			message := strings.ToLower(herr.Message)
			if strings.Contains(message, "employee not found") {
				return publish.Photo{}, unknownEmployee(a, herr)
			}
			if strings.Contains(message, "size") {
				return publish.Photo{}, fmt.Errorf("bamboohr: read the photo of employee %s: %w", a.ID, herr)
			}
			return publish.Photo{}, publish.ErrNoPhoto
		}
		return publish.Photo{}, fmt.Errorf("bamboohr: read the photo of employee %s: %w", a.ID, herr)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return publish.Photo{}, fmt.Errorf("bamboohr: read the photo of employee %s: %w", a.ID, err)
	}
	if len(data) > maxBody {
		return publish.Photo{}, publish.Fail("BambooHR sent a current photo too large to keep, so it was not replaced.",
			fmt.Errorf("bamboohr: photo of employee %s is over %d bytes", a.ID, maxBody))
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		// The JSON form of the same photo: {mimeType, fileBase64}.
		var wrapped struct {
			FileBase64 string `json:"fileBase64"`
		}
		if err := json.Unmarshal(data, &wrapped); err != nil {
			return publish.Photo{}, fmt.Errorf("bamboohr: read the photo of employee %s: %w", a.ID, err)
		}
		if data, err = base64.StdEncoding.DecodeString(wrapped.FileBase64); err != nil {
			return publish.Photo{}, fmt.Errorf("bamboohr: read the photo of employee %s: %w", a.ID, err)
		}
	}
	if len(data) == 0 {
		return publish.Photo{}, publish.ErrNoPhoto
	}
	// BambooHR labels every photo image/jpeg whatever its bytes are, so the
	// type comes from the bytes: it is what the photo is uploaded as when
	// it is put back.
	kind := imageType(data)
	if kind == "" {
		return publish.Photo{}, publish.Fail("BambooHR's current photo of this person is in a format Shotdesk cannot keep, so it was not replaced.",
			fmt.Errorf("bamboohr: photo of employee %s is not an image Shotdesk knows (%s)", a.ID, http.DetectContentType(data)))
	}
	return publish.Photo{Data: data, ContentType: kind}, nil
}

// imageType names the image format of data, "" when it is not one BambooHR
// stores (JPEG, PNG, GIF, BMP, TIFF).
func imageType(data []byte) string {
	switch kind := http.DetectContentType(data); kind {
	case "image/jpeg", "image/png", "image/gif", "image/bmp":
		return kind
	}
	if bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*")) {
		return "image/tiff"
	}
	return ""
}

var extensions = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/bmp": ".bmp", "image/tiff": ".tif"}

// Upload replaces the person's photo: multipart/form-data with the photo in
// the field "file".
func (t *target) Upload(ctx context.Context, a publish.Account, p publish.Photo) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ext := extensions[p.ContentType]
	if ext == "" {
		ext = ".jpg"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="photo`+ext+`"`)
	h.Set("Content-Type", p.ContentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return fmt.Errorf("bamboohr: build the upload: %w", err)
	}
	part.Write(p.Data) // a bytes.Buffer does not fail
	if err := mw.Close(); err != nil {
		return fmt.Errorf("bamboohr: build the upload: %w", err)
	}
	resp, err := t.send(ctx, http.MethodPost, "/employees/"+url.PathEscape(a.ID)+"/photo", body.Bytes(),
		http.Header{"Content-Type": {mw.FormDataContentType()}})
	if err != nil {
		return fmt.Errorf("bamboohr: upload the photo of employee %s: %w", a.ID, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil
	}
	herr := publish.ReadError(resp)
	switch herr.Status {
	case http.StatusUnauthorized:
		return publish.Stop(wordsKeyRefused, herr)
	case http.StatusForbidden:
		return publish.Stop(wordsNoUploadPermission, herr)
	case http.StatusNotFound:
		return unknownEmployee(a, herr)
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		words := "BambooHR refused the photo"
		if herr.Message != "" {
			words += ": " + strings.TrimRight(herr.Message, ".")
		}
		return publish.Fail(words+".", herr)
	}
	return fmt.Errorf("bamboohr: upload the photo of employee %s: %w", a.ID, herr)
}

// ErrCannotRemove means BambooHR's API has no way to delete a photo.
var ErrCannotRemove = errors.New("bamboohr: the API cannot remove an employee photo")

// Remove cannot delete a photo: BambooHR's API can read and replace one but
// not delete it (https://documentation.bamboohr.com/reference/photos-1). A
// person who has no photo any more (removed by hand) answers
// publish.ErrNoPhoto, so a revert counts as done; otherwise the words say
// what to do in BambooHR.
func (t *target) Remove(ctx context.Context, a publish.Account) error {
	if _, err := t.Current(ctx, a); err != nil {
		return err // publish.ErrNoPhoto: already as it was
	}
	who := a.Email
	if who == "" {
		who = "employee " + a.ID
	}
	return publish.Fail(fmt.Sprintf("%s had no photo in BambooHR before, and BambooHR's API cannot remove a photo, so the one Shotdesk sent stays. "+
		"To go back to no photo, open their profile in BambooHR and remove or replace the photo there by hand; "+
		"reverting again afterwards marks this as done.", who), ErrCannotRemove)
}

func unknownEmployee(a publish.Account, err error) error {
	return publish.Fail(fmt.Sprintf("BambooHR no longer has employee %s (the person may have been deleted); match again to refresh the list.", a.ID), err)
}

func readJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return err
	}
	if len(data) > maxBody {
		return fmt.Errorf("the answer is over %d bytes", maxBody)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("the answer is not the JSON expected (%s): %w", resp.Header.Get("Content-Type"), err)
	}
	return nil
}
