package domain

import (
	"strings"
	"time"
)

// Lifecycle is the admin-facing state of one person's shoot, derived from
// invite status, model status and whether a favorite exists. It decides the
// tab a person is counted in; Stage says where inside it they are.
// Actioned is a separate local flag, not a lifecycle state.
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

// CSVStatus is the three-value Status column of the status CSV, the same
// three values as HeadshotPro's own export: Finished, Joined or Invited.
type CSVStatus string

// CSV statuses.
const (
	CSVFinished CSVStatus = "Finished"
	CSVJoined   CSVStatus = "Joined"
	CSVInvited  CSVStatus = "Invited"
)

// CSVStatusOf collapses a lifecycle into the CSV's three values: a finished
// shoot (with or without favorite) is Finished, an invite not yet accepted is
// Invited, everybody else who joined is Joined. A deleted shoot is Joined
// here (the person is in the org, no shoot of theirs is done); CSVStatusFor
// knows better when the deleted shoot had finished first.
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

// CSVStatusFor is the Status column of one person: CSVStatusOf, except that
// a shoot that finished and was deleted afterwards (by an admin, or by the
// organization's 30-day auto-delete) is Finished with its Finished Date: the
// person did their photo shoot; the Lifecycle column says the results are
// gone. A shoot deleted before it finished is Joined, without a date.
func CSVStatusFor(l Lifecycle, finishedAt time.Time) CSVStatus {
	if l == LifecycleDeleted && !finishedAt.IsZero() {
		return CSVFinished
	}
	return CSVStatusOf(l)
}

// Stage is where inside its lifecycle a person's shoot is: the API's model
// status in words an admin reads, so "failed" is never shown as generating
// and "uploading photos" never as merely joined. The lifecycle still decides
// the tab and the count; the stage is what the badge and the CSV's
// Lifecycle column say.
type Stage string

// Stages, in the order a shoot goes through them.
const (
	StageInvited    Stage = "invited"     // invite sent, not signed up
	StageJoined     Stage = "joined"      // signed up, photo shoot not started
	StageUploading  Stage = "uploading"   // model onboarding: uploading photos
	StageQueued     Stage = "queued"      // model waiting: photos in, queued for training
	StageTraining   Stage = "training"    // model pending: training on the photos
	StageGenerating Stage = "generating"  // model generatingHeadshots (or an invite "generating")
	StageFailed     Stage = "failed"      // model failed; HeadshotPro restarts it by itself
	StageNoFavorite Stage = "no-favorite" // results ready, no favorite picked
	StageFinished   Stage = "finished"    // results ready, favorite picked
	StageDeleted    Stage = "deleted"     // shoot deleted on HeadshotPro
	StageRevoked    Stage = "revoked"     // invite revoked
)

// stageWords are each stage's badge label and the sentence that explains it.
var stageWords = map[Stage][2]string{
	StageInvited:    {"Invited", "Invited; has not signed up yet."},
	StageJoined:     {"Joined", "Joined; has not started the photo shoot yet."},
	StageUploading:  {"Uploading photos", "Started the photo shoot; the photos are not all uploaded yet."},
	StageQueued:     {"Queued", "Photos submitted; waiting for HeadshotPro to start training."},
	StageTraining:   {"Training", "Photos submitted; HeadshotPro is training on them."},
	StageGenerating: {"Generating", "HeadshotPro is generating the headshots."},
	StageFailed:     {"Failed, restarting", "Training or generation failed; HeadshotPro restarts it by itself, nothing to do yet."},
	StageNoFavorite: {"No favorite", "Results are ready; no favorite picked yet."},
	StageFinished:   {"Finished", "Results are ready and a favorite is picked."},
	StageDeleted:    {"Deleted", "The photo shoot was deleted on HeadshotPro; its photos are gone there."},
	StageRevoked:    {"Revoked", "The invite was revoked."},
}

// Label is the stage's badge text ("" for an unknown stage).
func (s Stage) Label() string { return stageWords[s][0] }

// Detail is one sentence saying what the stage means for the admin.
func (s Stage) Detail() string { return stageWords[s][1] }

// InProgress reports whether photos were submitted and results are not
// ready: queued, training, generating or failed (which restarts).
func (s Stage) InProgress() bool {
	switch s {
	case StageQueued, StageTraining, StageGenerating, StageFailed:
		return true
	}
	return false
}

