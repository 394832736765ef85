package headshotpro

import (
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// Public types for what the domain package does not model: signed URLs,
// member context on favorites, results of write calls, filters and pages.

// Include selects which signed URL variants photo endpoints return.
type Include string

// Include values. IncludeMain is the API default.
const (
	IncludeMain Include = "main"
	IncludeAll  Include = "all" // main + thumbnail + original
)

// Photo variants for PhotoRef.Variant and PhotoURLs.Variant.
const (
	VariantMain      = "main"
	VariantThumbnail = "thumbnail"
	VariantOriginal  = "original"
)

// PhotoURLs are signed CDN links; they expire (Photo.ExpiresAt) and are
// credentials while valid: log them only through RedactURL.
type PhotoURLs struct {
	Main      string
	Thumbnail string // only with IncludeAll
	Original  string // only with IncludeAll
}

// Variant returns the URL of a variant name ("main", "thumbnail",
// "original"); "" selects main. It returns "" when absent.
func (u PhotoURLs) Variant(v string) string {
	switch v {
	case "", VariantMain:
		return u.Main
	case VariantThumbnail:
		return u.Thumbnail
	case VariantOriginal:
		return u.Original
	}
	return ""
}

// Photo is a domain photo plus its signed URLs.
type Photo struct {
	domain.Photo
	URLs PhotoURLs
}

// FavoritePhoto is one entry of the org-wide favorites list: the photo plus
// the member it belongs to. The member-context key names are INFERRED by the
// API reference; Name and Title are each filled from "name" or "title",
// whichever the server sends, so either key works.
type FavoritePhoto struct {
	Photo
	Email    string
	Name     string
	Title    string
	TeamID   string
	TeamName string
}

// InviteRequest is the body of CreateInvite.
type InviteRequest struct {
	Email  string
	TeamID string // optional
}

// InviteResult is what POST /organization/invites returns.
type InviteResult struct {
	ID      string
	Email   string // the server's echo of the address
	Link    string // signup link; a credential of sorts, do not log
	TeamID  string
	Message string
}

// MemberList is the answer of the accepted/pending/finished member lists:
// not paginated, with a count.
type MemberList struct {
	Members []domain.Member
	Count   int // the server's count; len(Members) when it sent none
}

// CreateModelRequest is the body of CreateModel (whitelabel only).
type CreateModelRequest struct {
	Email         string
	TeamID        string // optional
	IsDevelopment bool   // test mode: no credits, fast fake results
	Version       string // optional: "lora" or "one-shot" (third-party docs)
}

// WhitelabelModel is the answer of CreateModel.
type WhitelabelModel struct {
	ModelID   string
	Status    domain.ModelStatus
	SignedURL string // embeds a session token: do not log
}

// DownloadRequest selects photos for DownloadURLs. Empty PhotoIDs = all.
type DownloadRequest struct {
	PhotoIDs []string
	Include  Include
}

// DownloadItem is one photo's signed URLs.
type DownloadItem struct {
	PhotoID string
	URLs    PhotoURLs
}

// DownloadURLs is the answer of POST /models/{id}/photos/download.
type DownloadURLs struct {
	Items     []DownloadItem
	ExpiresAt time.Time
}

// PageRequest asks for one page. Limit 0 means the server default (50);
// values above MaxPageSize are clamped by the client.
type PageRequest struct {
	Limit  int
	Offset int
}

// MaxPageSize is the API's largest page; iterators use it.
const MaxPageSize = 200

// Page is one page of a paginated list.
type Page[T any] struct {
	Items   []T
	Total   int
	Limit   int
	Offset  int
	HasMore bool
}

// MemberFilter filters GET /organization/team.
type MemberFilter struct {
	Status domain.MemberStatus // "" = all
}

// ModelFilter filters GET /organization/models.
type ModelFilter struct {
	Status domain.ModelStatus // "" = all
	TeamID string
}

// PhotoFilter filters GET /organization/models/{id}/photos.
type PhotoFilter struct {
	Status      domain.PhotoStatus // "" = server default (active)
	LikedStatus domain.LikedStatus
	Include     Include
}

// FavoritesFilter filters GET /organization/photos/favorites.
type FavoritesFilter struct {
	TeamID  string
	Include Include
}

// PhotoRef names one photo variant to fetch with FetchPhoto. URL is the
// signed URL the caller has (possibly expired); empty means "ask the API".
type PhotoRef struct {
	ModelID string
	PhotoID string
	Variant string // "main" (default), "thumbnail" or "original"
	URL     string
}
