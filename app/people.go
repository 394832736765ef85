package app

import (
	"fmt"
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
	// Tab is "" (all), a lifecycle ("Finished", "No favorite", "Generating",
	// "Joined", "Invited", "Deleted") or "Actioned".
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
	// Rules the UI branches on; never derived from the display label.
	Lifecycle     string `json:"lifecycle"`     // the lifecycle key (domain.Lifecycle), "" when the API status is unknown
	ShootFinished bool   `json:"shootFinished"` // results are ready (with or without a favorite)
	NoFavorite    bool   `json:"noFavorite"`    // results are ready but no favorite was picked
	CanAction     bool   `json:"canAction"`     // the shoot can be marked (or unmarked) as actioned
}

// PeoplePage is one page of people and the total for the filter.
type PeoplePage struct {
	Items []PersonRow `json:"items"`
	Total int         `json:"total"`
}

// Counts are the stat tiles and tab badges.
type Counts struct {
	Total          int            `json:"total"`
	Finished       int            `json:"finished"`
	InProgress     int            `json:"inProgress"`
	PendingInvites int            `json:"pendingInvites"`
	Actioned       int            `json:"actioned"`
	Credits        float64        `json:"credits"`
	ByStatus       map[string]int `json:"byStatus"`
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
	page, err := a.desk.People(a.context(), q)
	if err != nil {
		return PeoplePage{}, err
	}
	out := PeoplePage{Total: page.Total, Items: make([]PersonRow, 0, len(page.Items))}
	now := time.Now()
	for _, p := range page.Items {
		out.Items = append(out.Items, toPersonRow(p, now))
	}
	return out, nil
}

func toPersonRow(p store.Person, now time.Time) PersonRow {
	f := workflow.FactsOf(p, now)
	r := PersonRow{
		Key: p.Key, MemberID: p.MemberID, Email: p.Email, Name: f.Name, Title: p.ModelTitle,
		TeamID: p.TeamID, TeamName: p.TeamName, Status: f.Status, CSVStatus: string(f.CSVStatus),
		ModelID: p.ModelID, HasFavorite: p.HasFavorite, Actioned: p.Actioned, Shoots: p.ShootCount,
		FinishedAt: isoTime(p.FinishedAt), JoinedAt: isoTime(p.JoinedAt), InvitedAt: isoTime(p.InvitedAt), ActionedAt: isoTime(p.ActionedAt),
		Lifecycle: string(f.Lifecycle), ShootFinished: f.ShootFinished, NoFavorite: f.NoFavorite, CanAction: f.CanAction,
		RetryBlocked: f.RetryBlocked,
	}
	if !f.RetryUntil.IsZero() {
		r.RetryUntil = f.RetryUntil.Format("2006-01-02")
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
	c, err := s.app.desk.Store.Counts(s.app.context(), teamID)
	if err != nil {
		return Counts{}, fmt.Errorf("count people: %w", err)
	}
	out := Counts{Total: c.Total, Finished: c.Finished, InProgress: c.InProgress, PendingInvites: c.PendingInvites, Actioned: c.Actioned, Credits: c.Credits, ByStatus: map[string]int{}}
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
	teams, err := s.app.desk.Teams(s.app.context())
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
	_, err := s.app.desk.SetActioned(s.app.context(), modelID, actioned)
	return err
}
