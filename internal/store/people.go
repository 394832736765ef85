package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// Person is one row of the people read model: a member, or an invite not
// yet joined, with their current (latest) shoot.
type Person struct {
	Key             string // normalized email ("member:<id>" for a member without email)
	MemberID        string // empty for an invite not yet joined
	Email           string
	Name            string
	ModelID         string // current shoot; empty when none
	ModelTitle      string
	ModelStatus     domain.ModelStatus
	TeamID          string
	TeamName        string
	InviteStatus    domain.InviteStatus
	MemberStatus    domain.MemberStatus
	HasFavorite     bool
	FavoritePhotoID string
	FinishedAt      time.Time
	JoinedAt        time.Time
	InvitedAt       time.Time
	Lifecycle       domain.Lifecycle // "" when an unknown status decided nothing
	UnknownStatus   string           // domain.State.Unknown
	Actioned        bool             // local marker of the current shoot
	ActionedAt      time.Time
	ShootCount      int
}

// State is the lifecycle as domain.State (Label() gives the UI text).
func (p Person) State() domain.State {
	return domain.State{Lifecycle: p.Lifecycle, Unknown: p.UnknownStatus}
}

// Stage is where inside the lifecycle the current shoot is (domain.StageOf).
func (p Person) Stage() domain.Stage {
	return domain.StageOf(p.Lifecycle, p.ModelStatus, p.InviteStatus)
}

// FinishedLifecycles are the lifecycles of a finished shoot (results
// ready): the one definition of "Finished" for every count and list.
var FinishedLifecycles = []domain.Lifecycle{domain.LifecycleFinished, domain.LifecycleNoFavorite}

// JoinedLifecycles are the lifecycles of a person who joined and whose
// shoot is not finished (the CSV's Joined, the "In Progress" section).
var JoinedLifecycles = []domain.Lifecycle{domain.LifecycleJoined, domain.LifecycleGenerating}

// Special values of PeopleQuery.Lifecycle besides the domain lifecycles.
const (
	// FilterActioned selects people whose current shoot is marked
	// actioned, whatever its lifecycle now.
	FilterActioned domain.Lifecycle = "Actioned"
	// FilterActionedFinished selects finished shoots marked actioned: the
	// Actioned section below the Finished one, Counts.Actioned. A mark on
	// a shoot that was deleted or retried since is not counted.
	FilterActionedFinished domain.Lifecycle = "actioned finished shoots"
	// FilterUnknown selects people whose lifecycle could not be derived
	// because of a status this build does not know.
	FilterUnknown domain.Lifecycle = "Unknown"
	// FilterFinished selects finished shoots, favorite or not
	// (FinishedLifecycles): Counts.Finished.
	FilterFinished domain.Lifecycle = "finished shoots"
	// FilterJoined selects people who joined and whose shoot is not
	// finished (JoinedLifecycles): Counts.InProgress.
	FilterJoined domain.Lifecycle = "joined, not finished"
	// FilterFailed selects shoots whose generation failed (HeadshotPro
	// restarts them): Counts.Failed.
	FilterFailed domain.Lifecycle = "failed shoots"
)

// Sort orders of PeopleQuery.
const (
	// SortName is "Name A–Z", which sorts by email exactly as the
	// HeadshotPro dashboard's "Name A–Z" does, despite its label (its
	// team-lead help page on managing members says so).
	SortName = "name"
	// SortLatest is newest first by joined/invited time.
	SortLatest = "latest"
	// SortActioned is "Actioned last": people not actioned first (by
	// email), then actioned ones by when they were actioned, the most
	// recently actioned at the very end.
	SortActioned = "actioned"
)

// PeopleQuery filters and pages the people list.
type PeopleQuery struct {
	Search string // name, email or shoot title; case-insensitive substring
	// Lifecycle is a domain lifecycle, FilterActioned, FilterUnknown, or ""
	// for everybody except revoked invites (they leave the main lists).
	Lifecycle domain.Lifecycle
	// Lifecycles, when set and Lifecycle is "", selects any of these (the
	// Headshots page's buckets: Finished + No favorite, Joined + Generating).
	Lifecycles   []domain.Lifecycle
	HideActioned bool   // drop actioned people (Finished grid vs. Actioned list)
	TeamID       string // "" = all teams
	Sort         string // SortName (default), SortLatest, SortActioned
	Limit        int    // <= 0: no limit
	Offset       int
	// After, with SortName, starts the page after the person with this
	// key (keyset paging, for reading a long list page by page): unlike
	// Offset it does not step over the rows before it again. Total still
	// counts every match.
	After string
}

