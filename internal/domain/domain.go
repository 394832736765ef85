// Package domain holds Shotdesk's core types and the rules every other
// package shares: the organization, its teams, members, invites, models
// (photo shoots) and photos; the status vocabularies of the hosted API; the
// admin lifecycle the UI shows; the three-value CSV status; and the retry
// window.
//
// Status values are string types, not closed enums: the hosted API may add a
// value at any time, and an unknown value must be kept and shown as-is rather
// than crash or be silently mapped to a known one (which would show a wrong
// state as if it were right).
// Known() reports whether a value is one this build understands.
//
// domain imports nothing else from the project; wire (JSON) types of the API
// live in internal/headshotpro and are converted into these.
package domain

import "time"

// Organization is the customer account an API key belongs to.
type Organization struct {
	UID     string
	Name    string
	Website string
	Credits float64 // fractional: the Lite package spends 0.25 per shoot
	Teams   []Team
}

// Team is a sub-team of the organization.
type Team struct {
	ID   string
	Name string
}

// Member is a person who joined the organization (GET /organization/team).
type Member struct {
	ID          string
	Email       string
	Name        string // may be empty: the API sends null for some members
	Status      MemberStatus
	TeamID      string
	TeamName    string
	ModelID     string // latest model; empty when none exists yet
	ModelStatus ModelStatus
	JoinedAt    time.Time
}

// Invite is an invitation sent to an email address.
type Invite struct {
	Email     string
	Status    InviteStatus
	ModelID   string
	TeamID    string
	TeamName  string
	CreatedAt time.Time
}

// Model is one photo shoot of one person. A person can have several.
type Model struct {
	ID            string
	UID           string
	Email         string
	Title         string // display name; used in the ZIP folder name "email - title"
	Status        ModelStatus
	TeamID        string
	TeamName      string
	IsDevelopment bool
	CreatedAt     time.Time
	FinishedAt    time.Time // zero until the shoot is active
}

// Photo is one generated headshot of a model.
type Photo struct {
	ID          string
	ModelID     string
	Status      PhotoStatus
	LikedStatus LikedStatus
	CreatedAt   time.Time
	ExpiresAt   time.Time // when the signed URLs stop working
}

// ModelStatus is the hosted API's model.status.
type ModelStatus string

// Model statuses, as HeadshotPro's public API documentation lists them
// (the ModelStatus enum of internal/sandbox/openapi.yaml).
const (
	ModelOnboarding          ModelStatus = "onboarding"
	ModelWaiting             ModelStatus = "waiting"
	ModelPending             ModelStatus = "pending"
	ModelGeneratingHeadshots ModelStatus = "generatingHeadshots"
	ModelActive              ModelStatus = "active"
	ModelFailed              ModelStatus = "failed"
	ModelDeleted             ModelStatus = "deleted"
)

// Known reports whether s is a model status this build understands.
func (s ModelStatus) Known() bool {
	switch s {
	case ModelOnboarding, ModelWaiting, ModelPending, ModelGeneratingHeadshots,
		ModelActive, ModelFailed, ModelDeleted:
		return true
	}
	return false
}

// InProgress reports whether the shoot is being processed: photos submitted
// but results not ready. failed counts too, since the platform restarts it.
func (s ModelStatus) InProgress() bool {
	switch s {
	case ModelWaiting, ModelPending, ModelGeneratingHeadshots, ModelFailed:
		return true
	}
	return false
}

// MemberStatus is the hosted API's team-member status.
type MemberStatus string

// Member statuses, as HeadshotPro's public API documentation lists them
// (the MemberStatus enum of internal/sandbox/openapi.yaml).
const (
	MemberAccepted MemberStatus = "accepted"
	MemberPending  MemberStatus = "pending"
	MemberFinished MemberStatus = "finished"
)

// Known reports whether s is a member status this build understands.
func (s MemberStatus) Known() bool {
	switch s {
	case MemberAccepted, MemberPending, MemberFinished:
		return true
	}
	return false
}

// InviteStatus is the hosted API's V2 invite status.
type InviteStatus string

// Invite statuses, as HeadshotPro's public API documentation lists them for
// V2 (the InviteStatus enum of internal/sandbox/openapi.yaml).
const (
	InvitePending    InviteStatus = "pending"
	InviteAccepted   InviteStatus = "accepted"
	InviteRevoked    InviteStatus = "revoked"
	InviteUploading  InviteStatus = "uploading"
	InviteGenerating InviteStatus = "generating"
	InviteCompleted  InviteStatus = "completed"
	InviteDeleted    InviteStatus = "deleted"
)

// Known reports whether s is an invite status this build understands.
func (s InviteStatus) Known() bool {
	switch s {
	case InvitePending, InviteAccepted, InviteRevoked, InviteUploading,
		InviteGenerating, InviteCompleted, InviteDeleted:
		return true
	}
	return false
}

// PhotoStatus is a photo's status.
type PhotoStatus string

// Photo statuses.
const (
	PhotoActive  PhotoStatus = "active"
	PhotoDeleted PhotoStatus = "deleted"
)

// LikedStatus is the member's own rating of a photo.
type LikedStatus string

// Liked statuses. The favorite is reported separately by the API; loved is
// not by itself proof of a favorite.
const (
	LikedNone  LikedStatus = "none"
	LikedLiked LikedStatus = "liked"
	LikedLoved LikedStatus = "loved"
)
