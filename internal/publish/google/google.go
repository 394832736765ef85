package google

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	googleoauth "golang.org/x/oauth2/google"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// Limits are the photo rules Shotdesk keeps for Google Workspace.
//
// Types and bytes: the Admin console accepts "JPEG or PNG, up to 5 MB, any
// dimensions" (https://support.google.com/a/answer/6371005); the API's
// UserPhoto lists JPEG, PNG, GIF, BMP and TIFF
// (https://developers.google.com/workspace/admin/directory/reference/rest/v1/UserPhoto).
// Shotdesk keeps to what both accept: JPEG or PNG, at most 5 MB.
//
// Side: the same UserPhoto page says "whatever the size of the photo being
// uploaded, the API downsizes it to 96x96 pixels" — that is the thumbnail
// users.photos.get returns — while Google shows profile pictures larger
// than that (Meet's tile when the camera is off, the Gmail hover card and
// the Google Account page, at 2× on high-density screens). So Shotdesk
// sends a square 600×600 JPEG: sharp wherever Google shows more than the
// thumbnail, the same size as Shotdesk's own profile pictures, and
// typically 40–100 KB, far below the 5 MB limit. Square because the
// thumbnail is square: Google would crop or squeeze anything else.
var Limits = publish.Limits{
	Side:     600,
	MaxBytes: 5 << 20,
	Types:    []string{"image/jpeg", "image/png"},
	Square:   true,
}

// Concurrency: the Directory API's default quota is 2,400 queries per
// minute per user (https://developers.google.com/workspace/admin/directory/v1/limits),
// i.e. 40 a second for the one admin Shotdesk acts as; a person costs
// three requests (read, delete, update), so 8 at once stays under
// it at typical latencies, and the shared pace slows down if Google says so.
const concurrency = 8

// target is a connected Google Workspace.
type target struct {
	svc      *admin.Service
	base     string // the Admin SDK base URL, for error detail
	admin    string
	customer string
	clientID string

	// previous holds the photo Current read per account until Upload uses
	// it: Upload deletes the current photo before updating, and puts this
	// one back when the update then fails.
	mu       sync.Mutex
	previous map[string]publish.Photo
}

// New connects to the Google Workspace cfg names. It checks the
// configuration (in words naming the field) but sends nothing: the first
// request signs in.
func New(cfg Config, opts publish.ClientConfig) (publish.Target, error) {
	if cfg.AdminURL == "" {
		cfg.AdminURL = DefaultAdminURL
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = DefaultTokenURL
	}
	if cfg.Customer == "" {
		cfg.Customer = "my_customer"
	}
	cfg.Admin = strings.TrimSpace(cfg.Admin)
	if cfg.Admin == "" {
		return nil, errors.New("the Google Workspace admin's email is missing: Shotdesk acts as this admin (" + EnvAdmin + ")")
	}
	if strings.Count(cfg.Admin, "@") != 1 || domainOf(cfg.Admin) == "" || strings.HasPrefix(cfg.Admin, "@") {
		return nil, fmt.Errorf("the Google Workspace admin %q is not an email address", cfg.Admin)
	}
	adminURL, err := publish.CheckBaseURL(cfg.AdminURL)
	if err != nil {
		return nil, fmt.Errorf("the Google Admin SDK URL (%s): %w", EnvAdminURL, err)
	}
	tokenURL, err := publish.CheckBaseURL(cfg.TokenURL)
	if err != nil {
		return nil, fmt.Errorf("the Google token URL (%s): %w", EnvTokenURL, err)
	}
	key, err := cfg.keyJSON()
	if err != nil {
		return nil, err
	}
	sa, err := parseKey(key)
	if err != nil {
		return nil, err
	}
	conf, err := googleoauth.JWTConfigFromJSON(key, Scope)
	if err != nil {
		return nil, fmt.Errorf("the service account key could not be read: %w", err)
	}
	conf.Subject = cfg.Admin
	conf.TokenURL = tokenURL.String()

	base := opts.Base
	if base == nil {
		b := http.DefaultTransport.(*http.Transport).Clone()
		b.MaxIdleConnsPerHost = 64
		base = b
	}
	// The token exchange goes through its own shared client (no bearer
	// token of course), with the same retries and transport.
	tokenOpts := opts
	tokenOpts.Tokens, tokenOpts.Base = nil, base
	tokens := publish.NewClient(tokenOpts)

	opts.Base = rateLimitTransport{base: base}
	opts.Tokens = tokenFunc(conf, tokens, sa, cfg.Admin)
	client := publish.NewClient(opts)

	// The library's paths start with "admin/directory/v1/", resolved
	// against the endpoint, so the endpoint is the bare host URL with a
	// slash. WithHTTPClient makes the library use client as it is: no
	// credentials lookup, no transport or retry of its own.
	svc, err := admin.NewService(context.Background(),
		option.WithHTTPClient(client),
		option.WithEndpoint(adminURL.String()+"/"))
	if err != nil {
		return nil, fmt.Errorf("set up the Directory API client: %w", err)
	}
	return &target{svc: svc, base: adminURL.String(), admin: cfg.Admin, customer: cfg.Customer,
		clientID: sa.ClientID, previous: map[string]publish.Photo{}}, nil
}

