package workflow

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
)

// Facts are the rules about a person that the screens and the command line
// show or branch on, decided here once: never derived from a display label.
type Facts struct {
	Name string // the member's name, else the shoot's title
	// Status is what a badge says: the stage ("Training", "Failed,
	// restarting", "Uploading photos"), an unknown API status as it came.
	Status    string
	CSVStatus domain.CSVStatus
	Lifecycle domain.Lifecycle // "" when the API status is unknown
	// Stage is the stage key ("" when unknown); StageDetail says in one
	// sentence what it means for the admin.
	Stage       domain.Stage
	StageDetail string
	// ShootFinished: results are ready (with or without a favorite);
	// NoFavorite: ready but none picked; CanAction: the shoot can be
	// marked (or unmarked) as actioned; ShootDeleted: the current shoot
	// was deleted on HeadshotPro.
	ShootFinished, NoFavorite, CanAction, ShootDeleted bool
	// RetryUntil is the last day a retry can be given (zero when none
	// can); RetryClosing: that is within a week. RetryBlocked says why
	// not, once the shoot finished (never for a deleted shoot: see
	// CanRestart).
	RetryUntil   time.Time
	RetryClosing bool
	RetryBlocked string
	// CanRestart: the shoot was deleted and the person is a member, so
	// HeadshotPro's Restart shoot (managed members) may apply; it lives on
	// the member's HeadshotPro page.
	CanRestart bool
	// Results is how long the results stay on HeadshotPro (the
	// organization's 30-day auto-delete); ResultsNote says it in words
	// ("" when there is nothing to say).
	Results     domain.Results
	ResultsNote string
}

// Rules are what FactsOf needs beyond the person: the time, and what the
// offline copy shows about the organization's 30-day auto-delete.
type Rules struct {
	Now        time.Time
	AutoDelete domain.AutoDelete
}

// Rules reads the organization-wide inputs of the facts from the offline
// copy, at the desk's clock.
func (d *Desk) Rules(ctx context.Context) (Rules, error) {
	r := Rules{Now: d.now()}
	active, deleted, err := d.Store.AutoDeleteEvidence(ctx, domain.AutoDeleteEvidenceBefore(r.Now))
	if err != nil {
		return r, Explain(err, "Reading the offline copy failed")
	}
	r.AutoDelete = domain.InferAutoDelete(active, deleted)
	return r, nil
}

// FactsOf decides p's facts at now, without knowing whether the
// organization auto-deletes results (Rules.Facts does).
func FactsOf(p store.Person, now time.Time) Facts {
	return Rules{Now: now}.Facts(p)
}

// Facts decides p's facts.
func (r Rules) Facts(p store.Person) Facts {
	st := p.State()
	stage := p.Stage()
	f := Facts{Name: p.Name, Status: st.Label(), CSVStatus: domain.CSVStatusFor(st.Lifecycle, p.FinishedAt),
		Lifecycle: st.Lifecycle, Stage: stage, StageDetail: stage.Detail()}
	if l := stage.Label(); l != "" {
		f.Status = l
	}
	if f.StageDetail == "" && st.Unknown != "" {
		f.StageDetail = "HeadshotPro reports the status “" + st.Unknown + "”, which this version of Shotdesk does not know."
	}
	if f.Name == "" {
		f.Name = p.ModelTitle
	}
	f.ShootFinished = st.Lifecycle == domain.LifecycleFinished || st.Lifecycle == domain.LifecycleNoFavorite
	f.NoFavorite = st.Lifecycle == domain.LifecycleNoFavorite
	f.ShootDeleted = st.Lifecycle == domain.LifecycleDeleted
	f.CanAction = p.ModelID != "" && f.ShootFinished
	f.CanRestart = f.ShootDeleted && p.MemberID != ""
	if f.ShootFinished && !p.FinishedAt.IsZero() {
		retry := domain.RetryEligibility(domain.RetryInput{ModelStatus: p.ModelStatus, FinishedAt: p.FinishedAt}, r.Now)
		if retry.Eligible {
			f.RetryUntil, f.RetryClosing = retry.Until, retry.Closing
		} else {
			f.RetryBlocked = retry.Reason
		}
	}
	f.Results = domain.ResultsOf(p.ModelStatus, p.FinishedAt, r.AutoDelete, r.Now)
	f.ResultsNote = resultsNote(f, p.FinishedAt, r)
	return f
}

