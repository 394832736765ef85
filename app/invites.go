package app

import (
	"context"
	"fmt"
	"sync"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// InvitesService invites people one by one or from a roster: a preview
// flags every row that will not be sent (and why) before anything is sent;
// invites go through the outbox, so offline they are queued, never lost,
// and never sent twice.
type InvitesService struct {
	app *App

	mu         sync.Mutex
	lastRoster *csvio.Roster // the roster file ChooseRoster read last, for PreviewAgain
	lastSource string
}

// RosterPreviewRow is one row of the roster as the preview table shows it.
type RosterPreviewRow struct {
	Line   int    `json:"line"`
	Email  string `json:"email"` // normalised; for an invalid row the value as found
	Name   string `json:"name"`
	Title  string `json:"title"`
	Team   string `json:"team"`   // the roster's team column, as found
	TeamID string `json:"teamId"` // resolved from Team; "" = the team picked for everyone
	Status string `json:"status"` // invite, invalid, duplicate, existing, queued, unknown_team
	Reason string `json:"reason"`
}

// RosterPreview is what a roster or a pasted list amounts to.
type RosterPreview struct {
	Source    string             `json:"source"`    // "Pasted list", "Pasted CSV" or the file's name
	Cancelled bool               `json:"cancelled"` // the file dialog was closed
	Rows      []RosterPreviewRow `json:"rows"`      // every row, by line
	ToInvite  int                `json:"toInvite"`
	Skipped   int                `json:"skipped"`  // already invited, already queued
	Problems  int                `json:"problems"` // invalid, duplicate, unknown team
	HasTeams  bool               `json:"hasTeams"` // the roster has a team column
	Ignored   []string           `json:"ignored"`  // columns that map to nothing
	Summary   string             `json:"summary"`
}

// PreviewRoster parses pasted text: a list of addresses separated by commas,
// semicolons or line breaks, or a CSV roster with a header row (email,
// name, team… columns). Nothing is sent.
func (s *InvitesService) PreviewRoster(text string) (RosterPreview, error) {
	r, source, err := workflow.ParseRosterText(text)
	if err != nil {
		return RosterPreview{}, err
	}
	return s.preview(source, r)
}

// ChooseRoster asks for a roster file with the system's open dialog (the
// path never leaves Go) and previews it. A closed dialog returns
// Cancelled.
func (s *InvitesService) ChooseRoster() (RosterPreview, error) {
	path, err := s.app.os.openFile("Choose a roster to invite", []wruntime.FileFilter{
		{DisplayName: "Roster (*.csv, *.txt)", Pattern: "*.csv;*.txt;*.tsv"}, {DisplayName: "All files", Pattern: "*"}})
	if err != nil {
		return RosterPreview{}, fmt.Errorf("open dialog: %w", err)
	}
	if path == "" {
		return RosterPreview{Cancelled: true, Rows: []RosterPreviewRow{}, Ignored: []string{}}, nil
	}
	r, source, err := workflow.ReadRosterFile(path)
	if err != nil {
		return RosterPreview{}, err
	}
	s.mu.Lock()
	s.lastRoster, s.lastSource = &r, source
	s.mu.Unlock()
	return s.preview(source, r)
}

// PreviewAgain previews the roster file chosen last once more, against the
// offline copy as it is now (a team it named was created meanwhile). The
// file is not read again: what was previewed is what is planned.
func (s *InvitesService) PreviewAgain() (RosterPreview, error) {
	s.mu.Lock()
	r, source := s.lastRoster, s.lastSource
	s.mu.Unlock()
	if r == nil {
		return RosterPreview{}, invalidInput("Choose a roster file first.")
	}
	return s.preview(source, *r)
}

func (s *InvitesService) preview(source string, r csvio.Roster) (RosterPreview, error) {
	plan, err := s.app.d().PlanInvites(s.app.context(), source, r, "")
	if err != nil {
		return RosterPreview{}, err
	}
	p := RosterPreview{Source: plan.Source, Ignored: plan.Ignored, HasTeams: plan.HasTeams, ToInvite: plan.ToInvite,
		Skipped: plan.Skipped, Problems: plan.Problems, Summary: plan.Summary, Rows: make([]RosterPreviewRow, 0, len(plan.Rows))}
	for _, r := range plan.Rows {
		p.Rows = append(p.Rows, RosterPreviewRow{Line: r.Line, Email: r.Email, Name: r.Name, Title: r.Title, Team: r.Team, TeamID: r.TeamID, Status: r.Status, Reason: r.Reason})
	}
	return p, nil
}

// SendInvitesRequest lists the people to invite.
type SendInvitesRequest struct {
	Emails []string `json:"emails"`
	// TeamID is the team for everyone ("" = none).
	TeamID string `json:"teamId"`
	// TeamByEmail overrides TeamID per email (a roster's team column).
	TeamByEmail map[string]string `json:"teamByEmail"`
}

// JobKindInvites is the job kind of sending invites.
const JobKindInvites = "invites"

// SendInvites queues the invites and sends them as a job: progress counts
// each email HeadshotPro accepted or refused; refused ones are listed with
// its reason. Offline, the invites stay queued (the job says so) and go
// out when HeadshotPro can be reached.
func (s *InvitesService) SendInvites(req SendInvitesRequest) (JobRef, error) {
	list := make([]workflow.PlannedInvite, 0, len(req.Emails))
	for _, e := range req.Emails {
		team := req.TeamID
		if id := req.TeamByEmail[e]; id != "" {
			team = id
		} else if id := req.TeamByEmail[domain.NormalizeEmail(e)]; id != "" {
			team = id
		}
		list = append(list, workflow.PlannedInvite{Email: e, TeamID: team})
	}
	a := s.app
	ctx := a.context()
	list, err := a.d().CheckInvites(ctx, list)
	if err != nil {
		return JobRef{}, err
	}
	id := a.jobs.Start(ctx, JobKindInvites, func(ctx context.Context, t *jobs.Tracker) error {
		_, err := a.d().SendInvites(ctx, list, t)
		a.kickSync() // pull what HeadshotPro made of them; refresh the counts
		return a.jobError(err, "Sending the invites failed")
	})
	return JobRef{JobID: id, Kind: JobKindInvites}, nil
}

// PendingInvite is an invite that was not accepted yet, or one still in
// the outbox.
type PendingInvite struct {
	Email     string `json:"email"`
	Name      string `json:"name"`
	TeamName  string `json:"teamName"`
	InvitedAt string `json:"invitedAt"`
	// State is "pending" (sent, not accepted), "queued" (in the outbox, not
	// sent yet), "sent" (sent, waiting for the next sync to confirm) or
	// "needs_attention" (the server refused it; Message says why).
	State        string `json:"state"`
	Message      string `json:"message"`
	OutboxID     int64  `json:"outboxId"`
	RevokeQueued bool   `json:"revokeQueued"`
	// Resending: the invite is being sent again (the old one revoked, a new
	// one queued behind it).
	Resending bool `json:"resending"`
}

// PendingInvites is the list plus how many pending invites there are.
type PendingInvites struct {
	Items []PendingInvite `json:"items"`
	Total int             `json:"total"`
}

// maxPendingList bounds the list; Total tells the UI when there are more.
const maxPendingList = 500

// Pending lists queued invites first, then the pending ones from the
// offline copy, newest first.
func (s *InvitesService) Pending() (PendingInvites, error) {
	items, total, err := s.app.d().PendingInvites(s.app.context(), maxPendingList)
	if err != nil {
		return PendingInvites{}, err
	}
	out := PendingInvites{Items: make([]PendingInvite, 0, len(items)), Total: total}
	for _, p := range items {
		out.Items = append(out.Items, PendingInvite{Email: p.Email, Name: p.Name, TeamName: p.TeamName, InvitedAt: isoTime(p.InvitedAt),
			State: p.State, Message: p.Problem, OutboxID: p.OutboxID, RevokeQueued: p.RevokeQueued, Resending: p.Resending})
	}
	return out, nil
}

// Revoke withdraws an invite. One still waiting in the outbox is simply
// dropped (it was never sent); otherwise the revoke is queued and sent by
// the next sync.
func (s *InvitesService) Revoke(email string) error {
	queued, err := s.app.d().RevokeInvite(s.app.context(), email)
	if err != nil {
		return err
	}
	if queued {
		s.app.kickSync()
	} else {
		s.app.outboxChanged()
	}
	return nil
}

// ResendResult says which invites go out again and which were left alone.
type ResendResult struct {
	Queued  []string       `json:"queued"`
	Skipped []jobs.Failure `json:"skipped"` // email and why
	Summary string         `json:"summary"`
}

// Resend sends pending invites again (people who never got the welcome
// email): each is a revoke of the old invite and a new one to the same
// team, queued together in the outbox and sent by the sync it starts. The
// old invite link stops working.
func (s *InvitesService) Resend(emails []string) (ResendResult, error) {
	res, err := s.app.d().ResendInvites(s.app.context(), emails)
	if err != nil {
		return ResendResult{}, err
	}
	if len(res.Queued) > 0 {
		s.app.kickSync()
	}
	return ResendResult{Queued: res.Queued, Skipped: res.Skipped, Summary: res.Summary}, nil
}

// RemindRequest asks for one mail draft reminding people of their headshot.
type RemindRequest struct {
	Emails []string `json:"emails"`
	// Draft is which draft to open, from 1: mail programs take about 2,000
	// characters per mailto: link, so many people need several drafts.
	Draft int `json:"draft"`
}

// RemindResult says which draft opened and how many there are.
type RemindResult struct {
	Draft      int            `json:"draft"`      // the draft opened
	Drafts     int            `json:"drafts"`     // how many drafts the people need
	Recipients int            `json:"recipients"` // people in Bcc of this draft
	People     int            `json:"people"`     // people in all the drafts
	Skipped    []jobs.Failure `json:"skipped"`    // addresses left out, and why
	Message    string         `json:"message"`
}

// Remind opens one mail draft in the mail program (mailto: with the people
// in Bcc and a reminder about their headshot). Only people of the offline
// copy are addressed; the link is built and checked in Go.
func (s *InvitesService) Remind(req RemindRequest) (RemindResult, error) {
	r, err := s.app.d().Reminder(s.app.context(), req.Emails)
	if err != nil {
		return RemindResult{}, err
	}
	i := req.Draft
	if i == 0 {
		i = 1
	}
	if i < 1 || i > len(r.Drafts) {
		return RemindResult{}, invalidInput(fmt.Sprintf("There are %d drafts; draft %d does not exist.", len(r.Drafts), req.Draft))
	}
	d := r.Drafts[i-1]
	if err := s.app.openLink(d.URL); err != nil {
		return RemindResult{}, err
	}
	skipped := r.Skipped
	if skipped == nil {
		skipped = []jobs.Failure{}
	}
	return RemindResult{Draft: i, Drafts: len(r.Drafts), Recipients: len(d.Recipients), People: r.People, Skipped: skipped, Message: r.Describe(i)}, nil
}
