package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func init() {
	bindService(func(a *App) any { return &InvitesService{app: a} })
}

// InvitesService invites people one by one or from a roster: a preview
// flags every row that will not be sent (and why) before anything is sent;
// invites go through the outbox, so offline they are queued, never lost,
// and never sent twice.
type InvitesService struct {
	app *App
}

// Preview row statuses.
const (
	RowInvite      = "invite"       // will be invited
	RowInvalid     = "invalid"      // not a usable email / unreadable row
	RowDuplicate   = "duplicate"    // the same email earlier in the roster
	RowExisting    = "existing"     // already invited or a member (offline copy)
	RowQueued      = "queued"       // an invite for it is already queued
	RowUnknownTeam = "unknown_team" // the roster's team column names no team
)

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
	if strings.TrimSpace(text) == "" {
		return RosterPreview{}, invalidInput("Paste email addresses or a CSV roster first.")
	}
	var (
		r      csvio.Roster
		err    error
		source = "Pasted list"
	)
	if csvio.LooksLikeEmailList(text) {
		r, err = csvio.ParseEmailList(text, csvio.ImportOptions{})
	} else {
		source = "Pasted CSV"
		r, err = csvio.ParseRoster(strings.NewReader(text), csvio.ImportOptions{})
	}
	if err != nil {
		return RosterPreview{}, rosterError(err)
	}
	return s.preview(source, r)
}

// ChooseRoster asks for a roster file with the system's open dialog (the
// path never leaves Go) and previews it. A closed dialog returns
// Cancelled.
func (s *InvitesService) ChooseRoster() (RosterPreview, error) {
	ctx := s.app.wailsContext()
	if ctx == nil {
		return RosterPreview{}, errors.New("the window is not ready")
	}
	path, err := wruntime.OpenFileDialog(ctx, wruntime.OpenDialogOptions{
		Title:   "Choose a roster to invite",
		Filters: []wruntime.FileFilter{{DisplayName: "Roster (*.csv, *.txt)", Pattern: "*.csv;*.txt;*.tsv"}, {DisplayName: "All files", Pattern: "*"}},
	})
	if err != nil {
		return RosterPreview{}, fmt.Errorf("open dialog: %w", err)
	}
	if path == "" {
		return RosterPreview{Cancelled: true, Rows: []RosterPreviewRow{}, Ignored: []string{}}, nil
	}
	return s.previewFile(path)
}

func (s *InvitesService) previewFile(path string) (RosterPreview, error) {
	f, err := os.Open(path)
	if err != nil {
		return RosterPreview{}, fmt.Errorf("open the roster: %w", err)
	}
	defer f.Close()
	r, err := csvio.ParseRoster(f, csvio.ImportOptions{})
	if err != nil {
		return RosterPreview{}, rosterError(err)
	}
	return s.preview(filepath.Base(path), r)
}