// resultsNote puts the 30-day auto-delete of one shoot into words.
func resultsNote(f Facts, finishedAt time.Time, r Rules) string {
	res := f.Results
	switch {
	case finishedAt.IsZero() || !(f.ShootFinished || f.ShootDeleted):
		return ""
	case res.Kept && f.ShootFinished && r.Now.Sub(finishedAt) > domain.AutoDeleteAfter:
		return fmt.Sprintf("Finished %s; HeadshotPro still has the results, so this organization keeps them past 30 days.", daysAgo(finishedAt, r.Now))
	case res.Kept:
		return ""
	case f.ShootDeleted && res.Certain && !r.Now.Before(res.DeleteOn):
		return fmt.Sprintf("Deleted on HeadshotPro: it finished %s, and this organization deletes results 30 days after a shoot (the setting “Delete all user data after 30 days”).", daysAgo(finishedAt, r.Now))
	case f.ShootDeleted:
		return ""
	case res.Certain && !r.Now.Before(res.DeleteOn):
		return fmt.Sprintf("Due to be deleted on HeadshotPro: it finished %s and this organization deletes results after 30 days. Download what you need now.", daysAgo(finishedAt, r.Now))
	case res.Certain:
		return fmt.Sprintf("HeadshotPro deletes these results on %s (%s): this organization deletes results 30 days after a shoot.", day(res.DeleteOn), inDays(res.DeleteOn, r.Now))
	default:
		return fmt.Sprintf("If your organization has HeadshotPro’s “Delete all user data after 30 days” on, these results are deleted on %s (%s).", day(res.DeleteOn), inDays(res.DeleteOn, r.Now))
	}
}

// day is a date as the screens write it: "5 Nov 2026".
func day(t time.Time) string { return t.Local().Format("2 Jan 2006") }

// daysAgo is "88 days ago", "yesterday" or "today".
func daysAgo(t, now time.Time) string {
	switch n := int(now.Sub(t).Hours() / 24); {
	case n <= 0:
		return "today"
	case n == 1:
		return "yesterday"
	default:
		return fmt.Sprintf("%d days ago", n)
	}
}

// inDays is "in 5 days", "tomorrow" or "today".
func inDays(t, now time.Time) string {
	switch n := int(math.Ceil(t.Sub(now).Hours() / 24)); {
	case n <= 0:
		return "today"
	case n == 1:
		return "tomorrow"
	default:
		return fmt.Sprintf("in %d days", n)
	}
}

// Lists of people: the window's tabs and Headshots sections and the
// command line's --status all name the same filters, and every count is
// the total of the list of the same name (store.Counts).
var (
	// statusFilters accepts a filter's name, a lifecycle's label or a
	// dashed spelling ("No favorite", "no-favorite"), case-insensitively.
	// "finished" is a finished shoot with a favorite picked (the Finished
	// badge); "finished-shoots" is every finished shoot, favorite or not.
	// "joined" is everybody who joined and has not finished, as the CSV's
	// Joined; "no-photos" and "generating" are its two halves.
	statusFilters = map[string]domain.Lifecycle{
		"finished": domain.LifecycleFinished, "favorite": domain.LifecycleFinished,
		"no favorite": domain.LifecycleNoFavorite, "no-favorite": domain.LifecycleNoFavorite, "nofavorite": domain.LifecycleNoFavorite,
		"finished-shoots": store.FilterFinished, "finished shoots": store.FilterFinished,
		"joined": store.FilterJoined, "no-photos": domain.LifecycleJoined, "generating": domain.LifecycleGenerating,
		"failed": store.FilterFailed, "invited": domain.LifecycleInvited, "deleted": domain.LifecycleDeleted,
		"revoked": domain.LifecycleRevoked, "actioned": store.FilterActionedFinished, "unknown": store.FilterUnknown,
	}
	// sections are the Headshots page's sections.
	sections = map[string]store.PeopleQuery{
		"finished":   {Lifecycles: store.FinishedLifecycles, HideActioned: true, Sort: store.SortLatest},
		"actioned":   {Lifecycle: store.FilterActionedFinished, Sort: store.SortLatest},
		"inProgress": {Lifecycles: store.JoinedLifecycles, Sort: store.SortLatest},
		"invited":    {Lifecycle: domain.LifecycleInvited, Sort: store.SortLatest},
		"deleted":    {Lifecycle: domain.LifecycleDeleted, Sort: store.SortLatest},
	}
)

// Tab is one filter tab and its count. ID is the name StatusFilter takes
// ("" = everyone) or, on the Headshots page, the sections' group; Of names
// the tab (or group) this one is a part of ("" when it stands alone); Hint
// says what is counted, and how it adds up with the others.
type Tab struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Count int    `json:"count"`
	Of    string `json:"of"`
	Hint  string `json:"hint"`
}