// PeoplePage is one page plus the total matching the filter.
type PeoplePage struct {
	Items []Person
	Total int
}

const personSelect = `SELECT p.person_key, p.member_id, p.email, p.name, p.model_id, p.model_title,
    p.model_status, p.team_id, p.team_name, p.invite_status, p.member_status, p.has_favorite,
    p.favorite_photo, p.finished_at, p.joined_at, p.invited_at, p.lifecycle, p.unknown_status,
    p.shoot_count, coalesce(m.actioned, 0), coalesce(m.actioned_at, 0)
FROM people p LEFT JOIN local_markers m ON m.model_id = p.model_id AND p.model_id <> ''`

func scanPerson(sc interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var modelStatus, inviteStatus, memberStatus, lifecycle string
	var hasFav, actioned int64
	var finished, joined, invited, actionedAt int64
	err := sc.Scan(&p.Key, &p.MemberID, &p.Email, &p.Name, &p.ModelID, &p.ModelTitle, &modelStatus,
		&p.TeamID, &p.TeamName, &inviteStatus, &memberStatus, &hasFav, &p.FavoritePhotoID,
		&finished, &joined, &invited, &lifecycle, &p.UnknownStatus, &p.ShootCount, &actioned, &actionedAt)
	if err != nil {
		return Person{}, err
	}
	p.ModelStatus, p.InviteStatus = domain.ModelStatus(modelStatus), domain.InviteStatus(inviteStatus)
	p.MemberStatus, p.Lifecycle = domain.MemberStatus(memberStatus), domain.Lifecycle(lifecycle)
	p.HasFavorite, p.Actioned = hasFav == 1, actioned == 1
	p.FinishedAt, p.JoinedAt, p.InvitedAt = fromMS(finished), fromMS(joined), fromMS(invited)
	if p.Actioned {
		p.ActionedAt = fromMS(actionedAt)
	}
	return p, nil
}

// exportSelect and scanExportPerson are personSelect and scanPerson cut to
// the fields the status CSV reads (see exportFields).
const exportSelect = `SELECT p.email, p.model_id, p.model_title, p.model_status, p.team_name,
    p.invite_status, p.has_favorite, p.finished_at, p.lifecycle, p.unknown_status,
    coalesce(m.actioned, 0), coalesce(m.actioned_at, 0)
FROM people p LEFT JOIN local_markers m ON m.model_id = p.model_id AND p.model_id <> ''`

func scanExportPerson(sc interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var modelStatus, inviteStatus, lifecycle string
	var hasFav, actioned, finished, actionedAt int64
	err := sc.Scan(&p.Email, &p.ModelID, &p.ModelTitle, &modelStatus, &p.TeamName,
		&inviteStatus, &hasFav, &finished, &lifecycle, &p.UnknownStatus, &actioned, &actionedAt)
	if err != nil {
		return Person{}, err
	}
	p.ModelStatus, p.InviteStatus, p.Lifecycle = domain.ModelStatus(modelStatus), domain.InviteStatus(inviteStatus), domain.Lifecycle(lifecycle)
	p.HasFavorite, p.Actioned = hasFav == 1, actioned == 1
	p.FinishedAt = fromMS(finished)
	if p.Actioned {
		p.ActionedAt = fromMS(actionedAt)
	}
	return p, nil
}

// likeEscape makes user text literal inside a LIKE pattern.
var likeEscape = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// People lists people matching q. Search is a LIKE over a lower-cased
// search_text column: a full scan of 10,000 short rows takes a few
// milliseconds (see BenchmarkPeopleSearch), which avoids needing the
// sqlite_fts5 build tag.
func (s *Store) People(ctx context.Context, q PeopleQuery) (PeoplePage, error) {
	return s.people(ctx, q, personSelect, scanPerson)
}