// rosterError turns a whole-file problem into a message for the admin.
func rosterError(err error) error {
	for _, e := range []error{csvio.ErrEmpty, csvio.ErrTooLarge, csvio.ErrTooManyRows, csvio.ErrTooManyCols, csvio.ErrNotText, csvio.ErrEncoding, csvio.ErrNoEmailColumn, csvio.ErrBadHeader} {
		if errors.Is(err, e) {
			return invalidInput(upperFirst(err.Error()) + ".")
		}
	}
	return err
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (s *InvitesService) preview(source string, r csvio.Roster) (RosterPreview, error) {
	ctx := s.app.context()
	org, err := s.app.store.Organization(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return RosterPreview{}, fmt.Errorf("read teams: %w", err)
	}
	queued, err := queuedInvites(ctx, s.app.store)
	if err != nil {
		return RosterPreview{}, err
	}
	p := RosterPreview{Source: source, Ignored: r.Ignored, Rows: make([]RosterPreviewRow, 0, len(r.Rows)+len(r.Invalid)+len(r.Duplicates))}
	if p.Ignored == nil {
		p.Ignored = []string{}
	}
	var existing, unknown []string
	for _, row := range r.Rows {
		pr := RosterPreviewRow{Line: row.Line, Email: row.Email, Name: row.FullName(), Title: row.Title, Team: row.Team, Status: RowInvite}
		if row.Team != "" {
			p.HasTeams = true
		}
		switch {
		case queued[row.Email]:
			pr.Status, pr.Reason = RowQueued, "an invite is already queued"
		case isInvitedOrMember(ctx, s.app.store, row.Email):
			pr.Status, pr.Reason = RowExisting, "already invited or a member"
			existing = append(existing, row.Email)
		case row.Team != "":
			if t, ok := headshotpro.FindTeam(org.Teams, row.Team); ok {
				pr.TeamID = t.ID
			} else {
				pr.Status, pr.Reason = RowUnknownTeam, fmt.Sprintf("no team named “%s”", row.Team)
				unknown = append(unknown, fmt.Sprint(row.Line))
			}
		}
		switch pr.Status {
		case RowInvite:
			p.ToInvite++
		case RowUnknownTeam:
			p.Problems++
		default:
			p.Skipped++
		}
		p.Rows = append(p.Rows, pr)
	}
	for _, bad := range r.Invalid {
		p.Rows = append(p.Rows, RosterPreviewRow{Line: bad.Line, Email: bad.Value, Status: RowInvalid, Reason: bad.Reason})
		p.Problems++
	}
	for _, dup := range r.Duplicates {
		p.Rows = append(p.Rows, RosterPreviewRow{Line: dup.Line, Email: dup.Value, Status: RowDuplicate, Reason: dup.Reason})
		p.Problems++
	}
	sort.SliceStable(p.Rows, func(i, j int) bool { return p.Rows[i].Line < p.Rows[j].Line })

	sum := csvio.InviteSummary{Invalid: r.Invalid, Duplicates: r.Duplicates}
	parts := []string{fmt.Sprintf("%d to invite", p.ToInvite)}
	if len(existing) > 0 {
		parts = append(parts, fmt.Sprintf("%d already invited", len(existing)))
	}
	if n := p.Skipped - len(existing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d already queued", n))
	}
	if rest := strings.TrimPrefix(sum.String(), "0 to invite"); rest != "" {
		parts = append(parts, strings.TrimPrefix(rest, ", "))
	}
	if len(unknown) > 0 {
		parts = append(parts, fmt.Sprintf("%d with an unknown team (line %s)", len(unknown), strings.Join(unknown, ", ")))
	}
	p.Summary = strings.Join(parts, ", ")
	return p, nil
}

// isInvitedOrMember judges "already invited" from the offline copy; the
// outbox asks the server again before sending, so a stale copy cannot
// double-invite.
func isInvitedOrMember(ctx context.Context, st *store.Store, email string) bool {
	p, err := st.Person(ctx, email)
	return err == nil && p.Lifecycle != domain.LifecycleRevoked
}

// queuedInvites returns the emails with an unfinished invite in the outbox.
func queuedInvites(ctx context.Context, st *store.Store) (map[string]bool, error) {
	items, err := st.Outbox(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	out := map[string]bool{}
	for _, it := range items {
		if it.Kind != store.KindInvite || it.State == store.OutboxDone {
			continue
		}
		var p syncer.InvitePayload
		if json.Unmarshal(it.Payload, &p) == nil {
			out[p.Email] = true
		}
	}
	return out, nil
}

// SendInvitesRequest lists the people to invite.
type SendInvitesRequest struct {
	Emails []string `json:"emails"`
	// TeamID is the team for everyone ("" = none).
	TeamID string `json:"teamId"`
	// TeamByEmail overrides TeamID per email (a roster's team column).
	TeamByEmail map[string]string `json:"teamByEmail"`
}

type plannedInvite struct {
	email, teamID string
}

// SendInvites queues the invites in the outbox and sends them as a job:
// progress counts each email the server accepted or refused; refused ones
// are listed with the server's reason. Offline, the invites stay queued
// (the job says so) and go out when HeadshotPro can be reached.
func (s *InvitesService) SendInvites(req SendInvitesRequest) (JobRef, error) {
	if len(req.Emails) == 0 {
		return JobRef{}, invalidInput("Nobody to invite.")
	}
	if len(req.Emails) > csvio.DefaultMaxRows {
		return JobRef{}, invalidInput(fmt.Sprintf("At most %d invites at a time; split the roster.", csvio.DefaultMaxRows))
	}
	ctx := s.app.context()
	org, err := s.app.store.Organization(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return JobRef{}, fmt.Errorf("read teams: %w", err)
	}
	known := map[string]bool{}
	for _, t := range org.Teams {
		known[t.ID] = true
	}
	checkTeam := func(id string) error {
		if id != "" && !known[id] {
			return invalidInput("That team no longer exists. Pick another team, or sync first.")
		}
		return nil
	}
	if err := checkTeam(req.TeamID); err != nil {
		return JobRef{}, err
	}
	seen := map[string]bool{}
	plan := make([]plannedInvite, 0, len(req.Emails))
	for _, raw := range req.Emails {
		email := domain.NormalizeEmail(raw)
		if err := csvio.ValidateEmail(email); err != nil {
			return JobRef{}, invalidInput(fmt.Sprintf("“%s” is not a valid email address: %v.", strings.TrimSpace(raw), err))
		}
		if seen[email] {
			continue
		}
		seen[email] = true
		team := req.TeamID
		if id, ok := req.TeamByEmail[raw]; ok && id != "" {
			team = id
		} else if id, ok := req.TeamByEmail[email]; ok && id != "" {
			team = id
		}
		if err := checkTeam(team); err != nil {
			return JobRef{}, err
		}
		plan = append(plan, plannedInvite{email: email, teamID: team})
	}
	id := s.app.jobs.Start(ctx, "invites", s.sendJob(plan))
	return JobRef{JobID: id, Kind: "invites"}, nil
}

// sendJob queues every invite (durably, before the first request), then
// lets the sync loop send them, so only one sender ever touches the outbox.
func (s *InvitesService) sendJob(plan []plannedInvite) jobs.Func {
	a := s.app
	return func(ctx context.Context, t *jobs.Tracker) error {
		t.Phase("queueing", len(plan))
		ids := make(map[int64]string, len(plan))
		for _, p := range plan {
			id, err := a.syncer.QueueInvite(ctx, p.email, p.teamID)
			if err != nil {
				return err
			}
			ids[id] = p.email
			t.Add(1, 0)
		}
		a.syncSvc.Changed(ctx)

		t.Phase("sending", len(plan))
		settled := map[int64]bool{}
		poll := func() {
			items, err := a.store.Outbox(ctx)
			if err != nil {
				return
			}
			for _, it := range items {
				email, mine := ids[it.ID]
				if !mine || settled[it.ID] {
					continue
				}
				switch it.State {
				case store.OutboxDone:
					settled[it.ID] = true
					t.Add(1, 0)
				case store.OutboxNeedsAttention:
					settled[it.ID] = true
					t.Fail(email, serverMessage(it.LastError))
				}
			}
		}
		// A sync that was already past its send phase leaves ours queued;
		// the next one picks them up.
		for round := 0; round < 3 && len(settled) < len(ids); round++ {
			syncID, err := a.syncSvc.SyncNow(ctx, syncer.Options{})
			if err != nil {
				return err
			}
			done := make(chan struct{})
			go func() {
				_, _ = a.jobs.Wait(ctx, syncID)
				close(done)
			}()
			tick := time.NewTicker(150 * time.Millisecond)
		wait:
			for {
				select {
				case <-ctx.Done():
					tick.Stop()
					return ctx.Err()
				case <-tick.C:
					poll()
				case <-done:
					break wait
				}
			}
			tick.Stop()
			poll()
			if a.syncSvc.Status().State == syncer.StateOffline {
				break
			}
		}
		sent, attention := 0, 0
		for id := range settled {
			if it, err := a.store.OutboxItemByID(ctx, id); err == nil && it.State == store.OutboxDone {
				sent++
			} else {
				attention++
			}
		}
		queued := len(ids) - len(settled)
		parts := []string{fmt.Sprintf("%d invited", sent)}
		if queued > 0 {
			parts = append(parts, fmt.Sprintf("%d queued until HeadshotPro can be reached", queued))
		}
		if attention > 0 {
			parts = append(parts, fmt.Sprintf("%d need attention", attention))
		}
		t.SetResult(strings.Join(parts, ", "))
		a.syncSvc.Changed(ctx)
		return nil
	}
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
	ctx := s.app.context()
	items, err := s.app.store.Outbox(ctx)
	if err != nil {
		return PendingInvites{}, fmt.Errorf("read the outbox: %w", err)
	}
	last, _ := s.app.store.LastSync(ctx)
	teams := teamNames(s.app)
	out := PendingInvites{Items: []PendingInvite{}}
	listed := map[string]bool{}
	revoking := map[string]bool{}
	for _, it := range items {
		if it.Kind == store.KindRevokeInvite && it.State != store.OutboxDone {
			var p syncer.RevokePayload
			if json.Unmarshal(it.Payload, &p) == nil {
				revoking[p.Email] = true
			}
		}
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		if it.Kind != store.KindInvite {
			continue
		}
		var p syncer.InvitePayload
		if json.Unmarshal(it.Payload, &p) != nil || listed[p.Email] {
			continue
		}
		pi := PendingInvite{Email: p.Email, TeamName: teams[p.TeamID], InvitedAt: isoTime(it.CreatedAt), OutboxID: it.ID, RevokeQueued: revoking[p.Email]}
		switch it.State {
		case store.OutboxPending, store.OutboxInFlight:
			pi.State = "queued"
		case store.OutboxNeedsAttention:
			pi.State, pi.Message = "needs_attention", serverMessage(it.LastError)
		case store.OutboxDone:
			// Sent after the last sync: shown until a sync brings it in.
			if !it.UpdatedAt.After(last) {
				continue
			}
			if _, err := s.app.store.Person(ctx, p.Email); err == nil {
				continue
			}
			pi.State = "sent"
		}
		listed[p.Email] = true
		out.Items = append(out.Items, pi)
	}
	page, err := s.app.store.People(ctx, store.PeopleQuery{Lifecycle: domain.LifecycleInvited, Sort: store.SortLatest, Limit: maxPendingList})
	if err != nil {
		return PendingInvites{}, fmt.Errorf("list pending invites: %w", err)
	}
	out.Total = page.Total
	for _, p := range page.Items {
		if listed[p.Email] {
			continue
		}
		out.Items = append(out.Items, PendingInvite{Email: p.Email, Name: p.Name, TeamName: p.TeamName, InvitedAt: isoTime(p.InvitedAt), State: "pending", RevokeQueued: revoking[p.Email]})
	}
	for _, pi := range out.Items {
		if pi.State != "pending" {
			out.Total++
		}
	}
	return out, nil
}

// Revoke withdraws an invite. One still waiting in the outbox is simply
// dropped (it was never sent); otherwise the revoke is queued and sent by
// the next sync.
func (s *InvitesService) Revoke(email string) error {
	email = domain.NormalizeEmail(email)
	if err := csvio.ValidateEmail(email); err != nil {
		return invalidInput("Pick an invite to revoke.")
	}
	ctx := s.app.context()
	items, err := s.app.store.Outbox(ctx)
	if err != nil {
		return fmt.Errorf("read the outbox: %w", err)
	}
	for _, it := range items {
		if it.Kind != store.KindInvite || (it.State != store.OutboxPending && it.State != store.OutboxNeedsAttention) {
			continue
		}
		var p syncer.InvitePayload
		if json.Unmarshal(it.Payload, &p) != nil || p.Email != email {
			continue
		}
		// Never attempted, or refused by the server: nothing reached
		// HeadshotPro, so dropping the item is the whole revoke. After a
		// failed attempt the outcome is unknown, so a revoke is queued.
		if it.Attempts == 0 || it.State == store.OutboxNeedsAttention {
			if err := s.app.store.DiscardItem(ctx, it.ID); err == nil {
				s.app.syncSvc.Changed(ctx)
				return nil
			}
		}
	}
	if _, err := s.app.syncer.QueueRevoke(ctx, email); err != nil {
		return err
	}
	kickSync(s.app)
	return nil
}