// MemberTabs are the Members list's tabs: the CSV's groups (finished shoots
// split by favorite, joined, invited) and Deleted, with the parts worth a
// list of their own. A part with nobody in it is left out.
func MemberTabs(c store.Counts) []Tab {
	fin := fmt.Sprintf("%d finished shoots", c.Finished)
	return keep([]Tab{
		{ID: "", Label: "All", Count: c.Total, Hint: "Everybody: members and pending invites."},
		{ID: "finished", Label: "Finished, favorite picked", Count: c.Finished - c.NoFavorite, Of: "finished-shoots",
			Hint: fmt.Sprintf("Results ready and a favorite picked. With No favorite: the %s of the Headshots page.", fin)},
		{ID: "no-favorite", Label: "No favorite", Count: c.NoFavorite, Of: "finished-shoots",
			Hint: fmt.Sprintf("Results ready, no favorite picked yet. With Finished, favorite picked: the %s.", fin)},
		{ID: "actioned", Label: "Actioned", Count: c.Actioned, Of: "finished-shoots",
			Hint: fmt.Sprintf("Finished shoots marked as actioned (of the %s).", fin)},
		{ID: "joined", Label: "Joined", Count: c.InProgress,
			Hint: "Joined, photo shoot not finished: not started, uploading, queued, training, generating or failed (the CSV's Joined)."},
		{ID: "failed", Label: "Failed", Count: c.Failed, Of: "joined",
			Hint: "Of Joined: generation failed and HeadshotPro restarts it by itself."},
		{ID: "invited", Label: "Invited", Count: c.PendingInvites, Hint: "Invited, not signed up yet."},
		{ID: "deleted", Label: "Deleted", Count: c.Deleted, Hint: "The photo shoot was deleted on HeadshotPro."},
		{ID: "unknown", Label: "Other", Count: c.Unknown, Hint: "A status this version of Shotdesk does not know."},
	})
}

// HeadshotTabs are the Headshots page's tabs; each shows the sections of
// its name (Finished: the Finished section and the Actioned one below it).
func HeadshotTabs(c store.Counts) []Tab {
	return keep([]Tab{
		{ID: "all", Label: "All", Count: c.Total, Hint: "Everybody: members and pending invites."},
		{ID: "finished", Label: "Finished", Count: c.Finished,
			Hint: fmt.Sprintf("Finished photo shoots, favorite or not: %d to review and %d actioned.", c.ToReview, c.Actioned)},
		{ID: "joined", Label: "Joined", Count: c.InProgress, Hint: "Joined, photo shoot not finished (In Progress)."},
		{ID: "invited", Label: "Invited", Count: c.PendingInvites, Hint: "Invited, not signed up yet."},
		{ID: "deleted", Label: "Deleted", Count: c.Deleted, Hint: "The photo shoot was deleted on HeadshotPro."},
		{ID: "actioned", Label: "Actioned", Count: c.Actioned, Of: "finished", Hint: "Finished shoots marked as actioned."},
	})
}

// keep drops the empty parts and the empty "Other"; top-level tabs stay
// (an empty tab says "nobody" as well as a missing one).
func keep(tabs []Tab) []Tab {
	out := tabs[:0]
	for _, t := range tabs {
		if t.Count == 0 && (t.Of != "" || t.ID == "unknown") {
			continue
		}
		out = append(out, t)
	}
	return out
}

// StatusFilter turns a status name into the list filter ("" = everyone).
func StatusFilter(name string) (domain.Lifecycle, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return "", nil
	}
	if lc, ok := statusFilters[name]; ok {
		return lc, nil
	}
	return "", invalid("There is no status %q: use finished, no-favorite, finished-shoots, joined, no-photos, generating, failed, invited, deleted, revoked, actioned or unknown.", name)
}

// SectionQuery is the query of a Headshots section ("finished",
// "actioned", "inProgress", "invited", "deleted").
func SectionQuery(name string) (store.PeopleQuery, error) {
	if q, ok := sections[name]; ok {
		return q, nil
	}
	return store.PeopleQuery{}, invalid("There is no section %q.", name)
}

// MaxPage bounds one page of people; the window pages through more.
const MaxPage = 1000

// People lists one page of people from the offline copy (it works on a
// plane). q's Sort must be one of the store's sorts; a Limit out of range
// is MaxPage.
func (d *Desk) People(ctx context.Context, q store.PeopleQuery) (store.PeoplePage, error) {
	switch q.Sort {
	case "", store.SortName, store.SortLatest, store.SortActioned:
	default:
		return store.PeoplePage{}, invalid("There is no sort %q: use name, latest or actioned.", q.Sort)
	}
	if q.Offset < 0 {
		return store.PeoplePage{}, invalid("The offset must not be negative.")
	}
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	q.Search = strings.TrimSpace(q.Search)
	page, err := d.Store.People(ctx, q)
	if err != nil {
		return page, Explain(err, "Listing people failed")
	}
	return page, nil
}
