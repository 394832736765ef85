package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

// Roster row statuses: stable keys the window branches on.
const (
	RowInvite      = "invite"       // will be invited
	RowInvalid     = "invalid"      // not a usable email / unreadable row
	RowDuplicate   = "duplicate"    // the same email earlier in the roster
	RowExisting    = "existing"     // already invited or a member (offline copy)
	RowQueued      = "queued"       // an invite for it is already queued
	RowUnknownTeam = "unknown_team" // the roster's team column names no team
)

// InviteRow is one roster row and what will happen to it.
type InviteRow struct {
	Line   int
	Email  string // normalised; for an invalid row the value as found
	Name   string
	Title  string
	Team   string // the roster's team column, as found
	TeamID string // resolved from Team, else the default team ("" = none)
	Status string // one of the Row… keys
	Reason string // why it will not be sent, in words
}

// InvitePlan is what a roster amounts to, before anything is sent.
type InvitePlan struct {
	Source   string      // "Pasted list", a file name…
	Rows     []InviteRow // every row, by line
	Ignored  []string    // roster columns that map to nothing
	HasTeams bool        // the roster has a team column with values
	// ToInvite rows will be sent; Skipped are fine but need no invite
	// (existing, queued); Problems need the person's attention (invalid,
	// duplicate, unknown team).
	ToInvite, Skipped, Problems int
	// Summary reads like "142 to invite, 3 already invited, 2 invalid (line
	// 7, 19)".
	Summary string
}

// Invites returns the rows that will be sent, as a send list.
func (p InvitePlan) Invites() []PlannedInvite {
	var out []PlannedInvite
	for _, r := range p.Rows {
		if r.Status == RowInvite {
			out = append(out, PlannedInvite{Email: r.Email, TeamID: r.TeamID})
		}
	}
	return out
}

// PlannedInvite is one invite to queue.
type PlannedInvite struct {
	Email  string
	TeamID string // "" = no team
}

// ParseRosterText reads pasted text: addresses separated by commas,
// semicolons or line breaks, or a CSV roster with a header row. It returns
// the roster and how to call its source.
func ParseRosterText(text string) (csvio.Roster, string, error) {
	if strings.TrimSpace(text) == "" {
		return csvio.Roster{}, "", invalid("Paste email addresses or a CSV roster first.")
	}
	if csvio.LooksLikeEmailList(text) {
		r, err := csvio.ParseEmailList(text, csvio.ImportOptions{})
		return r, "Pasted list", rosterError(err, "The pasted list")
	}
	r, err := csvio.ParseRoster(strings.NewReader(text), csvio.ImportOptions{})
	return r, "Pasted CSV", rosterError(err, "The pasted roster")
}

// ReadRosterFile reads a roster file (CSV, TSV or a list of emails; any
// common encoding) and returns the roster and the file's name as source.
func ReadRosterFile(path string) (csvio.Roster, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return csvio.Roster{}, "", newError(KindInvalidInput, err, "The roster %s cannot be opened. Check the name and that it is a file you can read.", path)
	}
	defer f.Close()
	return readRoster(f, filepath.Base(path))
}

func readRoster(r io.Reader, source string) (csvio.Roster, string, error) {
	ro, err := csvio.ParseRoster(r, csvio.ImportOptions{})
	return ro, source, rosterError(err, source)
}

// OneEmail is a roster of one address (the command line's --email).
func OneEmail(email string) (csvio.Roster, string, error) {
	if err := csvio.ValidateEmail(domain.NormalizeEmail(email)); err != nil {
		return csvio.Roster{}, "", invalid("“%s” is not a valid email address: %v.", strings.TrimSpace(email), err)
	}
	return readRoster(strings.NewReader("email\n"+strings.TrimSpace(email)+"\n"), "--email")
}

// rosterError turns a whole-file problem into words naming what was read.
func rosterError(err error, what string) error {
	if err == nil {
		return nil
	}
	for _, e := range []error{csvio.ErrEmpty, csvio.ErrTooLarge, csvio.ErrTooManyRows, csvio.ErrTooManyCols, csvio.ErrNotText, csvio.ErrEncoding, csvio.ErrNoEmailColumn, csvio.ErrBadHeader} {
		if errors.Is(err, e) {
			return newError(KindInvalidInput, err, "%s cannot be used: %s.", what, err.Error())
		}
	}
	return Explain(err, "Reading "+what+" failed")
}

