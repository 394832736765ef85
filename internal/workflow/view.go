package workflow

import (
	"strings"

	"github.com/shotdesk/shotdesk/internal/store"
)

// View is what a list of people shows: a status tab (a name StatusFilter
// accepts; "" = everyone), the search box, a team, whether actioned shoots
// are hidden, and the order. The window's Members list and "export this
// view" both turn it into the store query with ViewQuery, so an export
// holds exactly the rows the list shows.
type View struct {
	Status       string
	Search       string
	TeamID       string // a cached team's id; "" = every team
	HideActioned bool
	Sort         string // store.SortName (default), SortLatest or SortActioned
}

// IsEveryone says whether v selects everybody (every team aside): no
// status, no search, nothing hidden.
func (v View) IsEveryone() bool {
	return strings.TrimSpace(v.Status) == "" && strings.TrimSpace(v.Search) == "" && !v.HideActioned
}

// ViewQuery is the store query of a view (without Limit and Offset).
func ViewQuery(v View) (store.PeopleQuery, error) {
	lc, err := StatusFilter(v.Status)
	if err != nil {
		return store.PeopleQuery{}, err
	}
	switch v.Sort {
	case "", store.SortName, store.SortLatest, store.SortActioned:
	default:
		return store.PeopleQuery{}, invalid("There is no sort %q: use name, latest or actioned.", v.Sort)
	}
	return store.PeopleQuery{Lifecycle: lc, Search: strings.TrimSpace(v.Search), TeamID: strings.TrimSpace(v.TeamID),
		HideActioned: v.HideActioned, Sort: v.Sort}, nil
}
