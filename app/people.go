package app

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// PeopleService reads people, teams and counts from the offline cache: it
// never needs the network, so every screen works on a plane.
type PeopleService struct {
	app *App
}

// PeopleRequest filters and pages the people list.
type PeopleRequest struct {
	Search string `json:"search"`
	// Tab is "" (all) or a Counts.MemberTabs id ("finished", "no-favorite",
	// "joined", "failed", "invited", "deleted", "actioned"), or any name
	// workflow.StatusFilter takes (a lifecycle's label too).
	Tab          string `json:"tab"`
	HideActioned bool   `json:"hideActioned"`
	TeamID       string `json:"teamId"`
	Sort         string `json:"sort"` // "name" (by email, as the dashboard), "latest", "actioned"
	Limit        int    `json:"limit"`
	Offset       int    `json:"offset"`
}

// PersonRow is one person as the lists show them. Photos are referenced
// by the app's own /media route, never by signed URL.
type PersonRow struct {
	Key          string `json:"key"`
	MemberID     string `json:"memberId"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Title        string `json:"title"`
	TeamID       string `json:"teamId"`
	TeamName     string `json:"teamName"`
	Status       string `json:"status"` // lifecycle label; an unknown API status as-is
	CSVStatus    string `json:"csvStatus"`
	ModelID      string `json:"modelId"`
	HasFavorite  bool   `json:"hasFavorite"`
	ThumbURL     string `json:"thumbUrl"` // "" when there is no favorite
	FinishedAt   string `json:"finishedAt"`
	JoinedAt     string `json:"joinedAt"`
	InvitedAt    string `json:"invitedAt"`
	Actioned     bool   `json:"actioned"`
	ActionedAt   string `json:"actionedAt"`
	Shoots       int    `json:"shoots"`
	RetryUntil   string `json:"retryUntil"`   // while a retry is possible
	RetryBlocked string `json:"retryBlocked"` // why not, when the shoot finished
	// RetryClosing: the retry window ends within a week (RetryDaysLeft
	// days, counted from today).
	RetryClosing  bool `json:"retryClosing"`
	RetryDaysLeft int  `json:"retryDaysLeft"`
	// StageDetail says in one sentence what the stage means ("Training or
	// generation failed; HeadshotPro restarts it by itself…").
	StageDetail string `json:"stageDetail"`
	// ResultsNote says how long the results stay on HeadshotPro (the
	// organization's 30-day auto-delete), "" when there is nothing to say;
	// ResultsSoon: they are deleted within a week (or due); ResultsDeleteOn
	// is that date (RFC 3339, "" when the organization keeps results).
	ResultsNote     string `json:"resultsNote"`
	ResultsSoon     bool   `json:"resultsSoon"`
	ResultsDeleteOn string `json:"resultsDeleteOn"`
	// Rules the UI branches on; never derived from the display label.
	Lifecycle     string `json:"lifecycle"`     // the lifecycle key (domain.Lifecycle), "" when the API status is unknown
	Stage         string `json:"stage"`         // the stage key (domain.Stage: "failed", "training"…), "" when unknown
	ShootFinished bool   `json:"shootFinished"` // results are ready (with or without a favorite)
	NoFavorite    bool   `json:"noFavorite"`    // results are ready but no favorite was picked
	CanAction     bool   `json:"canAction"`     // the shoot can be marked (or unmarked) as actioned
	ShootDeleted  bool   `json:"shootDeleted"`  // the current shoot was deleted on HeadshotPro
	CanRestart    bool   `json:"canRestart"`    // deleted shoot of a member: Restart shoot on HeadshotPro's member page
}

// PeoplePage is one page of people and the total for the filter.
type PeoplePage struct {
	Items []PersonRow `json:"items"`
	Total int         `json:"total"`
}

// Counts are the stat tiles and tab badges. Each number has one
// definition (store.Counts) and equals the list of the same name.
type Counts struct {
	Total          int `json:"total"`
	Finished       int `json:"finished"`   // results ready, favorite or not
	NoFavorite     int `json:"noFavorite"` // of Finished
	Actioned       int `json:"actioned"`   // of Finished: marked actioned
	ToReview       int `json:"toReview"`   // Finished − Actioned: the Finished section's cards
	InProgress     int `json:"inProgress"` // joined, not finished (the CSV's Joined, the Joined tab)
	Failed         int `json:"failed"`     // of InProgress: failed, HeadshotPro restarts it
	PendingInvites int `json:"pendingInvites"`
	Deleted        int `json:"deleted"`
	// ByStatus counts each lifecycle key ("Other": an unknown status).
	ByStatus map[string]int `json:"byStatus"`
	Credits  float64        `json:"credits"`
	// MemberTabs and HeadshotTabs are the two screens' tabs with their
	// counts, in order.
	MemberTabs   []workflow.Tab `json:"memberTabs"`
	HeadshotTabs []workflow.Tab `json:"headshotTabs"`
}

// Team is a team of the organization.
type Team struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// List returns one page of people.
func (s *PeopleService) List(req PeopleRequest) (PeoplePage, error) {
	// The same query "Export CSV" of this view runs (workflow.ViewQuery).
	q, err := workflow.ViewQuery(workflow.View{Status: req.Tab, Search: req.Search, TeamID: req.TeamID, HideActioned: req.HideActioned, Sort: req.Sort})
	if err != nil {
		return PeoplePage{}, err
	}
	q.Limit, q.Offset = req.Limit, req.Offset
	return s.app.peoplePage(q)
}

// peoplePage lists people and turns them into rows.
func (a *App) peoplePage(q store.PeopleQuery) (PeoplePage, error) {
	page, err := a.d().People(a.context(), q)
	if err != nil {
		return PeoplePage{}, err
	}
	rules, err := a.d().Rules(a.context())
	if err != nil {
		return PeoplePage{}, err
	}
	out := PeoplePage{Total: page.Total, Items: make([]PersonRow, 0, len(page.Items))}
	for _, p := range page.Items {
		out.Items = append(out.Items, toPersonRow(p, rules))
	}
	return out, nil
}

func toPersonRow(p store.Person, rules workflow.Rules) PersonRow {
	f := rules.Facts(p)
	r := PersonRow{
		Key: p.Key, MemberID: p.MemberID, Email: p.Email, Name: f.Name, Title: p.ModelTitle,
		TeamID: p.TeamID, TeamName: p.TeamName, Status: f.Status, CSVStatus: string(f.CSVStatus),
		ModelID: p.ModelID, HasFavorite: p.HasFavorite, Actioned: p.Actioned, Shoots: p.ShootCount,
		FinishedAt: isoTime(p.FinishedAt), JoinedAt: isoTime(p.JoinedAt), InvitedAt: isoTime(p.InvitedAt), ActionedAt: isoTime(p.ActionedAt),
		Lifecycle: string(f.Lifecycle), Stage: string(f.Stage), StageDetail: f.StageDetail,
		ShootFinished: f.ShootFinished, NoFavorite: f.NoFavorite, CanAction: f.CanAction,
		ShootDeleted: f.ShootDeleted, CanRestart: f.CanRestart,
		RetryBlocked: f.RetryBlocked, RetryClosing: f.RetryClosing,
		ResultsNote: f.ResultsNote, ResultsSoon: f.Results.Soon, ResultsDeleteOn: isoTime(f.Results.DeleteOn),
	}
	if !f.RetryUntil.IsZero() {
		r.RetryUntil = f.RetryUntil.Format("2006-01-02")
		r.RetryDaysLeft = int(math.Ceil(f.RetryUntil.Sub(rules.Now).Hours() / 24))
	}
	if p.HasFavorite && p.FavoritePhotoID != "" {
		r.ThumbURL = photoURL(p.FavoritePhotoID, blobs.VariantThumb)
	}
	return r
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Counts returns the stat tiles for a team ("" = whole organization).
func (s *PeopleService) Counts(teamID string) (Counts, error) {
	c, err := s.app.d().Store.Counts(s.app.context(), teamID)
	if err != nil {
		return Counts{}, fmt.Errorf("count people: %w", err)
	}
	out := Counts{Total: c.Total, Finished: c.Finished, NoFavorite: c.NoFavorite, Actioned: c.Actioned, ToReview: c.ToReview,
		InProgress: c.InProgress, Failed: c.Failed, PendingInvites: c.PendingInvites, Deleted: c.Deleted, Credits: c.Credits,
		ByStatus: map[string]int{}, MemberTabs: workflow.MemberTabs(c), HeadshotTabs: workflow.HeadshotTabs(c)}
	for lc, n := range c.ByLifecycle {
		if lc != domain.LifecycleRevoked {
			out.ByStatus[string(lc)] = n
		}
	}
	if c.Unknown > 0 {
		out.ByStatus["Other"] = c.Unknown
	}
	return out, nil
}

// Teams lists the organization's teams from the cache.
func (s *PeopleService) Teams() ([]Team, error) {
	teams, err := s.app.d().Teams(s.app.context())
	if err != nil {
		return nil, err
	}
	out := make([]Team, 0, len(teams))
	for _, t := range teams {
		out = append(out, Team{ID: t.ID, Name: t.Name})
	}
	return out, nil
}

// SetActioned marks or unmarks a shoot as actioned. It is a local marker:
// nothing is sent to HeadshotPro, and sync never overwrites it.
func (s *PeopleService) SetActioned(modelID string, actioned bool) error {
	if strings.TrimSpace(modelID) == "" {
		return invalidInput("This person has no photo shoot to mark.")
	}
	_, err := s.app.d().SetActioned(s.app.context(), modelID, actioned)
	return err
}