// PlanInvites decides, for every roster row, whether it will be invited
// and why not: invalid and duplicate rows, people already invited or
// members (judged from the offline copy; the outbox asks the server again
// before sending, so a stale copy cannot double-invite), invites already
// queued, and team names that match no team. defaultTeam (id or name, ""
// = none) applies to rows without a team of their own. Nothing is sent.
func (d *Desk) PlanInvites(ctx context.Context, source string, r csvio.Roster, defaultTeam string) (InvitePlan, error) {
	defaultID, err := d.ResolveTeam(ctx, defaultTeam)
	if err != nil {
		return InvitePlan{}, err
	}
	teams, err := d.Teams(ctx)
	if err != nil {
		return InvitePlan{}, err
	}
	queued, err := d.queuedInvites(ctx)
	if err != nil {
		return InvitePlan{}, err
	}
	p := InvitePlan{Source: source, Ignored: r.Ignored, Rows: make([]InviteRow, 0, len(r.Rows)+len(r.Invalid)+len(r.Duplicates))}
	if p.Ignored == nil {
		p.Ignored = []string{}
	}
	var existing, queuedN int
	var invalidLines, dupLines, unknownLines []int
	for _, row := range r.Rows {
		ir := InviteRow{Line: row.Line, Email: row.Email, Name: row.FullName(), Title: row.Title, Team: row.Team, TeamID: defaultID, Status: RowInvite}
		if row.Team != "" {
			p.HasTeams = true
		}
		switch status, reason := d.inviteEligibility(ctx, row.Email, queued); {
		case status != RowInvite:
			ir.Status, ir.Reason = status, reason
			if status == RowExisting {
				existing++
			} else {
				queuedN++
			}
		case row.Team != "":
			if id, ok := findTeam(teams, row.Team); ok {
				ir.TeamID = id
			} else {
				ir.Status, ir.Reason = RowUnknownTeam, fmt.Sprintf("no team named “%s”", row.Team)
				unknownLines = append(unknownLines, row.Line)
			}
		}
		switch ir.Status {
		case RowInvite:
			p.ToInvite++
		case RowUnknownTeam:
			p.Problems++
		default:
			p.Skipped++
		}
		p.Rows = append(p.Rows, ir)
	}
	for _, bad := range r.Invalid {
		p.Rows = append(p.Rows, InviteRow{Line: bad.Line, Email: bad.Value, Status: RowInvalid, Reason: bad.Reason})
		invalidLines = append(invalidLines, bad.Line)
	}
	for _, dup := range r.Duplicates {
		p.Rows = append(p.Rows, InviteRow{Line: dup.Line, Email: dup.Value, Status: RowDuplicate, Reason: dup.Reason})
		dupLines = append(dupLines, dup.Line)
	}
	p.Problems += len(r.Invalid) + len(r.Duplicates)
	sort.SliceStable(p.Rows, func(i, j int) bool { return p.Rows[i].Line < p.Rows[j].Line })

	parts := []string{fmt.Sprintf("%d to invite", p.ToInvite)}
	if existing > 0 {
		parts = append(parts, fmt.Sprintf("%d already invited", existing))
	}
	if queuedN > 0 {
		parts = append(parts, fmt.Sprintf("%d already queued", queuedN))
	}
	parts = appendLines(parts, "invalid", invalidLines)
	parts = appendLines(parts, "duplicate", dupLines)
	parts = appendLines(parts, "with an unknown team", unknownLines)
	p.Summary = strings.Join(parts, ", ")
	return p, nil
}

// appendLines adds "N what (line a, b, c…)" with at most five lines listed.
func appendLines(parts []string, what string, lines []int) []string {
	if len(lines) == 0 {
		return parts
	}
	shown := make([]string, 0, 5)
	for i, l := range lines {
		if i == 5 {
			shown = append(shown, "…")
			break
		}
		shown = append(shown, fmt.Sprint(l))
	}
	return append(parts, fmt.Sprintf("%d %s (line %s)", len(lines), what, strings.Join(shown, ", ")))
}

// inviteEligibility is the one rule for "needs no invite": an invite for
// the email is queued already, or the offline copy has them invited or as
// a member (a revoked invite may be sent again).
func (d *Desk) inviteEligibility(ctx context.Context, email string, queued map[string]bool) (status, reason string) {
	if queued[email] {
		return RowQueued, "an invite is already queued"
	}
	if p, err := d.Store.Person(ctx, email); err == nil && p.Lifecycle != domain.LifecycleRevoked {
		return RowExisting, "already invited or a member"
	}
	return RowInvite, ""
}

func findTeam(teams []domain.Team, name string) (string, bool) {
	for _, t := range teams {
		if strings.EqualFold(strings.TrimSpace(t.Name), strings.TrimSpace(name)) {
			return t.ID, true
		}
	}
	return "", false
}

// queuedInvites returns the emails with an unfinished invite in the outbox.
func (d *Desk) queuedInvites(ctx context.Context) (map[string]bool, error) {
	actions, _, err := syncer.Actions(ctx, d.Store)
	if err != nil {
		return nil, Explain(err, "Reading the queued actions failed")
	}
	out := map[string]bool{}
	for _, a := range actions {
		if a.Kind == store.KindInvite && a.State != store.OutboxDone {
			out[a.Email] = true
		}
	}
	return out, nil
}