// exportFields is the list ExportPeople fills in; the others stay zero:
// Email, ModelID, ModelTitle, ModelStatus, TeamName, InviteStatus,
// HasFavorite, FinishedAt, Lifecycle, UnknownStatus, Actioned and
// ActionedAt. A 100,000-person export then fetches 12 columns a row instead
// of 21 (each text column is one more allocation per row).

func (s *Store) people(ctx context.Context, q PeopleQuery, selectFrom string,
	scan func(interface{ Scan(...any) error }) (Person, error)) (PeoplePage, error) {
	pq, err := peopleSQL(q)
	if err != nil {
		return PeoplePage{}, err
	}
	// One read transaction so the page and the total see the same data.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return PeoplePage{}, wrap("people", err)
	}
	defer tx.Rollback()
	var page PeoplePage
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+pq.countFrom+pq.cond, pq.args...).Scan(&page.Total); err != nil {
		return PeoplePage{}, wrap("people: count", err)
	}
	rows, err := tx.QueryContext(ctx, selectFrom+pq.pageCond+pq.order+" LIMIT ? OFFSET ?", append(slices.Clip(pq.pageArgs), pq.limit, max(q.Offset, 0))...)
	if err != nil {
		return PeoplePage{}, wrap("people", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return PeoplePage{}, wrap("people", err)
		}
		page.Items = append(page.Items, p)
	}
	if err := rows.Err(); err != nil {
		return PeoplePage{}, wrap("people", err)
	}
	return page, nil
}

// ExportPeople streams the people matching q with the fields a status CSV
// reads (see exportFields), in q's order, from one read transaction: the
// whole export sees one state of the cache even while a sync commits
// beside it (WAL readers keep their snapshot), so it needs no pages, no
// count and no check that nothing changed in between, and holds one row at
// a time. q.Limit and q.Offset are honoured when set.
//
// The transaction stays open until the loop ends; a consumer that is slow
// for minutes only delays the WAL's checkpoint, it blocks no writer.
func (s *Store) ExportPeople(ctx context.Context, q PeopleQuery) iter.Seq2[*Person, error] {
	return func(yield func(*Person, error) bool) {
		pq, err := peopleSQL(q)
		if err != nil {
			yield(nil, err)
			return
		}
		tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			yield(nil, wrap("export people", err))
			return
		}
		defer tx.Rollback()
		rows, err := tx.QueryContext(ctx, exportSelect+pq.pageCond+pq.order+" LIMIT ? OFFSET ?", append(slices.Clip(pq.pageArgs), pq.limit, max(q.Offset, 0))...)
		if err != nil {
			yield(nil, wrap("export people", err))
			return
		}
		defer rows.Close()
		var p Person // reused: the consumer copies what it keeps
		for rows.Next() {
			if p, err = scanExportPerson(rows); err != nil {
				yield(nil, wrap("export people", err))
				return
			}
			if !yield(&p, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, wrap("export people", err))
		}
	}
}

// peopleQuery is the SQL a PeopleQuery becomes: cond and args select the
// people (for the count), pageCond and pageArgs add the keyset start.
type peopleQuery struct {
	cond, pageCond, order, countFrom string
	args, pageArgs                   []any
	limit                            int
}

