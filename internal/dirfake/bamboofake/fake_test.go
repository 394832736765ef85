package bamboofake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// start serves a fake with three employees over loopback: ada has a photo,
// bob has none, cy is hidden from the directory, dee is terminated.
func start(t *testing.T, opts Options) *Server {
	t.Helper()
	emps := Employees("ada.lovelace@acme.test", "bob.byte@acme.test", "cy.hidden@acme.test", "dee.gone@acme.test")
	emps[0].Photo = MustImage("jpeg", 200, 200, 1)
	emps[2].Hidden = true
	emps[3].Inactive = true
	if opts.Employees == nil {
		opts.Employees = emps
	}
	if opts.ReadOnlyKey == "" {
		opts.ReadOnlyKey = "read-only-key"
	}
	s := New(opts)
	if _, err := s.Start(""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type call struct {
	method, path, key, accept, contentType string
	body                                   []byte
}

func do(t *testing.T, s *Server, c call) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(c.method, s.URL()+"/api/gateway.php/"+s.Domain()+"/v1/"+c.path, bytes.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.key != "-" {
		key := c.key
		if key == "" {
			key = s.Key()
		}
		req.SetBasicAuth(key, "x")
	}
	if c.accept != "" {
		req.Header.Set("Accept", c.accept)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func wantStatus(t *testing.T, resp *http.Response, status int, message string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d (%s)", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, status,
			resp.Header.Get("X-BambooHR-Error-Message"))
	}
	if got := resp.Header.Get("X-BambooHR-Error-Message"); !strings.Contains(got, message) {
		t.Fatalf("error message %q, want it to contain %q", got, message)
	}
}

func multipartBody(t *testing.T, field string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, err := mw.CreateFormFile(field, "photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func TestAuthentication(t *testing.T) {
	s := start(t, Options{})
	resp, _ := do(t, s, call{method: "GET", path: "employees/directory", key: "-", accept: "application/json"})
	wantStatus(t, resp, 401, "Invalid API key")
	resp, _ = do(t, s, call{method: "GET", path: "employees/directory", key: "wrong", accept: "application/json"})
	wantStatus(t, resp, 401, "Invalid API key")
	resp, _ = do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
	wantStatus(t, resp, 200, "")
	resp, _ = do(t, s, call{method: "GET", path: "employees/directory", key: "read-only-key", accept: "application/json"})
	wantStatus(t, resp, 200, "")

	s.RevokeKeys()
	resp, _ = do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
	wantStatus(t, resp, 401, "Invalid API key")
	s.RestoreKeys()
	resp, _ = do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
	wantStatus(t, resp, 200, "")
}

func TestDirectory(t *testing.T) {
	s := start(t, Options{})
	resp, body := do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
	wantStatus(t, resp, 200, "")
	var dir struct {
		Fields    []struct{ ID string }
		Employees []map[string]any
	}
	if err := json.Unmarshal(body, &dir); err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, e := range dir.Employees {
		emails = append(emails, e["workEmail"].(string))
		if _, isString := e["id"].(string); !isString {
			t.Errorf("directory id %v is not a string", e["id"])
		}
	}
	if got := strings.Join(emails, ","); got != "ada.lovelace@acme.test,bob.byte@acme.test" {
		t.Errorf("directory lists %s, want the two active, visible employees", got)
	}

	// Without Accept: application/json, BambooHR answers XML.
	resp, body = do(t, s, call{method: "GET", path: "employees/directory"})
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") || !bytes.Contains(body, []byte("<directory>")) {
		t.Errorf("directory without Accept: %s %q", resp.Header.Get("Content-Type"), body[:min(len(body), 60)])
	}

	s.DirectoryWithoutEmail(true)
	_, body = do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
	if bytes.Contains(body, []byte("workEmail")) {
		t.Error("the directory still shows the work email")
	}
	s.DisableDirectory(true)
	resp, _ = do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
	wantStatus(t, resp, 403, "not shared")

	empty := start(t, Options{Employees: []Employee{}})
	resp, _ = do(t, empty, call{method: "GET", path: "employees/directory", accept: "application/json"})
	wantStatus(t, resp, 404, "empty")
}

func TestCustomReport(t *testing.T) {
	s := start(t, Options{})
	fields := []byte(`{"title":"t","fields":["id","workEmail","status","noSuchField"]}`)
	resp, _ := do(t, s, call{method: "POST", path: "reports/custom?format=JSON", body: fields, contentType: "application/json; charset=UTF-8"})
	wantStatus(t, resp, 400, "Malformed XML")

	resp, body := do(t, s, call{method: "POST", path: "reports/custom?format=json", body: fields, contentType: "application/json"})
	wantStatus(t, resp, 200, "")
	var rep struct {
		Fields    []struct{ ID string }
		Employees []map[string]any
	}
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Fields) != 3 || len(rep.Employees) != 4 {
		t.Fatalf("report: %d fields, %d employees; want 3 (unknown field left out) and 4 (everyone)", len(rep.Fields), len(rep.Employees))
	}
	if rep.Employees[3]["status"] != "Inactive" || rep.Employees[2]["status"] != "Active" {
		t.Errorf("statuses: %v", rep.Employees)
	}

	s.ForbidReports(true)
	resp, _ = do(t, s, call{method: "POST", path: "reports/custom?format=JSON", body: fields, contentType: "application/json"})
	wantStatus(t, resp, 403, "reports")
}

func TestPhotoRead(t *testing.T) {
	s := start(t, Options{})
	ada, bob := s.IDOf("ada.lovelace@acme.test"), s.IDOf("bob.byte@acme.test")
	want, _ := s.Photo(ada)

	resp, body := do(t, s, call{method: "GET", path: "employees/" + ada + "/photo/original"})
	wantStatus(t, resp, 200, "")
	if !bytes.Equal(body, want) || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("photo: %d bytes (%s), want the %d stored", len(body), resp.Header.Get("Content-Type"), len(want))
	}
	resp, body = do(t, s, call{method: "GET", path: "employees/" + ada + "/photo/original", accept: "application/json"})
	var wrapped struct{ MimeType, FileBase64 string }
	json.Unmarshal(body, &wrapped)
	if decoded, _ := base64.StdEncoding.DecodeString(wrapped.FileBase64); !bytes.Equal(decoded, want) || wrapped.MimeType != "image/jpeg" {
		t.Errorf("JSON photo: %s, %d bytes", wrapped.MimeType, len(decoded))
	}

	resp, _ = do(t, s, call{method: "GET", path: "employees/" + bob + "/photo/original"})
	wantStatus(t, resp, 404, "Employee photo not found")
	resp, _ = do(t, s, call{method: "GET", path: "employees/999/photo/original"})
	wantStatus(t, resp, 404, "Employee not found")
	resp, _ = do(t, s, call{method: "GET", path: "employees/" + ada + "/photo/huge"})
	wantStatus(t, resp, 404, "not a valid size")
}

