package domain

import (
	"strings"
	"testing"
	"time"
)

func TestDerive(t *testing.T) {
	tests := []struct {
		name string
		in   LifecycleInput
		want State
	}{
		{"pending invite, no member", LifecycleInput{InviteStatus: InvitePending}, State{Lifecycle: LifecycleInvited}},
		{"revoked invite", LifecycleInput{InviteStatus: InviteRevoked}, State{Lifecycle: LifecycleRevoked}},
		{"accepted invite, no model", LifecycleInput{InviteStatus: InviteAccepted, HasMember: true}, State{Lifecycle: LifecycleJoined}},
		{"member without invite or model", LifecycleInput{HasMember: true}, State{Lifecycle: LifecycleJoined}},
		{"nothing at all", LifecycleInput{}, State{Lifecycle: LifecycleInvited}},
		{"onboarding model", LifecycleInput{InviteStatus: InviteUploading, ModelStatus: ModelOnboarding}, State{Lifecycle: LifecycleJoined}},
		{"waiting", LifecycleInput{ModelStatus: ModelWaiting}, State{Lifecycle: LifecycleGenerating}},
		{"pending model", LifecycleInput{ModelStatus: ModelPending}, State{Lifecycle: LifecycleGenerating}},
		{"generating", LifecycleInput{ModelStatus: ModelGeneratingHeadshots}, State{Lifecycle: LifecycleGenerating}},
		{"failed restarts, shown as generating", LifecycleInput{ModelStatus: ModelFailed}, State{Lifecycle: LifecycleGenerating}},
		{"active, no favorite", LifecycleInput{ModelStatus: ModelActive}, State{Lifecycle: LifecycleNoFavorite}},
		{"active with favorite", LifecycleInput{ModelStatus: ModelActive, HasFavorite: true}, State{Lifecycle: LifecycleFinished}},
		{"deleted model wins over favorite", LifecycleInput{ModelStatus: ModelDeleted, HasFavorite: true, InviteStatus: InviteCompleted}, State{Lifecycle: LifecycleDeleted}},
		{"model status beats stale invite", LifecycleInput{InviteStatus: InvitePending, ModelStatus: ModelActive, HasFavorite: true}, State{Lifecycle: LifecycleFinished}},
		{"invite generating, model not seen yet", LifecycleInput{InviteStatus: InviteGenerating}, State{Lifecycle: LifecycleGenerating}},
		{"invite completed, model not seen yet", LifecycleInput{InviteStatus: InviteCompleted}, State{Lifecycle: LifecycleNoFavorite}},
		{"invite deleted", LifecycleInput{InviteStatus: InviteDeleted}, State{Lifecycle: LifecycleDeleted}},
		{"unknown model status kept", LifecycleInput{ModelStatus: "archived"}, State{Unknown: "archived"}},
		{"unknown invite status kept", LifecycleInput{InviteStatus: "expired"}, State{Unknown: "expired"}},
		{"unknown invite status of a member", LifecycleInput{InviteStatus: "expired", HasMember: true}, State{Lifecycle: LifecycleJoined, Unknown: "expired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Derive(tt.in)
			if got != tt.want {
				t.Fatalf("Derive(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestStateLabel(t *testing.T) {
	if got := (State{Unknown: "archived"}).Label(); got != "archived" {
		t.Errorf("unknown status label = %q, want the raw value", got)
	}
	if got := (State{Lifecycle: LifecycleJoined, Unknown: "expired"}).Label(); got != "Joined" {
		t.Errorf("label = %q, want Joined", got)
	}
	if got := (State{Lifecycle: LifecycleNoFavorite}).Label(); got != "No favorite" {
		t.Errorf("label = %q", got)
	}
}

func TestCSVStatusOf(t *testing.T) {
	tests := map[Lifecycle]CSVStatus{
		LifecycleFinished:   CSVFinished,
		LifecycleNoFavorite: CSVFinished,
		LifecycleGenerating: CSVJoined,
		LifecycleJoined:     CSVJoined,
		LifecycleDeleted:    CSVJoined,
		LifecycleInvited:    CSVInvited,
		LifecycleRevoked:    CSVInvited,
		Lifecycle(""):       CSVJoined,
	}
	for in, want := range tests {
		if got := CSVStatusOf(in); got != want {
			t.Errorf("CSVStatusOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryEligibility(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name      string
		in        RetryInput
		eligible  bool
		until     time.Time
		reasonHas string
	}{
		{"finished yesterday", RetryInput{ModelStatus: ModelActive, FinishedAt: now.Add(-day)}, true, now.Add(59 * day), ""},
		{"finished 59 days ago", RetryInput{ModelStatus: ModelActive, FinishedAt: now.Add(-59 * day)}, true, now.Add(day), ""},
		{"exactly 60 days ago", RetryInput{ModelStatus: ModelActive, FinishedAt: now.Add(-60 * day)}, false, now, "window ended"},
		{"61 days ago", RetryInput{ModelStatus: ModelActive, FinishedAt: now.Add(-61 * day)}, false, now.Add(-day), "window ended"},
		{"already retried", RetryInput{ModelStatus: ModelActive, FinishedAt: now.Add(-day), RetriesUsed: 1}, false, now.Add(59 * day), "already had"},
		{"still generating", RetryInput{ModelStatus: ModelGeneratingHeadshots}, false, time.Time{}, "not finished"},
		{"deleted", RetryInput{ModelStatus: ModelDeleted, FinishedAt: now.Add(-day)}, false, time.Time{}, "was deleted"},
		{"active without finishedAt", RetryInput{ModelStatus: ModelActive}, false, time.Time{}, "not finished"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RetryEligibility(tt.in, now)
			if got.Eligible != tt.eligible || !got.Until.Equal(tt.until) {
				t.Fatalf("got %+v, want eligible=%v until=%v", got, tt.eligible, tt.until)
			}
			if tt.eligible && got.Reason != "" {
				t.Errorf("eligible shoot has a reason %q", got.Reason)
			}
			if !tt.eligible && !contains(got.Reason, tt.reasonHas) {
				t.Errorf("reason %q does not mention %q", got.Reason, tt.reasonHas)
			}
		})
	}
}

// Every in-progress model status keeps its own stage: a failed shoot is
// never shown as generating, an onboarding one never as merely joined.
func TestStageOf(t *testing.T) {
	tests := []struct {
		in    LifecycleInput
		stage Stage
		label string
	}{
		{LifecycleInput{InviteStatus: InvitePending}, StageInvited, "Invited"},
		{LifecycleInput{InviteStatus: InviteAccepted, HasMember: true}, StageJoined, "Joined"},
		{LifecycleInput{InviteStatus: InviteUploading, HasMember: true}, StageUploading, "Uploading photos"},
		{LifecycleInput{InviteStatus: InviteUploading, ModelStatus: ModelOnboarding}, StageUploading, "Uploading photos"},
		{LifecycleInput{ModelStatus: ModelWaiting}, StageQueued, "Queued"},
		{LifecycleInput{ModelStatus: ModelPending}, StageTraining, "Training"},
		{LifecycleInput{ModelStatus: ModelGeneratingHeadshots}, StageGenerating, "Generating"},
		{LifecycleInput{InviteStatus: InviteGenerating}, StageGenerating, "Generating"},
		{LifecycleInput{ModelStatus: ModelFailed}, StageFailed, "Failed, restarting"},
		{LifecycleInput{ModelStatus: ModelActive}, StageNoFavorite, "No favorite"},
		{LifecycleInput{ModelStatus: ModelActive, HasFavorite: true}, StageFinished, "Finished"},
		{LifecycleInput{ModelStatus: ModelDeleted}, StageDeleted, "Deleted"},
		{LifecycleInput{InviteStatus: InviteRevoked}, StageRevoked, "Revoked"},
		{LifecycleInput{ModelStatus: "archived"}, "", ""},
	}
	for _, tt := range tests {
		st := Derive(tt.in)
		got := StageOf(st.Lifecycle, tt.in.ModelStatus, tt.in.InviteStatus)
		if got != tt.stage || got.Label() != tt.label {
			t.Errorf("%+v: stage %q %q, want %q %q", tt.in, got, got.Label(), tt.stage, tt.label)
		}
		if got != "" && got.Detail() == "" {
			t.Errorf("stage %q has no detail", got)
		}
		if got.InProgress() != (tt.in.ModelStatus.InProgress() || tt.in.InviteStatus == InviteGenerating && tt.in.ModelStatus == "") {
			t.Errorf("stage %q in progress = %v for %+v", got, got.InProgress(), tt.in)
		}
	}
	if !strings.Contains(StageFailed.Detail(), "restarts it") {
		t.Errorf("failed detail %q does not say HeadshotPro restarts it", StageFailed.Detail())
	}
}

// A shoot that finished and was deleted afterwards did finish: Finished with
// its date, never Joined with a Finished Date. One deleted before it
// finished is Joined.
func TestCSVStatusForDeletedShoots(t *testing.T) {
	finished := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	if got := CSVStatusFor(LifecycleDeleted, finished); got != CSVFinished {
		t.Errorf("deleted after finishing: %q", got)
	}
	if got := CSVStatusFor(LifecycleDeleted, time.Time{}); got != CSVJoined {
		t.Errorf("deleted before finishing: %q", got)
	}
	for _, lc := range Lifecycles {
		if lc != LifecycleDeleted && CSVStatusFor(lc, finished) != CSVStatusOf(lc) {
			t.Errorf("%q: CSVStatusFor differs from CSVStatusOf", lc)
		}
	}
}

// A retry window closing within a week is Closing; one with weeks left is
// not.
func TestRetryClosing(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tt := range []struct {
		ago     time.Duration
		closing bool
	}{{day, false}, {52 * day, false}, {53 * day, true}, {57 * day, true}, {59*day + 23*time.Hour, true}} {
		r := RetryEligibility(RetryInput{ModelStatus: ModelActive, FinishedAt: now.Add(-tt.ago)}, now)
		if !r.Eligible || r.Closing != tt.closing {
			t.Errorf("finished %v ago: %+v, want closing %v", tt.ago, r, tt.closing)
		}
	}
}

// The 30-day auto-delete: off when an old shoot is still there, on when
// every old shoot is deleted, unknown without old shoots; the delete date
// is 30 days after the finish and "soon" in its last week.
func TestResultsAutoDelete(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	if InferAutoDelete(1, 9) != AutoDeleteOff || InferAutoDelete(0, 2) != AutoDeleteOn || InferAutoDelete(0, 0) != AutoDeleteUnknown {
		t.Fatal("InferAutoDelete")
	}
	if got := AutoDeleteEvidenceBefore(now); !got.Equal(now.Add(-31 * day)) {
		t.Fatalf("evidence before %v", got)
	}
	if r := ResultsOf(ModelActive, now.Add(-88*day), AutoDeleteOff, now); !r.Kept || !r.DeleteOn.IsZero() || r.Soon {
		t.Errorf("kept: %+v", r)
	}
	r := ResultsOf(ModelActive, now.Add(-25*day), AutoDeleteOn, now)
	if !r.Certain || !r.Soon || !r.DeleteOn.Equal(now.Add(5*day)) {
		t.Errorf("on, 5 days left: %+v", r)
	}
	if r := ResultsOf(ModelActive, now.Add(-2*day), AutoDeleteUnknown, now); r.Certain || r.Soon || !r.DeleteOn.Equal(now.Add(28*day)) {
		t.Errorf("unknown, 28 days left: %+v", r)
	}
	if r := ResultsOf(ModelDeleted, now.Add(-40*day), AutoDeleteOn, now); r.Soon || !r.DeleteOn.Equal(now.Add(-10*day)) {
		t.Errorf("deleted: %+v", r)
	}
	if r := ResultsOf(ModelGeneratingHeadshots, time.Time{}, AutoDeleteOn, now); r != (Results{}) {
		t.Errorf("not finished: %+v", r)
	}
}

func TestKnownStatuses(t *testing.T) {
	for _, s := range []ModelStatus{"onboarding", "waiting", "pending", "generatingHeadshots", "active", "failed", "deleted"} {
		if !s.Known() {
			t.Errorf("model status %q not known", s)
		}
	}
	if ModelStatus("generating").Known() {
		t.Error(`"generating" is a blog's spelling, not an API model status`)
	}
	for _, s := range []MemberStatus{"accepted", "pending", "finished"} {
		if !s.Known() {
			t.Errorf("member status %q not known", s)
		}
	}
	if MemberStatus("active").Known() {
		t.Error("member status active should be unknown")
	}
	for _, s := range []InviteStatus{"pending", "accepted", "revoked", "uploading", "generating", "completed", "deleted"} {
		if !s.Known() {
			t.Errorf("invite status %q not known", s)
		}
	}
	if InviteStatus("pending-invite").Known() {
		t.Error("V1 invite status should be unknown in V2")
	}
}

func TestNormalizeEmail(t *testing.T) {
	if got := NormalizeEmail("  Jane.Doe@Example.COM \n"); got != "jane.doe@example.com" {
		t.Errorf("got %q", got)
	}
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}