func peopleSQL(q PeopleQuery) (peopleQuery, error) {
	var where []string
	var args []any
	switch q.Lifecycle {
	case "":
		if len(q.Lifecycles) > 0 {
			where = append(where, "p.lifecycle IN (?"+strings.Repeat(", ?", len(q.Lifecycles)-1)+")")
			for _, l := range q.Lifecycles {
				args = append(args, string(l))
			}
			break
		}
		where = append(where, "p.lifecycle <> ?")
		args = append(args, string(domain.LifecycleRevoked))
	case FilterActioned:
		where = append(where, "m.actioned = 1")
	case FilterActionedFinished:
		where = append(where, "m.actioned = 1", finishedCond)
	case FilterFinished:
		where = append(where, finishedCond)
	case FilterJoined:
		where = append(where, joinedCond)
	case FilterFailed:
		where = append(where, failedCond)
	case FilterUnknown:
		where = append(where, "p.lifecycle = ''")
	default:
		where = append(where, "p.lifecycle = ?")
		args = append(args, string(q.Lifecycle))
	}
	if q.HideActioned {
		where = append(where, "coalesce(m.actioned, 0) = 0")
	}
	if q.TeamID != "" {
		where = append(where, "p.team_id = ?")
		args = append(args, q.TeamID)
	}
	if term := strings.ToLower(strings.TrimSpace(q.Search)); term != "" {
		where = append(where, `p.search_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape.Replace(term)+"%")
	}
	pq := peopleQuery{cond: " WHERE " + strings.Join(where, " AND "), args: args, order: " ORDER BY p.person_key", limit: q.Limit}
	switch q.Sort {
	case "", SortName:
	case SortLatest:
		pq.order = " ORDER BY p.latest_at DESC, p.person_key"
	case SortActioned:
		pq.order = " ORDER BY coalesce(m.actioned, 0), coalesce(m.actioned_at, 0), p.person_key"
	default:
		return peopleQuery{}, fmt.Errorf("store: people: unknown sort %q", q.Sort)
	}
	if pq.limit <= 0 {
		pq.limit = -1
	}
	pq.pageCond, pq.pageArgs = pq.cond, pq.args
	if q.After != "" {
		if q.Sort != "" && q.Sort != SortName {
			return peopleQuery{}, fmt.Errorf("store: people: After needs sort %q, not %q", SortName, q.Sort)
		}
		pq.pageCond += " AND p.person_key > ?"
		pq.pageArgs = append(slices.Clip(args), q.After)
	}
	// local_markers is keyed by model id, so the LEFT JOIN never adds rows:
	// unless the filter looks at the markers, the count leaves it out and
	// is an index scan instead of a lookup per person.
	pq.countFrom = "people p"
	if q.HideActioned || q.Lifecycle == FilterActioned || q.Lifecycle == FilterActionedFinished {
		pq.countFrom = "people p LEFT JOIN local_markers m ON m.model_id = p.model_id AND p.model_id <> ''"
	}
	return pq, nil
}

// Person finds one person by key, email (any case) or member id.
func (s *Store) Person(ctx context.Context, keyOrEmailOrMemberID string) (Person, error) {
	k := strings.TrimSpace(keyOrEmailOrMemberID)
	if k == "" {
		return Person{}, fmt.Errorf("store: person: empty key: %w", ErrNotFound)
	}
	row := s.r.QueryRowContext(ctx, personSelect+
		" WHERE p.person_key = ? OR p.member_id = ? ORDER BY p.person_key = ? DESC LIMIT 1",
		domain.NormalizeEmail(k), k, domain.NormalizeEmail(k))
	p, err := scanPerson(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, fmt.Errorf("store: person %q: %w", k, ErrNotFound)
	}
	if err != nil {
		return Person{}, wrap("person", err)
	}
	return p, nil
}

// finishedCond, joinedCond and failedCond are the SQL of a finished shoot
// (FinishedLifecycles), a joined person whose shoot is not finished
// (JoinedLifecycles) and a failed shoot (domain.StageFailed), shared by the
// lists and the counts so a tab and its list never disagree.
var (
	finishedCond = lifecycleIn(FinishedLifecycles)
	joinedCond   = lifecycleIn(JoinedLifecycles)
	failedCond   = "(p.lifecycle = '" + string(domain.LifecycleGenerating) + "' AND p.model_status = '" + string(domain.ModelFailed) + "')"
)

// lifecycleIn is "p.lifecycle IN (…)" over our own constants.
func lifecycleIn(ls []domain.Lifecycle) string {
	q := make([]string, len(ls))
	for i, l := range ls {
		q[i] = "'" + string(l) + "'"
	}
	return "p.lifecycle IN (" + strings.Join(q, ", ") + ")"
}

// Counts are the stat tiles and tab badges for a team ("" = whole org).
// Each is defined once here and matches the list of the same name:
// Finished is the Finished tab and the Finished section plus the Actioned
// section; Joined (InProgress) is the In Progress section.
type Counts struct {
	ByLifecycle map[domain.Lifecycle]int // Revoked included, for completeness
	Unknown     int                      // lifecycle undecidable (unknown status)
	Total       int                      // members plus pending invites: everybody except revoked
	Finished    int                      // shoots done: Finished + No favorite (FinishedLifecycles)
	NoFavorite  int                      // of Finished: no favorite picked
	// Actioned: of Finished, marked actioned (FilterActionedFinished, the
	// Actioned section); ToReview = Finished − Actioned (the Finished
	// section's cards).
	Actioned, ToReview int
	InProgress         int // joined, not done: Joined + Generating (JoinedLifecycles)
	Failed             int // of InProgress: the shoot failed and HeadshotPro restarts it
	PendingInvites     int // Invited
	Deleted            int // the current shoot was deleted
	Credits            float64
}

// Counts computes Counts in one read transaction.
func (s *Store) Counts(ctx context.Context, teamID string) (Counts, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Counts{}, wrap("counts", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT p.lifecycle, count(*),
		coalesce(sum(m.actioned = 1 AND `+finishedCond+`), 0), coalesce(sum(`+failedCond+`), 0)
		FROM people p LEFT JOIN local_markers m ON m.model_id = p.model_id AND p.model_id <> ''
		WHERE ? = '' OR p.team_id = ? GROUP BY p.lifecycle`, teamID, teamID)
	if err != nil {
		return Counts{}, wrap("counts", err)
	}
	defer rows.Close()
	c := Counts{ByLifecycle: map[domain.Lifecycle]int{}}
	for rows.Next() {
		var l string
		var n, actioned, failed int
		if err := rows.Scan(&l, &n, &actioned, &failed); err != nil {
			return Counts{}, wrap("counts", err)
		}
		lc := domain.Lifecycle(l)
		if lc == "" {
			c.Unknown += n
		} else {
			c.ByLifecycle[lc] = n
		}
		if lc != domain.LifecycleRevoked {
			c.Total += n
			c.Actioned += actioned
			c.Failed += failed
		}
	}
	if err := rows.Err(); err != nil {
		return Counts{}, wrap("counts", err)
	}
	for _, lc := range FinishedLifecycles {
		c.Finished += c.ByLifecycle[lc]
	}
	for _, lc := range JoinedLifecycles {
		c.InProgress += c.ByLifecycle[lc]
	}
	c.NoFavorite = c.ByLifecycle[domain.LifecycleNoFavorite]
	c.ToReview = c.Finished - c.Actioned
	c.PendingInvites = c.ByLifecycle[domain.LifecycleInvited]
	c.Deleted = c.ByLifecycle[domain.LifecycleDeleted]
	err = tx.QueryRowContext(ctx, "SELECT credits FROM organization WHERE id = 1").Scan(&c.Credits)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Counts{}, wrap("counts: credits", err)
	}
	return c, nil
}

