package workflow

import (
	"context"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
)

// Facts are the rules about a person that the screens and the command line
// show or branch on, decided here once: never derived from a display label.
type Facts struct {
	Name      string // the member's name, else the shoot's title
	Status    string // the lifecycle label; an unknown API status as it came
	CSVStatus domain.CSVStatus
	Lifecycle domain.Lifecycle // "" when the API status is unknown
	// ShootFinished: results are ready (with or without a favorite);
	// NoFavorite: ready but none picked; CanAction: the shoot can be
	// marked (or unmarked) as actioned.
	ShootFinished, NoFavorite, CanAction bool
	// RetryUntil is the last day a retry can be given (zero when none
	// can); RetryBlocked says why not, once the shoot finished.
	RetryUntil   time.Time
	RetryBlocked string
}

// FactsOf decides p's facts at now.
func FactsOf(p store.Person, now time.Time) Facts {
	st := p.State()
	f := Facts{Name: p.Name, Status: st.Label(), CSVStatus: domain.CSVStatusOf(st.Lifecycle), Lifecycle: st.Lifecycle}
	if f.Name == "" {
		f.Name = p.ModelTitle
	}
	f.ShootFinished = st.Lifecycle == domain.LifecycleFinished || st.Lifecycle == domain.LifecycleNoFavorite
	f.NoFavorite = st.Lifecycle == domain.LifecycleNoFavorite
	f.CanAction = p.ModelID != "" && f.ShootFinished
	if !p.FinishedAt.IsZero() {
		retry := domain.RetryEligibility(domain.RetryInput{ModelStatus: p.ModelStatus, FinishedAt: p.FinishedAt}, now)
		if retry.Eligible {
			f.RetryUntil = retry.Until
		} else {
			f.RetryBlocked = retry.Reason
		}
	}
	return f
}

// Lists of people: the window's tabs and Headshots sections and the
// command line's --status all name the same filters.
var (
	// statusFilters accepts a lifecycle's label or a dashed spelling
	// ("No favorite", "no-favorite"), case-insensitively.
	statusFilters = map[string]domain.Lifecycle{
		"finished": domain.LifecycleFinished, "no favorite": domain.LifecycleNoFavorite, "no-favorite": domain.LifecycleNoFavorite,
		"nofavorite": domain.LifecycleNoFavorite, "generating": domain.LifecycleGenerating, "joined": domain.LifecycleJoined,
		"invited": domain.LifecycleInvited, "deleted": domain.LifecycleDeleted, "revoked": domain.LifecycleRevoked,
		"actioned": store.FilterActioned, "unknown": store.FilterUnknown,
	}
	// sections are the Headshots page's sections.
	sections = map[string]store.PeopleQuery{
		"finished":   {Lifecycles: []domain.Lifecycle{domain.LifecycleFinished, domain.LifecycleNoFavorite}, HideActioned: true, Sort: store.SortLatest},
		"actioned":   {Lifecycle: store.FilterActioned, Sort: store.SortLatest},
		"inProgress": {Lifecycles: []domain.Lifecycle{domain.LifecycleJoined, domain.LifecycleGenerating}, Sort: store.SortLatest},
		"invited":    {Lifecycle: domain.LifecycleInvited, Sort: store.SortLatest},
		"deleted":    {Lifecycle: domain.LifecycleDeleted, Sort: store.SortLatest},
	}
)

// StatusFilter turns a status name into the list filter ("" = everyone).
func StatusFilter(name string) (domain.Lifecycle, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return "", nil
	}
	if lc, ok := statusFilters[name]; ok {
		return lc, nil
	}
	return "", invalid("There is no status %q: use finished, no-favorite, generating, joined, invited, deleted, revoked, actioned or unknown.", name)
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