// StageOf places a derived lifecycle on its stage, from the statuses that
// decided it. "" when the lifecycle is undecided (an unknown API status).
func StageOf(l Lifecycle, model ModelStatus, invite InviteStatus) Stage {
	switch l {
	case LifecycleInvited:
		return StageInvited
	case LifecycleRevoked:
		return StageRevoked
	case LifecycleDeleted:
		return StageDeleted
	case LifecycleFinished:
		return StageFinished
	case LifecycleNoFavorite:
		return StageNoFavorite
	case LifecycleJoined:
		if model == ModelOnboarding || (model == "" && invite == InviteUploading) {
			return StageUploading
		}
		return StageJoined
	case LifecycleGenerating:
		switch model {
		case ModelWaiting:
			return StageQueued
		case ModelPending:
			return StageTraining
		case ModelFailed:
			return StageFailed
		}
		return StageGenerating
	}
	return ""
}

// RetryWindow is how long after a shoot finished a retry can be given:
// HeadshotPro allows retries for shoots completed within the last 60 days.
const RetryWindow = 60 * 24 * time.Hour

// ClosingSoon is how close to its end a window (the retry window, the 30-day
// auto-delete) counts as closing: the screens show it in a warning colour,
// not like one with weeks left.
const ClosingSoon = 7 * 24 * time.Hour

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
	// Closing: eligible, and the window ends within ClosingSoon.
	Closing bool
}

// RetryEligibility applies the retry rules: an active shoot that finished
// within the last 60 days and has not had its one retry yet.
func RetryEligibility(in RetryInput, now time.Time) Retry {
	if in.ModelStatus == ModelDeleted {
		return Retry{Reason: "the shoot was deleted (a deleted shoot is restarted, not retried)"}
	}
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
	return Retry{Eligible: true, Until: until, Closing: until.Sub(now) <= ClosingSoon}
}

// AutoDeleteAfter is HeadshotPro's organization setting "Delete all user
// data after 30 days": when it is on, a shoot's photos and model are deleted
// 30 days after the shoot finished. The API does not say whether it is on.
const AutoDeleteAfter = 30 * 24 * time.Hour

// AutoDelete is what the offline copy shows about that setting.
type AutoDelete string

// What the offline copy shows about the 30-day auto-delete.
const (
	// AutoDeleteUnknown: no shoot is old enough to tell.
	AutoDeleteUnknown AutoDelete = ""
	// AutoDeleteOff: a shoot that finished more than 30 days ago is still
	// there, so the organization keeps its results.
	AutoDeleteOff AutoDelete = "off"
	// AutoDeleteOn: shoots that finished more than 30 days ago exist, and
	// every one of them is deleted.
	AutoDeleteOn AutoDelete = "on"
)

// autoDeleteSlack allows for HeadshotPro's deletion running some time after
// the 30 days are over: a shoot counts as evidence only after 31 days.
const autoDeleteSlack = 24 * time.Hour

// AutoDeleteEvidenceBefore is the finish time before which a shoot tells
// whether the organization auto-deletes: finished more than 31 days ago.
func AutoDeleteEvidenceBefore(now time.Time) time.Time {
	return now.Add(-AutoDeleteAfter - autoDeleteSlack)
}

// InferAutoDelete decides AutoDelete from the shoots that finished before
// AutoDeleteEvidenceBefore: how many are still active and how many deleted.
func InferAutoDelete(oldActive, oldDeleted int) AutoDelete {
	switch {
	case oldActive > 0:
		return AutoDeleteOff
	case oldDeleted > 0:
		return AutoDeleteOn
	}
	return AutoDeleteUnknown
}

// Results says how long a finished shoot's results stay on HeadshotPro.
type Results struct {
	// DeleteOn is when the 30-day auto-delete removes (or removed) them;
	// zero when the organization keeps results or the shoot never finished.
	DeleteOn time.Time
	// Certain: the organization is known to auto-delete (AutoDeleteOn);
	// otherwise DeleteOn only applies if the setting is on.
	Certain bool
	// Soon: DeleteOn is within ClosingSoon (or passed) and the shoot is
	// still there.
	Soon bool
	// Kept: the organization keeps results past 30 days.
	Kept bool
}

// ResultsOf applies the 30-day auto-delete to one shoot.
func ResultsOf(status ModelStatus, finishedAt time.Time, policy AutoDelete, now time.Time) Results {
	if finishedAt.IsZero() || (status != ModelActive && status != ModelDeleted) {
		return Results{}
	}
	if policy == AutoDeleteOff {
		return Results{Kept: true}
	}
	r := Results{DeleteOn: finishedAt.Add(AutoDeleteAfter), Certain: policy == AutoDeleteOn}
	r.Soon = status == ModelActive && r.DeleteOn.Sub(now) <= ClosingSoon
	return r
}

// NormalizeEmail returns the canonical form used to match people across
// invites, members and models: trimmed and lower-cased.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}
