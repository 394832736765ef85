package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// Job kinds of publishing.
const (
	JobKindPublishPlan = "publish-plan"
	JobKindPublish     = "publish"
	JobKindRevert      = "publish-revert"
)

// PublishService puts profile pictures into directories (Entra ID, Google
// Workspace, BambooHR, the demo directory): connect, review the match
// report, publish, revert. Credentials go from the connect form straight
// to the keychain; the page never gets them back.
type PublishService struct {
	app *App

	mu    sync.Mutex
	plans map[string]workflow.PublishPlan // plan job id → its report, for Plan and ExportReport
}

// PublishTarget is a directory as the Publish screen shows it. The kind's
// fields are spelled out rather than embedded: Wails' binding generator
// leaves out the types of an embedded struct's fields (workflow.TargetField
// went missing from models.ts).
type PublishTarget struct {
	Name   string                 `json:"name"`
	Label  string                 `json:"label"`
	Fields []workflow.TargetField `json:"fields"` // the connect form; [] for the demo
	Demo   bool                   `json:"demo"`

	Connected bool   `json:"connected"`
	Where     string `json:"where"` // the tenant/domain/company, never a secret
	// InFile: the credentials are stored in a file (no keychain).
	InFile bool `json:"inFile"`
	// FromEnv: the settings come from environment variables.
	FromEnv bool `json:"fromEnv"`
}

// ConnectTargetRequest carries a connect form. Fields are write-only.
type ConnectTargetRequest struct {
	Name   string            `json:"name"`
	Fields map[string]string `json:"fields"`
	// WithoutKeychain stores the credentials in a 0600 file: the person's
	// explicit choice on a computer without a keychain.
	WithoutKeychain bool `json:"withoutKeychain"`
}

// PublishScope is a target and a team ("" = everyone).
type PublishScope struct {
	Target string `json:"target"`
	TeamID string `json:"teamId"`
}

// PublishPlanView is a match report.
type PublishPlanView struct {
	JobID  string           `json:"jobId"`
	Target string           `json:"target"`
	Label  string           `json:"label"`
	Where  string           `json:"where"`
	Counts map[string]int   `json:"counts"`
	Rows   []PublishRowView `json:"rows"`
	Notes  []string         `json:"notes"`
	// Side is the size sent (px, square).
	Side int `json:"side"`
}

