package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/shotdesk/shotdesk/internal/publish"
)

// The application permissions (Microsoft Graph, admin-consented) the
// target needs, named in the words of a refusal.
const (
	// PermissionListUsers lists the tenant's users
	// (https://learn.microsoft.com/graph/api/user-list: User.Read.All is
	// the least for app-only; User.ReadBasic.All is not honoured there).
	PermissionListUsers = "User.Read.All"
	// PermissionPhotos reads, replaces and deletes any user's photo
	// (https://learn.microsoft.com/graph/api/profilephoto-update, the least
	// privileged application permission; User.ReadWrite.All also works).
	PermissionPhotos = "ProfilePhoto.ReadWrite.All"
)

// Limits are what Microsoft Graph takes as a user's photo.
//
// Side: Exchange Online keeps HD photos in square sizes up to 648×648
// (48, 64, 96, 120, 240, 360, 432, 504, 648) and serves the largest one it
// has, so 648 is the largest size every Microsoft 365 app can show without
// scaling up, and anything larger is scaled down on arrival
// (https://learn.microsoft.com/graph/api/resources/profilephoto). The
// sizes are square, hence Square.
//
// MaxBytes: "The size of the photo you can update to is limited to 4 MB"
// (https://learn.microsoft.com/graph/api/profilephoto-update); 4,000,000
// bytes stays under it however a megabyte is counted. A 648×648 JPEG is
// about a tenth of that.
//
// Types: the update documents Content-Type image/jpeg; Graph takes PNG too
// (a photo read back for a revert may be one).
var Limits = publish.Limits{
	Side:     648,
	MaxBytes: 4_000_000,
	Types:    []string{"image/jpeg", "image/png"},
	Square:   true,
}

// Concurrency is how many people are published at once. Graph's limits
// are per app and tenant and not published for photos; 16 in flight keep
// a 100-requests-a-second throttle busy at 50 ms a request, and the shared
// client slows down on Graph's 429s (make bench: publish_vs_throttle).
const Concurrency = 16

// maxPhotoRead bounds a photo read back from Graph (Entra ID stores photos
// of any dimension; 4 MB is the upload limit, so 20 MB is generous).
const maxPhotoRead = 20 << 20

type target struct {
	cfg    Config
	graph  *url.URL
	client *http.Client
}

// New returns the target for cfg. opts configure the shared publish client
// (logger, retries, sleep, transport); its Tokens are set here to the
// client credentials grant unless the caller set them.
func New(cfg Config, opts publish.ClientConfig) (publish.Target, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	graph, err := publish.CheckBaseURL(cfg.graphURL())
	if err != nil {
		return nil, fmt.Errorf("Microsoft Entra ID settings: the Graph URL is not usable: %w", err)
	}
	if opts.Tokens == nil {
		opts.Tokens = tokenFunc(cfg, opts.Base)
	}
	return &target{cfg: cfg, graph: graph, client: publish.NewClient(opts)}, nil
}

func (t *target) Info() publish.Info {
	return publish.Info{Name: "entra", Label: "Microsoft Entra ID", Where: t.cfg.Tenant, Limits: Limits, Concurrency: Concurrency}
}