func (t *target) Info() publish.Info {
	return publish.Info{
		Name:        "google",
		Label:       "Google Workspace",
		Where:       domainOf(t.admin) + " (as " + t.admin + ")",
		Limits:      Limits,
		Concurrency: concurrency,
	}
}

// Accounts lists every user of the account, 500 a page (the most
// users.list returns), following nextPageToken to the end.
func (t *target) Accounts(ctx context.Context) ([]publish.Account, error) {
	var out []publish.Account
	call := t.svc.Users.List().Customer(t.customer).MaxResults(500).OrderBy("email").
		Fields("nextPageToken", "users(id,primaryEmail,aliases,nonEditableAliases,name/fullName)")
	err := call.Pages(ctx, func(page *admin.Users) error {
		for _, u := range page.Users {
			a := publish.Account{ID: u.Id, Email: u.PrimaryEmail}
			if u.Name != nil {
				a.Name = u.Name.FullName
			}
			a.Aliases = append(append(a.Aliases, u.Aliases...), u.NonEditableAliases...)
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, t.wrap(ctx, err, "GET", "users", "list the users of Google Workspace", "")
	}
	return out, nil
}

// Current reads the person's photo: the 96×96 thumbnail Google keeps
// (users.photos.get), or publish.ErrNoPhoto.
func (t *target) Current(ctx context.Context, a publish.Account) (publish.Photo, error) {
	key := userKey(a)
	ph, err := t.svc.Users.Photos.Get(key).Context(ctx).Do()
	if err != nil {
		if noPhoto(err) {
			return publish.Photo{}, publish.ErrNoPhoto
		}
		return publish.Photo{}, t.wrap(ctx, err, "GET", photoPath(key), "read the photo of "+a.Email, a.Email)
	}
	data, err := decodePhotoData(ph.PhotoData)
	if err != nil || len(data) == 0 {
		return publish.Photo{}, publish.Fail("Google Workspace sent a photo of "+a.Email+" Shotdesk cannot read, so it was not replaced.",
			fmt.Errorf("decode photoData of %s: %v", key, err))
	}
	p := publish.Photo{Data: data, ContentType: contentType(data, ph.MimeType)}
	t.remember(key, p)
	return p, nil
}

// Upload replaces the person's photo. It deletes the current one first:
// Google's update succeeds without replacing a photo the user set
// themselves (seen by GAM, the common Workspace admin tool, which deletes
// first for this reason: https://github.com/GAM-team/GAM/wiki/Users-Photo).
// If the update then fails, the photo Current read is put back.
func (t *target) Upload(ctx context.Context, a publish.Account, p publish.Photo) error {
	key := userKey(a)
	previous, hadPrevious := t.take(key)
	err := t.svc.Users.Photos.Delete(key).Context(ctx).Do()
	deleted := err == nil
	if err != nil && !noPhoto(err) {
		return t.wrap(ctx, err, "DELETE", photoPath(key), "remove the old photo of "+a.Email, a.Email)
	}
	if err := t.put(ctx, key, p); err != nil {
		werr := t.wrap(ctx, err, "PUT", photoPath(key), "send the photo of "+a.Email, a.Email)
		if deleted && hadPrevious && len(previous.Data) > 0 {
			if rerr := t.put(context.WithoutCancel(ctx), key, previous); rerr != nil {
				return publish.Fail(publish.Words(werr)+" Its old photo was removed and could not be put back; publish again or revert.",
					fmt.Errorf("%w; putting back the old photo: %v", werr, rerr))
			}
		}
		return werr
	}
	return nil
}

func (t *target) put(ctx context.Context, key string, p publish.Photo) error {
	ph := &admin.UserPhoto{
		PhotoData: base64.URLEncoding.EncodeToString(p.Data),
		MimeType:  p.ContentType,
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Data)); err == nil {
		ph.Width, ph.Height = int64(cfg.Width), int64(cfg.Height)
	}
	_, err := t.svc.Users.Photos.Update(key, ph).Fields("id").Context(ctx).Do()
	return err
}

// Remove deletes the person's photo; publish.ErrNoPhoto when there was none.
func (t *target) Remove(ctx context.Context, a publish.Account) error {
	key := userKey(a)
	err := t.svc.Users.Photos.Delete(key).Context(ctx).Do()
	if err != nil && noPhoto(err) {
		return publish.ErrNoPhoto
	}
	if err != nil {
		return t.wrap(ctx, err, "DELETE", photoPath(key), "remove the photo of "+a.Email, a.Email)
	}
	return nil
}

func (t *target) remember(key string, p publish.Photo) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.previous[key] = p
}

func (t *target) take(key string) (publish.Photo, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.previous[key]
	delete(t.previous, key)
	return p, ok
}