// PublishRowView is one person in a match report.
type PublishRowView struct {
	Status      string `json:"status"`
	StatusWords string `json:"statusWords"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Team        string `json:"team"`
	MemberID    string `json:"memberId"`
	Published   string `json:"published"` // RFC 3339; "" = never
}

// PublishRunView is one earlier run.
type PublishRunView struct {
	ID        string `json:"id"`
	Started   string `json:"started"`
	Published int    `json:"published"`
	Failed    int    `json:"failed"`
	Reverted  int    `json:"reverted"`
}

// PublishLogLine is one person in a run.
type PublishLogLine struct {
	Email    string `json:"email"`
	At       string `json:"at"`
	Status   string `json:"status"` // "done" or "failed"
	Error    string `json:"error"`
	Reverted bool   `json:"reverted"`
	// HadPhoto: a previous photo is kept (Revert puts it back); false means
	// Revert removes the photo.
	HadPhoto bool `json:"hadPhoto"`
}

// RevertRequest reverts one person (Email) or a whole run (RunID).
type RevertRequest struct {
	Target string `json:"target"`
	RunID  string `json:"runId"`
	Email  string `json:"email"`
}

func (s *PublishService) secrets() workflow.TargetCredentials {
	dir := s.app.cfg.RealDataDir
	if dir == "" {
		dir = s.app.cfg.DataDir
	}
	return workflow.TargetCredentials{Secrets: config.TargetSecrets{Dir: dir, Keychain: true}}
}

// open connects a target from its stored settings and the environment.
func (s *PublishService) open(ctx context.Context, name string) (publish.Target, error) {
	fields := map[string]string{}
	if workflow.NeedsCredentials(name) {
		var err error
		if fields, err = s.secrets().Load(ctx, name); err != nil {
			return nil, err
		}
	}
	return s.app.d().OpenTarget(ctx, name, workflow.TargetSource{Fields: fields, Getenv: os.Getenv})
}

// Targets lists the directories and whether each is connected.
func (s *PublishService) Targets() ([]PublishTarget, error) {
	ctx := s.app.context()
	var out []PublishTarget
	for _, k := range workflow.TargetKinds() {
		v := PublishTarget{Name: k.Name, Label: k.Label, Fields: append([]workflow.TargetField{}, k.Fields...), Demo: k.Demo}
		if t, err := s.open(ctx, k.Name); err == nil {
			v.Connected, v.Where = true, t.Info().Where
		}
		v.InFile = !k.Demo && s.secrets().Secrets.InFile(k.Name)
		for _, f := range k.Fields {
			if f.Env != "" && os.Getenv(f.Env) != "" {
				v.FromEnv = true
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// Connect checks a target's settings by reading its directory, then
// stores them (keychain, or a file when WithoutKeychain). Nothing is
// stored when the directory refuses them.
func (s *PublishService) Connect(req ConnectTargetRequest) (PublishTarget, error) {
	ctx, cancel := context.WithTimeout(s.app.context(), 2*time.Minute)
	defer cancel()
	if !workflow.NeedsCredentials(req.Name) {
		return PublishTarget{}, invalidInput("The demo directory needs no connecting.")
	}
	t, err := s.app.d().OpenTarget(ctx, req.Name, workflow.TargetSource{Fields: req.Fields, Getenv: os.Getenv})
	if err != nil {
		return PublishTarget{}, err
	}
	if _, err := t.Accounts(ctx); err != nil {
		return PublishTarget{}, workflow.ExplainPublish(err, t.Info(), "Connecting "+t.Info().Label+" failed")
	}
	fields := map[string]string{}
	for k, v := range req.Fields {
		if v = strings.TrimSpace(v); v != "" {
			fields[k] = v
		}
	}
	if err := s.secrets().Save(ctx, req.Name, fields, req.WithoutKeychain); err != nil {
		return PublishTarget{}, err
	}
	s.app.logger.Info("publish target connected", "target", req.Name, "where", t.Info().Where, "inFile", req.WithoutKeychain)
	return s.target(req.Name)
}

func (s *PublishService) target(name string) (PublishTarget, error) {
	list, _ := s.Targets()
	for _, t := range list {
		if t.Name == name {
			return t, nil
		}
	}
	return PublishTarget{}, invalidInput(fmt.Sprintf("unknown directory %q", name))
}

// Disconnect forgets a target's stored settings.
func (s *PublishService) Disconnect(name string) (PublishTarget, error) {
	if !workflow.NeedsCredentials(name) {
		return s.target(name)
	}
	if err := s.secrets().Forget(s.app.context(), name); err != nil {
		return PublishTarget{}, err
	}
	return s.target(name)
}

// StartPlan starts the match report as a job (kind "publish-plan"): the
// offline copy is refreshed, the directory read and matched. Nothing is
// written. Plan(jobId) returns the report once the job is done.
func (s *PublishService) StartPlan(scope PublishScope) (JobRef, error) {
	a := s.app
	id := a.jobs.Start(a.context(), JobKindPublishPlan, func(ctx context.Context, t *jobs.Tracker) error {
		target, err := s.open(ctx, scope.Target)
		if err != nil {
			return a.jobError(err, "Connecting the directory failed")
		}
		plan, err := a.d().PlanPublish(ctx, target, workflow.PublishRequest{Team: scope.TeamID}, t)
		if err != nil {
			return a.jobError(err, "Reading the directory failed")
		}
		s.keepPlan(t.JobID(), plan)
		t.SetResult(fmt.Sprintf("%d will change", plan.Counts[publish.WillChange]))
		return nil
	})
	return JobRef{JobID: id, Kind: JobKindPublishPlan}, nil
}

func (s *PublishService) keepPlan(id string, plan workflow.PublishPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plans == nil || len(s.plans) > 20 {
		s.plans = map[string]workflow.PublishPlan{} // only the latest few matter
	}
	s.plans[id] = plan
}

func (s *PublishService) plan(id string) (workflow.PublishPlan, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.plans[id]
	return p, ok
}

// Plan returns the match report of a finished plan job.
func (s *PublishService) Plan(jobID string) (PublishPlanView, error) {
	p, ok := s.plan(jobID)
	if !ok {
		return PublishPlanView{}, &AppError{Code: CodeNotFound, Message: "That match report is not there any more; check again."}
	}
	v := PublishPlanView{JobID: jobID, Target: p.Target.Name, Label: p.Target.Label, Where: p.Target.Where,
		Counts: map[string]int{}, Notes: p.Notes, Side: p.Target.Limits.Side, Rows: make([]PublishRowView, 0, len(p.Rows))}
	for st, n := range p.Counts {
		v.Counts[string(st)] = n
	}
	for _, r := range p.Rows {
		row := PublishRowView{Status: string(r.Status), StatusWords: workflow.StatusWords(r.Status), Email: r.Email,
			Name: r.Name, Team: r.Team, MemberID: r.MemberID}
		if !r.Published.IsZero() {
			row.Published = r.Published.UTC().Format(time.RFC3339)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// ExportReport writes a match report as CSV into the export folder.
func (s *PublishService) ExportReport(jobID string) (ExportResult, error) {
	p, ok := s.plan(jobID)
	if !ok {
		return ExportResult{}, &AppError{Code: CodeNotFound, Message: "That match report is not there any more; check again."}
	}
	path, err := workflow.SavePublishReport(p.Report, workflow.FileTarget{Dir: s.app.Export.currentFolder()})
	if err != nil {
		return ExportResult{}, err
	}
	return s.app.Export.remember(path, len(p.Rows)), nil
}

// StartPublish publishes as a job (kind "publish"): the match is made
// again (so it is current), then everyone who will change gets the new
// photo, their previous one kept. The report's Result is the run id;
// Failures name each person and why.
func (s *PublishService) StartPublish(scope PublishScope) (JobRef, error) {
	a := s.app
	id := a.jobs.Start(a.context(), JobKindPublish, func(ctx context.Context, t *jobs.Tracker) error {
		target, err := s.open(ctx, scope.Target)
		if err != nil {
			return a.jobError(err, "Connecting the directory failed")
		}
		out, err := a.d().Publish(ctx, target, workflow.PublishRequest{Team: scope.TeamID}, t)
		if out.RunID != "" {
			t.SetResult(out.RunID)
		}
		return a.jobError(err, "Publishing failed")
	})
	return JobRef{JobID: id, Kind: JobKindPublish}, nil
}

// StartRevert puts back the previous photos of a run, or of one person,
// as a job (kind "publish-revert").
func (s *PublishService) StartRevert(req RevertRequest) (JobRef, error) {
	if req.RunID == "" && strings.TrimSpace(req.Email) == "" {
		return JobRef{}, invalidInput("Say which run or which person to revert.")
	}
	a := s.app
	id := a.jobs.Start(a.context(), JobKindRevert, func(ctx context.Context, t *jobs.Tracker) error {
		target, err := s.open(ctx, req.Target)
		if err != nil {
			return a.jobError(err, "Connecting the directory failed")
		}
		res, err := a.d().RevertPublish(ctx, target, workflow.RevertRequest{RunID: req.RunID, Email: strings.TrimSpace(req.Email)}, t)
		t.SetResult(fmt.Sprintf("%d reverted", res.Reverted))
		return a.jobError(err, "Reverting failed")
	})
	return JobRef{JobID: id, Kind: JobKindRevert}, nil
}

// Runs lists the earlier runs to a target, newest first.
func (s *PublishService) Runs(target string) ([]PublishRunView, error) {
	runs, err := s.app.d().PublishRuns(s.app.context(), target)
	if err != nil {
		return nil, err
	}
	out := make([]PublishRunView, 0, len(runs))
	for _, r := range runs {
		out = append(out, PublishRunView{ID: r.ID, Started: r.Started.UTC().Format(time.RFC3339), Published: r.Published, Failed: r.Failed, Reverted: r.Reverted})
	}
	return out, nil
}

// RunLog lists the people of one run.
func (s *PublishService) RunLog(target, runID string) ([]PublishLogLine, error) {
	list, err := s.app.d().PublishLog(s.app.context(), store.PublishQuery{Target: target, RunID: runID})
	if err != nil {
		return nil, err
	}
	out := make([]PublishLogLine, 0, len(list))
	for _, e := range list {
		if e.Action != store.PublishActionPublish {
			continue
		}
		out = append(out, PublishLogLine{Email: e.Email, At: e.At.UTC().Format(time.RFC3339), Status: e.Status, Error: e.Error,
			Reverted: !e.RevertedAt.IsZero(), HadPhoto: e.PreviousHash != ""})
	}
	return out, nil
}