func TestPhotoUploadLimits(t *testing.T) {
	s := start(t, Options{})
	bob := s.IDOf("bob.byte@acme.test")
	upload := func(key, id, field string, data []byte) *http.Response {
		body, ct := multipartBody(t, field, data)
		resp, _ := do(t, s, call{method: "POST", path: "employees/" + id + "/photo", key: key, body: body, contentType: ct})
		return resp
	}
	good := MustImage("jpeg", 600, 600, 2)

	wantStatus(t, upload("read-only-key", bob, "file", good), 403, "permission")
	wantStatus(t, upload("", "999", "file", good), 404, "Employee not found")
	resp, _ := do(t, s, call{method: "POST", path: "employees/" + bob + "/photo", body: good, contentType: "image/jpeg"})
	wantStatus(t, resp, 400, "multipart")
	wantStatus(t, upload("", bob, "photo", good), 400, "No file")
	wantStatus(t, upload("", bob, "file", nil), 400, "empty")
	wantStatus(t, upload("", bob, "file", []byte("GIF? no, text")), 415, "supported image format")
	webp := append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), make([]byte, 64)...)
	wantStatus(t, upload("", bob, "file", webp), 415, "supported image format")
	wantStatus(t, upload("", bob, "file", MustImage("png", 300, 200, 3)), 415, "same number of pixels")
	wantStatus(t, upload("", bob, "file", MustImage("gif", 100, 100, 3)), 415, "150x150")
	// 20 MB exactly is allowed; one byte more is not.
	big := append(append([]byte{}, good...), make([]byte, MaxPhotoBytes+1-len(good))...)
	wantStatus(t, upload("", bob, "file", big), 413, "20MB")
	if _, has := s.Photo(bob); has || s.Accepted() != 0 {
		t.Fatal("a refused upload was stored")
	}

	// BambooHR tolerates one pixel off square.
	nearly := MustImage("png", 151, 150, 4)
	wantStatus(t, upload("", bob, "file", nearly), 201, "")
	wantStatus(t, upload("", bob, "file", good), 201, "")
	if got, _ := s.Photo(bob); !bytes.Equal(got, good) || s.PhotoUploads(bob) != 2 || s.Accepted() != 2 {
		t.Errorf("stored %d bytes after %d uploads, want the last photo", len(got), s.PhotoUploads(bob))
	}
	if n := s.Requests(KindPhotoUpload); n != 12 {
		t.Errorf("counted %d uploads, want 12", n)
	}
}

