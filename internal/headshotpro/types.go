package headshotpro

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Wire types: the JSON of the V2 API (the object shapes of HeadshotPro's
// public docs, as in internal/sandbox/openapi.yaml), read tolerantly, since
// the docs leave nullability and some keys open. Unknown fields are ignored
// by encoding/json; enums are plain strings so unknown values survive;
// anything documented or suspected to be nullable is a pointer. These types
// never leave the package: convert.go turns them into domain types.

type wireTeam struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type wireOrganization struct {
	UID     string     `json:"uid"`
	Name    *string    `json:"name"`
	Website *string    `json:"website"`
	Teams   []wireTeam `json:"teams"`
}

type wireInvite struct {
	Email     string   `json:"email"`
	Status    string   `json:"status"`
	ModelID   *string  `json:"modelId"`
	TeamID    *string  `json:"teamId"`
	TeamName  *string  `json:"teamName"`
	CreatedAt flexTime `json:"createdAt"`
}

type wireMember struct {
	ID          string   `json:"id"`
	Email       string   `json:"email"`
	Name        *string  `json:"name"`
	Status      *string  `json:"status"`
	TeamID      *string  `json:"teamId"`
	TeamName    *string  `json:"teamName"`
	ModelID     *string  `json:"modelId"`
	ModelStatus *string  `json:"modelStatus"`
	JoinedAt    flexTime `json:"joinedAt"`
}

type wireModel struct {
	ID            string   `json:"id"`
	UID           *string  `json:"uid"`
	Email         *string  `json:"email"`
	Title         *string  `json:"title"`
	Status        string   `json:"status"`
	TeamID        *string  `json:"teamId"`
	TeamName      *string  `json:"teamName"`
	IsDevelopment bool     `json:"isDevelopment"`
	CreatedAt     flexTime `json:"createdAt"`
	FinishedAt    flexTime `json:"finishedAt"`
}

type wireURLs struct {
	Main      *string `json:"main"`
	Thumbnail *string `json:"thumbnail"`
	Original  *string `json:"original"`
}

// wirePhoto covers every photo shape: list items, the single photo, the
// model's favorite (adds modelId) and the org-wide favorites, which add the
// member's context under INFERRED key names (email, name or title, teamId,
// teamName), all optional.
type wirePhoto struct {
	ID          string   `json:"id"`
	ModelID     *string  `json:"modelId"`
	Status      *string  `json:"status"`
	LikedStatus *string  `json:"likedStatus"`
	CreatedAt   flexTime `json:"createdAt"`
	URLs        wireURLs `json:"urls"`
	ExpiresAt   flexTime `json:"expiresAt"`

	Email    *string `json:"email"`
	Name     *string `json:"name"`
	Title    *string `json:"title"`
	TeamID   *string `json:"teamId"`
	TeamName *string `json:"teamName"`
}

type wirePagination struct {
	Total   int  `json:"total"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"hasMore"`
}

// envelope holds the fields every answer may carry. Each response type
// embeds it, so one json.Unmarshal both validates the body and reads the
// envelope and the payload (a second pass costs ~20% of a page sync).
type envelope struct {
	Success *bool           `json:"success"`
	Error   json.RawMessage `json:"error"`
	Code    string          `json:"code"`
	// Data is the generic {"success":true,"data":{…}} wrapper the overview
	// docs draw; decode falls back to it.
	Data json.RawMessage `json:"data"`
}

func (e *envelope) env() *envelope { return e }

// Response bodies: the payload keys, plus the envelope.

type organizationResponse struct {
	envelope
	Organization *wireOrganization `json:"organization"`
}

type creditsResponse struct {
	envelope
	Credits *flexFloat `json:"credits"`
}

type inviteListResponse struct {
	envelope
	Invites []wireInvite `json:"invites"`
}

type inviteResponse struct {
	envelope
	Invite *wireInvite `json:"invite"`
}

type createInviteResponse struct {
	envelope
	Input struct {
		Email string `json:"email"`
	} `json:"input"`
	Message string  `json:"message"`
	Link    string  `json:"link"`
	ID      string  `json:"id"`
	TeamID  *string `json:"teamId"`
}

type messageResponse struct {
	envelope
	Message string `json:"message"`
}

type memberListResponse struct {
	envelope
	Members    []wireMember    `json:"members"`
	Pagination *wirePagination `json:"pagination"`
}

type memberCountResponse struct {
	envelope
	Members []wireMember `json:"members"`
	Count   *int         `json:"count"`
}

type teamListResponse struct {
	envelope
	Teams []wireTeam `json:"teams"`
}

type modelListResponse struct {
	envelope
	Models     []wireModel     `json:"models"`
	Pagination *wirePagination `json:"pagination"`
}

type modelResponse struct {
	envelope
	Model *wireModel `json:"model"`
}

type createModelResponse struct {
	envelope
	ModelID   string `json:"modelId"`
	Status    string `json:"status"`
	SignedURL string `json:"signedUrl"`
}

type deleteModelResponse struct {
	envelope
	Message string `json:"message"`
	ModelID string `json:"modelId"`
}

type photoListResponse struct {
	envelope
	Photos     []wirePhoto     `json:"photos"`
	Pagination *wirePagination `json:"pagination"`
}

type photoResponse struct {
	envelope
	// json.RawMessage so "photo": null (no favorite) is told apart from a
	// missing key.
	Photo   json.RawMessage `json:"photo"`
	Message string          `json:"message"`
}

type downloadResponse struct {
	envelope
	Downloads []wireDownload `json:"downloads"`
	ExpiresAt flexTime       `json:"expiresAt"`
}

// wireDownload keys are INFERRED (openapi DownloadItem): id + urls. Some
// shapes a real server might plausibly use instead are accepted too.
type wireDownload struct {
	ID      string   `json:"id"`
	PhotoID string   `json:"photoId"`
	URLs    wireURLs `json:"urls"`
	URL     *string  `json:"url"`
}

// Request bodies.

type emailRequest struct {
	Email string `json:"email"`
}

type createInviteRequest struct {
	Email  string `json:"email"`
	TeamID string `json:"teamId,omitempty"`
}

type teamNameRequest struct {
	Name string `json:"name"`
}

type addMembersRequest struct {
	Emails []string `json:"emails"`
}

type createModelRequest struct {
	Email         string `json:"email"`
	TeamID        string `json:"teamId,omitempty"`
	IsDevelopment bool   `json:"isDevelopment"`
	Version       string `json:"version,omitempty"`
}

type downloadRequest struct {
	PhotoIDs []string `json:"photoIds,omitempty"`
	Include  string   `json:"include,omitempty"`
}

// flexFloat accepts a JSON number (integer or fractional) or a numeric
// string: credits are documented as an integer, typed as a number by a
// third party, and fractional on the Lite package.
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %q", s)
	}
	*f = flexFloat(v)
	return nil
}

// flexTime accepts RFC 3339 with or without fractional seconds, null, ""
// and a missing key (all → zero). An unparseable value also becomes zero
// instead of failing the whole page: one odd timestamp must not stop a
// sync of 10,000 members.
type flexTime struct{ time.Time }

func (t *flexTime) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		// A plain string, as every timestamp is: no second decoder run
		// (a sync reads ~40,000 of them).
		s = string(b[1 : len(b)-1])
	} else if err := json.Unmarshal(b, &s); err != nil {
		// null or a non-string: leave zero.
		return nil
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return nil
}