// userKey addresses a person: the immutable user id when known, else the
// email (both are accepted as userKey).
func userKey(a publish.Account) string {
	if a.ID != "" {
		return a.ID
	}
	return a.Email
}

func photoPath(key string) string {
	return "users/" + url.PathEscape(key) + "/photos/thumbnail"
}

// noPhoto reports a 404 that is about the photo, not the user: Google
// answers an unknown user with "Resource Not Found: userKey".
func noPhoto(err error) bool {
	var gerr *googleapi.Error
	return errors.As(err, &gerr) && gerr.Code == http.StatusNotFound && !strings.Contains(gerr.Message, "userKey")
}

// decodePhotoData reads Google's "web-safe base64": the URL alphabet, with
// "=" padding or none, and the documented variant that pads with "." and
// writes "=" as "*".
func decodePhotoData(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=.*")
	if strings.ContainsAny(s, "+/") {
		return base64.RawStdEncoding.DecodeString(s)
	}
	return base64.RawURLEncoding.DecodeString(s)
}

// contentType names the photo's type from its bytes, falling back to
// Google's mimeType ("JPEG" or "image/jpeg").
func contentType(data []byte, mimeType string) string {
	if ct := http.DetectContentType(data); strings.HasPrefix(ct, "image/") {
		return ct
	}
	m := strings.ToLower(strings.TrimSpace(mimeType))
	if m != "" && !strings.Contains(m, "/") {
		m = "image/" + m
	}
	return m
}

// wrap turns a Directory API error into words: 401 (after the shared
// client's renewal) and 403 stop the run naming what to grant; an unknown
// user and a refused photo are one person's failure; 429 and 5xx keep the
// HTTPError's words. A StopError from the token exchange passes through.
func (t *target) wrap(ctx context.Context, err error, method, path, doing, email string) error {
	var stop *publish.StopError
	if errors.As(err, &stop) {
		return stop
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		return fmt.Errorf("%s: %w", doing, err)
	}
	herr := &publish.HTTPError{Method: method, URL: t.base + "/admin/directory/v1/" + path, Status: gerr.Code, Message: gerr.Message}
	reasons := make([]string, 0, len(gerr.Errors))
	for _, e := range gerr.Errors {
		reasons = append(reasons, e.Reason)
	}
	herr.Code = strings.Join(reasons, ",")
	if gerr.Header != nil {
		herr.RetryAfter = retryAfter(gerr.Header.Get("Retry-After"))
	}
	has := func(r string) bool {
		for _, x := range reasons {
			if x == r {
				return true
			}
		}
		return false
	}
	if isRateLimitReason(reasons) {
		// Still throttled after the shared client's retries (the 403 was
		// retried as a 429): it is not a missing permission.
		herr.Status = http.StatusTooManyRequests
		return fmt.Errorf("%s: %w", doing, herr)
	}
	msg := strings.ToLower(gerr.Message)
	switch {
	case gerr.Code == http.StatusUnauthorized:
		return publish.Stop("Google Workspace no longer accepts Shotdesk's sign-in as "+t.admin+", even with a new token. "+
			"Check that the service account and its key still exist and that "+t.admin+" is an active user. "+delegationWords(t.clientID), herr)
	case gerr.Code == http.StatusForbidden && (has("insufficientPermissions") || strings.Contains(msg, "scope")):
		return publish.Stop("Google Workspace refused the scope Shotdesk signed in with. "+delegationWords(t.clientID), herr)
	case gerr.Code == http.StatusForbidden && (has("accessNotConfigured") || strings.Contains(msg, "has not been used") || strings.Contains(msg, "is disabled")):
		return publish.Stop("The Admin SDK API is turned off in the service account's Google Cloud project. Turn it on: "+
			"Google Cloud console → APIs & Services → Library → Admin SDK API → Enable, in the project of the service account.", herr)
	case gerr.Code == http.StatusForbidden:
		return publish.Stop(t.admin+" is not allowed to change users in Google Workspace. Give "+t.admin+" an admin role with the "+
			"privileges Users → Read and Users → Update (Admin console → Account → Admin roles → Create new role, then assign it), "+
			"or act as a super admin (SHOTDESK_GOOGLE_ADMIN).", herr)
	case gerr.Code == http.StatusNotFound && email != "":
		return publish.Fail("Google Workspace does not know "+email+" (any more).", herr)
	case gerr.Code == http.StatusBadRequest || gerr.Code == http.StatusRequestEntityTooLarge || gerr.Code == http.StatusUnsupportedMediaType:
		words := "Google Workspace refused the request"
		if email != "" {
			words = "Google Workspace refused the photo of " + email
		}
		if gerr.Message != "" {
			words += ": " + gerr.Message
		}
		return publish.Fail(words+".", herr)
	}
	return fmt.Errorf("%s: %w", doing, herr)
}

// retryAfter reads Retry-After in seconds (Google sends no dates).
func retryAfter(v string) time.Duration {
	s, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || s < 0 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}