// AutoDeleteEvidence counts the shoots that finished before the given time
// and are still active, and those that are deleted: whether the
// organization's 30-day auto-delete is on shows in them
// (domain.InferAutoDelete). Development (test) shoots are left out.
func (s *Store) AutoDeleteEvidence(ctx context.Context, finishedBefore time.Time) (active, deleted int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT coalesce(sum(status = ?), 0), coalesce(sum(status = ?), 0)
		FROM models WHERE finished_at > 0 AND finished_at < ? AND is_development = 0`,
		string(domain.ModelActive), string(domain.ModelDeleted), toMS(finishedBefore)).Scan(&active, &deleted)
	return active, deleted, wrap("auto-delete evidence", err)
}

// Organization returns the cached org with its teams and credits (zero
// value before the first sync).
func (s *Store) Organization(ctx context.Context) (domain.Organization, error) {
	var o domain.Organization
	err := s.r.QueryRowContext(ctx, "SELECT uid, name, website, credits FROM organization WHERE id = 1").
		Scan(&o.UID, &o.Name, &o.Website, &o.Credits)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return o, wrap("organization", err)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT id, name FROM teams ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return o, wrap("teams", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t domain.Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return o, wrap("teams", err)
		}
		o.Teams = append(o.Teams, t)
	}
	return o, wrap("teams", rows.Err())
}