func TestFaults(t *testing.T) {
	s := start(t, Options{RetryAfter: 2 * time.Second})
	get := func() *http.Response {
		resp, _ := do(t, s, call{method: "GET", path: "employees/directory", accept: "application/json"})
		return resp
	}
	s.Storm(2)
	for range 2 {
		if resp := get(); resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
			t.Fatalf("storm: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	wantStatus(t, get(), 200, "")

	s.FailNext(1, 502)
	if resp := get(); resp.StatusCode != 502 || resp.Header.Get("Retry-After") != "" {
		t.Fatalf("FailNext: %d", resp.StatusCode)
	}
	wantStatus(t, get(), 200, "")

	// At injects a fault in the middle: the 2nd request from now.
	s.At(2, func(s *Server) { s.Storm(1) })
	wantStatus(t, get(), 200, "")
	wantStatus(t, get(), 429, "")
	wantStatus(t, get(), 200, "")

	s.SetThrottle(3)
	statuses := map[int]int{}
	for range 5 {
		statuses[get().StatusCode]++
	}
	// The window may roll over once in between on a slow machine.
	if statuses[200] < 3 || statuses[429] < 1 {
		t.Errorf("throttle of 3 per second: %v", statuses)
	}
	s.SetThrottle(0)

	legacy := start(t, Options{LegacyThrottle: true})
	legacy.Storm(1)
	resp, _ := do(t, legacy, call{method: "GET", path: "employees/directory", accept: "application/json"})
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("legacy throttle: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	s.SetLatency(150 * time.Millisecond)
	started := time.Now()
	wantStatus(t, get(), 200, "")
	if took := time.Since(started); took < 150*time.Millisecond {
		t.Errorf("answered in %v despite 150 ms of latency", took)
	}
	s.SetLatency(0)

	if n := s.Requests(KindDirectory); n != 14 {
		t.Errorf("counted %d directory requests, want 14", n)
	}
	hits := s.Hits()
	if len(hits) != 14 || hits[0].Status != 429 || hits[2].Status != 200 {
		t.Errorf("hits: %+v", hits[:3])
	}
}

func TestSlowAnswersComeAfterTheWork(t *testing.T) {
	s := start(t, Options{})
	bob := s.IDOf("bob.byte@acme.test")
	s.SlowAnswers(KindPhotoUpload, 300*time.Millisecond)
	body, ct := multipartBody(t, "file", MustImage("jpeg", 200, 200, 5))
	done := make(chan *http.Response)
	go func() {
		resp, _ := do(t, s, call{method: "POST", path: "employees/" + bob + "/photo", body: body, contentType: ct})
		done <- resp
	}()
	for deadline := time.Now().Add(5 * time.Second); s.Accepted() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the photo was never stored")
		}
	}
	select {
	case <-done:
		t.Fatal("answered as soon as the photo was stored")
	default:
	}
	wantStatus(t, <-done, 201, "")
}