// usersPage is one page of GET /users.
type usersPage struct {
	Value []struct {
		ID                string `json:"id"`
		Mail              string `json:"mail"`
		UserPrincipalName string `json:"userPrincipalName"`
		DisplayName       string `json:"displayName"`
	} `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// Accounts lists every user, 999 a page (Graph's largest), following
// @odata.nextLink (https://learn.microsoft.com/graph/paging).
func (t *target) Accounts(ctx context.Context) ([]publish.Account, error) {
	next := t.graph.String() + "/users?" + url.Values{
		"$select": {"id,mail,userPrincipalName,displayName"},
		"$top":    {"999"},
	}.Encode()
	var out []publish.Account
	for pages := 0; next != ""; pages++ {
		if pages > 100_000 {
			return nil, errors.New("Microsoft Graph kept sending further pages of users; stopped after 100,000")
		}
		if err := t.sameService(next); err != nil {
			return nil, err
		}
		var page usersPage
		if err := t.getJSON(ctx, next, &page); err != nil {
			return nil, err
		}
		for _, u := range page.Value {
			if u.ID == "" {
				continue
			}
			a := publish.Account{ID: u.ID, Email: u.Mail, Name: u.DisplayName}
			switch {
			case a.Email == "":
				a.Email = u.UserPrincipalName
			case !strings.EqualFold(u.UserPrincipalName, u.Mail) && u.UserPrincipalName != "":
				a.Aliases = []string{u.UserPrincipalName}
			}
			out = append(out, a)
		}
		next = page.NextLink
	}
	return out, nil
}

// sameService refuses a next link to another host: the token must not
// follow it.
func (t *target) sameService(link string) error {
	u, err := url.Parse(link)
	if err != nil || !strings.EqualFold(u.Scheme, t.graph.Scheme) || !strings.EqualFold(u.Host, t.graph.Host) {
		return fmt.Errorf("Microsoft Graph sent a next page on another address (%s); refusing to follow it", stripQuery(link))
	}
	return nil
}

func (t *target) getJSON(ctx context.Context, link string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := t.client.Do(req)
	if err != nil {
		return t.transportError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return t.refused(publish.ReadError(resp), PermissionListUsers, "list the users")
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("read the users from Microsoft Graph: %w", err)
	}
	return nil
}

func (t *target) photoURL(a publish.Account) string {
	return t.graph.String() + "/users/" + url.PathEscape(a.ID) + "/photo/$value"
}

// Current reads the person's photo; publish.ErrNoPhoto when there is none
// (https://learn.microsoft.com/graph/api/profilephoto-get: 404).
func (t *target) Current(ctx context.Context, a publish.Account) (publish.Photo, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.photoURL(a), nil)
	if err != nil {
		return publish.Photo{}, err
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return publish.Photo{}, t.transportError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		herr := publish.ReadError(resp)
		if herr.Status == http.StatusNotFound && !userGone(herr) {
			return publish.Photo{}, publish.ErrNoPhoto
		}
		return publish.Photo{}, t.refused(herr, PermissionPhotos, "read "+a.Email+"'s photo")
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxPhotoRead+1))
	if err != nil {
		return publish.Photo{}, fmt.Errorf("read %s's photo from Microsoft Graph: %w", a.Email, err)
	}
	if len(data) > maxPhotoRead {
		return publish.Photo{}, publish.Fail(fmt.Sprintf("The current photo is larger than %d MB, so it cannot be kept for a revert; it was not replaced.", maxPhotoRead>>20), errors.New("photo too large"))
	}
	if len(data) == 0 {
		return publish.Photo{}, publish.ErrNoPhoto
	}
	return publish.Photo{Data: data, ContentType: contentType(resp.Header.Get("Content-Type"), data)}, nil
}

// contentType is the photo's type from the header, or sniffed when Graph
// labels it generically.
func contentType(header string, data []byte) string {
	if mt, _, err := mime.ParseMediaType(header); err == nil && strings.HasPrefix(mt, "image/") {
		return mt
	}
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	return mt
}

// Upload replaces the person's photo
// (https://learn.microsoft.com/graph/api/profilephoto-update).
func (t *target) Upload(ctx context.Context, a publish.Account, p publish.Photo) error {
	// bytes.Reader: the client can send the body again after a 429/5xx.
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, t.photoURL(a), bytes.NewReader(p.Data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", p.ContentType)
	return t.do(req, "update "+a.Email+"'s photo")
}

// Remove deletes the person's photo
// (https://learn.microsoft.com/graph/api/profilephoto-delete); a person
// who has none already gives publish.ErrNoPhoto.
func (t *target) Remove(ctx context.Context, a publish.Account) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, t.photoURL(a), nil)
	if err != nil {
		return err
	}
	err = t.do(req, "remove "+a.Email+"'s photo")
	if publish.StatusOf(err) == http.StatusNotFound && !userGone(errHTTP(err)) {
		return publish.ErrNoPhoto
	}
	return err
}

func (t *target) do(req *http.Request, what string) error {
	resp, err := t.client.Do(req)
	if err != nil {
		return t.transportError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil
	}
	herr := publish.ReadError(resp)
	if herr.Status == http.StatusNotFound && !userGone(herr) {
		return herr // the caller decides what a missing photo means
	}
	return t.refused(herr, PermissionPhotos, what)
}

func errHTTP(err error) *publish.HTTPError {
	var herr *publish.HTTPError
	if errors.As(err, &herr) {
		return herr
	}
	return nil
}

// userGone tells "no such user" from "no photo": both are 404, Graph's
// code says which (Request_ResourceNotFound, ResourceNotFound or
// ErrorInvalidUser for the user; ImageNotFound and others for the photo).
func userGone(herr *publish.HTTPError) bool {
	if herr == nil {
		return false
	}
	switch herr.Code {
	case "Request_ResourceNotFound", "ErrorInvalidUser", "ErrorNonExistentMailbox":
		return true
	case "ResourceNotFound":
		return strings.Contains(strings.ToLower(herr.Message), "user")
	}
	return false
}

// transportError unwraps a StopError from a refused sign-in (the client
// wraps it in the request's error) so its words reach the run; other
// errors (ErrUnreachable, the context's end) pass as they are.
func (t *target) transportError(err error) error {
	var stop *publish.StopError
	if errors.As(err, &stop) {
		return stop
	}
	return err
}

// refused turns Graph's refusal into words: what stops the whole run
// (sign-in, permission, a B2C tenant), what fails one person, and what the
// shared client already retried (429, 5xx: the HTTPError's own words).
func (t *target) refused(herr *publish.HTTPError, permission, what string) error {
	switch {
	case isB2C(herr):
		return publish.Stop(fmt.Sprintf("The tenant %s is an Azure AD B2C tenant: Microsoft Graph does not manage user photos there, so Shotdesk cannot publish to it.", t.cfg.Tenant), herr)
	case herr.Status == http.StatusUnauthorized:
		return publish.Stop(fmt.Sprintf("Microsoft Graph did not accept Shotdesk's sign-in to %s, even with a fresh token. Check that the tenant, client ID and secret are of the same app registration and that an admin granted consent to its permissions (%s, %s).", t.cfg.Tenant, PermissionListUsers, PermissionPhotos), herr)
	case herr.Status == http.StatusForbidden:
		return publish.Stop(fmt.Sprintf("Microsoft Graph refused to %s: the app registration needs the application permission %s. In the Microsoft Entra admin center, open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions → %s, then select “Grant admin consent for %s” (consent to Microsoft Graph application permissions takes a Privileged Role Administrator or Global Administrator).", what, permission, permission, t.cfg.Tenant), herr)
	case herr.Status == http.StatusNotFound:
		return publish.Fail("Microsoft Entra ID does not know this person any more (deleted, or the account changed). Match again to refresh the list.", herr)
	case herr.Status == http.StatusRequestEntityTooLarge:
		return publish.Fail("Microsoft Graph refused the photo as larger than the 4 MB it takes.", herr)
	case herr.Status == http.StatusBadRequest || herr.Status == http.StatusUnsupportedMediaType || herr.Status == http.StatusUnprocessableEntity:
		msg := herr.Message
		if msg == "" {
			msg = http.StatusText(herr.Status)
		}
		return publish.Fail("Microsoft Graph refused the photo: "+msg, herr)
	}
	return herr
}

// isB2C recognises Graph's refusal to manage photos in an Azure AD B2C
// tenant ("Managing users' photos using the Microsoft Graph API is
// currently not supported in Azure AD B2C tenants", per the profilePhoto
// resource page).
func isB2C(herr *publish.HTTPError) bool {
	return herr.Status >= 400 && herr.Status < 500 && strings.Contains(herr.Message, "B2C")
}

func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}