// CheckInvites validates a send list the window built from a preview:
// every email valid, every team known; duplicates are dropped. Nothing is
// judged "already invited" here: the preview showed that, and the outbox
// asks the server before sending.
func (d *Desk) CheckInvites(ctx context.Context, list []PlannedInvite) ([]PlannedInvite, error) {
	if len(list) == 0 {
		return nil, invalid("Nobody to invite.")
	}
	if len(list) > csvio.DefaultMaxRows {
		return nil, invalid("At most %d invites at a time; split the roster.", csvio.DefaultMaxRows)
	}
	known := d.teamNames(ctx)
	seen := map[string]bool{}
	out := make([]PlannedInvite, 0, len(list))
	for _, in := range list {
		email := domain.NormalizeEmail(in.Email)
		if err := csvio.ValidateEmail(email); err != nil {
			return nil, invalid("“%s” is not a valid email address: %v.", strings.TrimSpace(in.Email), err)
		}
		if in.TeamID != "" {
			if _, ok := known[in.TeamID]; !ok {
				return nil, invalid("That team no longer exists. Pick another team, or sync first.")
			}
		}
		if seen[email] {
			continue
		}
		seen[email] = true
		out = append(out, PlannedInvite{Email: email, TeamID: in.TeamID})
	}
	return out, nil
}

// InviteResult is what happened to a batch of invites.
type InviteResult struct {
	Sent           int // accepted by HeadshotPro now
	AlreadyInvited int // HeadshotPro had them already: nothing sent
	Queued         int // waiting in the outbox (offline, no key, or retrying)
	// Refused lists invites HeadshotPro refused, with its reason; they stay
	// in the outbox as needing attention (retry or discard them there).
	Refused []jobs.Failure
	// Offline is set when HeadshotPro could not be reached.
	Offline bool
	Summary string // "3 invited, 1 already invited, 2 queued until HeadshotPro can be reached"
}

// SendInvites queues every invite (durably, before the first request, so
// nothing is lost on a crash or offline), has the Sender send the queue,
// and reports each invite's outcome. Refused invites go through t.Fail
// with the email and HeadshotPro's reason.
func (d *Desk) SendInvites(ctx context.Context, list []PlannedInvite, t *jobs.Tracker) (InviteResult, error) {
	var res InviteResult
	if t != nil {
		t.Phase("queueing", len(list))
	}
	ids := make(map[int64]string, len(list))
	for _, p := range list {
		id, err := syncer.QueueInvite(ctx, d.Store, p.Email, p.TeamID)
		if err != nil {
			return res, Explain(err, "Queueing the invites failed")
		}
		ids[id] = p.Email
		if t != nil {
			t.Add(1, 0)
		}
	}
	already := map[int64]bool{}
	if d.Sender != nil {
		if t != nil {
			t.Phase("sending", len(list))
		}
		replay, err := d.Sender.SendQueued(ctx)
		switch {
		case errors.Is(err, context.Canceled):
			return res, Explain(err, "")
		case errors.Is(err, headshotpro.ErrUnauthorized):
			// The invites stay queued, untouched, until a working key sends them.
			return res, newError(KindBadAPIKey, err, "HeadshotPro did not accept the API key, so the invites were not sent; they stay queued and go out once a working key is set (Settings, or SHOTDESK_API_KEY) and Shotdesk syncs.")
		case errors.Is(err, syncer.ErrOtherOrganization):
			return res, Explain(err, "")
		case err != nil:
			d.Logger.Warn("send queued invites", "err", err)
		}
		res.Offline = replay.Offline
		for _, id := range replay.AlreadyDone {
			already[id] = true
		}
	}
	// Read outcomes in queue order, so reports are stable.
	order := make([]int64, 0, len(ids))
	for id := range ids {
		order = append(order, id)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, id := range order {
		email := ids[id]
		it, err := d.Store.OutboxItemByID(ctx, id)
		if err != nil {
			return res, Explain(err, "Reading the invite's outcome failed")
		}
		switch it.State {
		case store.OutboxDone:
			if already[id] {
				res.AlreadyInvited++
			} else {
				res.Sent++
			}
			if t != nil && d.Sender != nil {
				t.Add(1, 0)
			}
		case store.OutboxNeedsAttention:
			f := jobs.Failure{Item: email, Reason: ServerWords(it.LastError)}
			res.Refused = append(res.Refused, f)
			if t != nil {
				t.Fail(f.Item, f.Reason)
			}
		default:
			res.Queued++
		}
	}
	res.Summary = res.summary(d.Sender == nil)
	if t != nil {
		t.SetResult(res.Summary)
	}
	return res, nil
}

func (r InviteResult) summary(noKey bool) string {
	parts := []string{fmt.Sprintf("%d invited", r.Sent)}
	if r.AlreadyInvited > 0 {
		parts = append(parts, fmt.Sprintf("%d already invited (nothing sent)", r.AlreadyInvited))
	}
	if r.Queued > 0 {
		why := "queued until HeadshotPro can be reached"
		if noKey {
			why = "queued until an API key is set"
		} else if !r.Offline {
			why = "queued to be tried again"
		}
		parts = append(parts, fmt.Sprintf("%d %s", r.Queued, why))
	}
	if n := len(r.Refused); n > 0 {
		parts = append(parts, fmt.Sprintf("%d need attention", n))
	}
	return strings.Join(parts, ", ")
}
