package domain

import (
	"strings"
	"time"
)

// Lifecycle is the admin-facing state of one person's shoot, derived from
// invite status, model status and whether a favorite exists, as the tabs of
// HeadshotPro's Members and Headshots pages group people. Actioned is a
// separate local flag, not a lifecycle state.
type Lifecycle string

// Lifecycle states shown in the UI.
const (
	LifecycleInvited    Lifecycle = "Invited"     // invite sent, not joined
	LifecycleJoined     Lifecycle = "Joined"      // joined, no photos submitted yet
	LifecycleGenerating Lifecycle = "Generating"  // photos submitted, results not ready
	LifecycleNoFavorite Lifecycle = "No favorite" // results ready, no favorite picked
	LifecycleFinished   Lifecycle = "Finished"    // results ready, favorite picked
	LifecycleDeleted    Lifecycle = "Deleted"     // shoot deleted
	LifecycleRevoked    Lifecycle = "Revoked"     // invite revoked; leaves the main lists
)

// Lifecycles lists the lifecycle states in the order the UI shows its tabs.
var Lifecycles = []Lifecycle{
	LifecycleFinished, LifecycleNoFavorite, LifecycleGenerating,
	LifecycleJoined, LifecycleInvited, LifecycleDeleted,
}

// LifecycleInput is everything Derive needs about one person's shoot. Any
// field may be empty: a pending invite has no model, a member listed by the
// team endpoint may have no invite.
type LifecycleInput struct {
	InviteStatus InviteStatus
	HasMember    bool // the person appears in GET /organization/team
	ModelStatus  ModelStatus
	HasFavorite  bool
}

// State is a derived lifecycle plus, when the inputs carried a status this
// build does not know, that raw value so the UI can show it as-is.
type State struct {
	Lifecycle Lifecycle
	// Unknown is the unrecognised API status that decided (or could not
	// decide) the state, e.g. "archived". Empty when all inputs are known.
	Unknown string
}

// Label is what the UI shows: the lifecycle, or the unknown raw status.
func (s State) Label() string {
	if s.Unknown != "" && s.Lifecycle == "" {
		return s.Unknown
	}
	return string(s.Lifecycle)
}

// Derive computes the lifecycle. First match wins (HeadshotPro's docs give
// no order; this one is ours): the model status is the source of truth once
// a model exists; the invite decides before that.
func Derive(in LifecycleInput) State {
	var st State
	switch {
	case in.ModelStatus == ModelDeleted:
		st.Lifecycle = LifecycleDeleted
	case in.ModelStatus == ModelActive && in.HasFavorite:
		st.Lifecycle = LifecycleFinished
	case in.ModelStatus == ModelActive:
		st.Lifecycle = LifecycleNoFavorite
	case in.ModelStatus.InProgress():
		st.Lifecycle = LifecycleGenerating
	case in.ModelStatus == ModelOnboarding:
		st.Lifecycle = LifecycleJoined
	case in.ModelStatus != "":
		// A model exists with a status we do not know: keep it visible.
		st.Unknown = string(in.ModelStatus)
	default:
		st = deriveWithoutModel(in)
	}
	return st
}

func deriveWithoutModel(in LifecycleInput) State {
	switch in.InviteStatus {
	case InviteRevoked:
		return State{Lifecycle: LifecycleRevoked}
	case InviteDeleted:
		return State{Lifecycle: LifecycleDeleted}
	case InvitePending:
		if in.HasMember {
			return State{Lifecycle: LifecycleJoined}
		}
		return State{Lifecycle: LifecycleInvited}
	case InviteAccepted, InviteUploading:
		return State{Lifecycle: LifecycleJoined}
	case InviteGenerating:
		return State{Lifecycle: LifecycleGenerating}
	case InviteCompleted:
		return State{Lifecycle: LifecycleNoFavorite}
	case "":
		if in.HasMember {
			return State{Lifecycle: LifecycleJoined}
		}
		return State{Lifecycle: LifecycleInvited}
	default:
		st := State{Unknown: string(in.InviteStatus)}
		if in.HasMember {
			st.Lifecycle = LifecycleJoined
		}
		return st
	}
}

// CSVStatus is the three-value status of the status CSV export, as in
// HeadshotPro's own dashboard export: Finished, Joined or Invited.
type CSVStatus string

// CSV statuses.
const (
	CSVFinished CSVStatus = "Finished"
	CSVJoined   CSVStatus = "Joined"
	CSVInvited  CSVStatus = "Invited"
)

// CSVStatusOf collapses a lifecycle into the CSV's three values: a finished
// shoot (with or without favorite) is Finished, an invite not yet accepted is
// Invited, everybody else who joined is Joined. Deleted shoots count as
// Joined (the person is in the org, the shoot is not done); the finer
// lifecycle goes in a separate column.
func CSVStatusOf(l Lifecycle) CSVStatus {
	switch l {
	case LifecycleFinished, LifecycleNoFavorite:
		return CSVFinished
	case LifecycleInvited, LifecycleRevoked:
		return CSVInvited
	default:
		return CSVJoined
	}
}

// RetryWindow is how long after a shoot finished a retry can be given
// (HeadshotPro's team-lead help page "Issuing Retries": "shoots completed
// within the last 60 days").
const RetryWindow = 60 * 24 * time.Hour

// RetryInput describes one shoot for RetryEligibility.
type RetryInput struct {
	ModelStatus ModelStatus
	FinishedAt  time.Time
	// RetriesUsed counts retries already given for this shoot, as known
	// locally; the hosted API does not report it.
	RetriesUsed int
}

// Retry is the answer to "can this shoot be retried, and until when?".
type Retry struct {
	Eligible bool
	Until    time.Time // finishedAt + 60 days; zero when the shoot never finished
	Reason   string    // why not, in words an admin understands; empty when eligible
}

// RetryEligibility applies the retry rules: an active shoot that finished
// within the last 60 days and has not had its one retry yet.
func RetryEligibility(in RetryInput, now time.Time) Retry {
	if in.ModelStatus != ModelActive || in.FinishedAt.IsZero() {
		return Retry{Reason: "the shoot has not finished"}
	}
	until := in.FinishedAt.Add(RetryWindow)
	switch {
	case in.RetriesUsed >= 1:
		return Retry{Until: until, Reason: "this shoot already had its one retry"}
	case !now.Before(until):
		return Retry{Until: until, Reason: "the 60-day retry window ended on " + until.Format("2006-01-02")}
	}
	return Retry{Eligible: true, Until: until}
}

// NormalizeEmail returns the canonical form used to match people across
// invites, members and models: trimmed and lower-cased.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}
