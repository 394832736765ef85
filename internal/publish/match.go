package publish

import (
	"sort"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
)

// Subject is one Shotdesk member who could be published.
type Subject struct {
	MemberID, Email, Name string
	TeamID, Team          string
	// PhotoID is the favorite headshot; "" = no favorite yet, never
	// published.
	PhotoID string
	// PhotoKey names the photo that would be sent: the favorite, the PFP
	// template and the target's size. The same key as the standing
	// publish means the directory already has it.
	PhotoKey string
}

// Status is where a person stands in a match report.
type Status string

// The match report's groups.
const (
	// WillChange: matched, with a favorite, and the directory does not
	// have this photo from Shotdesk yet.
	WillChange Status = "will_change"
	// UpToDate: the directory has this exact photo from an earlier run.
	UpToDate Status = "up_to_date"
	// NoFavorite: in the directory and in Shotdesk, without a favorite yet.
	NoFavorite Status = "no_favorite"
	// NotInDirectory: has a favorite in Shotdesk, no account matches.
	NotInDirectory Status = "not_in_directory"
	// NotInShotdesk: in the directory only (a colleague not invited, a
	// shared mailbox); left alone.
	NotInShotdesk Status = "not_in_shotdesk"
)

// Statuses lists the groups in the order a report shows them.
var Statuses = []Status{WillChange, UpToDate, NoFavorite, NotInDirectory, NotInShotdesk}

// Row is one person in a match report.
type Row struct {
	Status    Status
	Email     string
	Name      string
	MemberID  string
	Team      string
	PhotoID   string
	PhotoKey  string
	AccountID string
	// Published is when the standing photo was sent (zero if never).
	Published time.Time
}

// Report is what publishing would do, for the admin to review before
// anything is written.
type Report struct {
	Target Info
	Rows   []Row
	Counts map[Status]int
}

// Matched is everyone found on both sides.
func (r Report) Matched() int {
	return r.Counts[WillChange] + r.Counts[UpToDate] + r.Counts[NoFavorite]
}

// Match pairs Shotdesk's members with the directory's accounts by email
// (case-insensitive; an account's aliases count too) and sorts each into a
// Status, using the standing publishes (by account id) to find who is up
// to date. With team != "" only that team's members are considered, and
// accounts nobody in the team matches are not listed.
func Match(info Info, subjects []Subject, accounts []Account, standing map[string]store.PublishEntry, teamID string) Report {
	byEmail := make(map[string]*Account, len(accounts))
	for i := range accounts {
		a := &accounts[i]
		for _, e := range append([]string{a.Email}, a.Aliases...) {
			if k := domain.NormalizeEmail(e); k != "" {
				if _, taken := byEmail[k]; !taken {
					byEmail[k] = a
				}
			}
		}
	}
	rep := Report{Target: info, Counts: map[Status]int{}}
	used := make(map[string]bool, len(accounts))
	for _, s := range subjects {
		if teamID != "" && s.TeamID != teamID {
			continue
		}
		row := Row{Email: s.Email, Name: s.Name, MemberID: s.MemberID, Team: s.Team, PhotoID: s.PhotoID, PhotoKey: s.PhotoKey}
		a := byEmail[domain.NormalizeEmail(s.Email)]
		switch {
		case a == nil && s.PhotoID == "":
			continue // neither side has anything to do with this person
		case a == nil:
			row.Status = NotInDirectory
		case used[a.ID]:
			continue // two members with one address: the first one wins
		default:
			used[a.ID] = true
			row.AccountID = a.ID
			if row.Name == "" {
				row.Name = a.Name
			}
			last, ok := standing[a.ID]
			if ok {
				row.Published = last.At
			}
			switch {
			case s.PhotoID == "":
				row.Status = NoFavorite
			case ok && last.PhotoKey == s.PhotoKey:
				row.Status = UpToDate
			default:
				row.Status = WillChange
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	if teamID == "" {
		for _, a := range accounts {
			if !used[a.ID] {
				rep.Rows = append(rep.Rows, Row{Status: NotInShotdesk, Email: a.Email, Name: a.Name, AccountID: a.ID})
			}
		}
	}
	order := make(map[Status]int, len(Statuses))
	for i, s := range Statuses {
		order[s] = i
	}
	sort.SliceStable(rep.Rows, func(i, j int) bool {
		a, b := rep.Rows[i], rep.Rows[j]
		if a.Status != b.Status {
			return order[a.Status] < order[b.Status]
		}
		return domain.NormalizeEmail(a.Email) < domain.NormalizeEmail(b.Email)
	})
	for _, r := range rep.Rows {
		rep.Counts[r.Status]++
	}
	return rep
}
