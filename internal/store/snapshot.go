package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// PhotoRecord is a photo's metadata plus the last signed URLs the API gave
// for it. The URLs are bearer secrets until URLExpiresAt: they are kept so
// images can be prefetched and must never be sent to the webview.
type PhotoRecord struct {
	domain.Photo
	URLMain, URLThumb, URLOriginal string
	URLExpiresAt                   time.Time
}

// Snapshot is one complete pull of the organization. ApplySnapshot makes
// it the cache's server-owned state.
type Snapshot struct {
	// Org carries uid, name and website. Org.Teams and Org.Credits are
	// ignored: Teams and Credits below are authoritative.
	Org     domain.Organization
	Teams   []domain.Team
	Credits float64
	Invites []domain.Invite
	Members []domain.Member
	Models  []domain.Model
	// Photos are upserted. Photos of models absent from Models go with
	// their model. Other cached photos missing here are kept unless
	// PhotosComplete is set: a sync usually fetches the org favorites, not
	// every photo of every shoot, and must not forget photos fetched on
	// demand (see ReplacePhotos).
	Photos         []PhotoRecord
	PhotosComplete bool
	// Favorites maps model id → favorite photo id (complete: a model
	// missing here has no favorite).
	Favorites map[string]string
	// TakenAt is when the pull started; recorded as the last full sync.
	// Zero means now.
	TakenAt time.Time
}

// ApplyStats says what an ApplySnapshot did.
type ApplyStats struct {
	Teams, Invites, Members, Models, Photos, Favorites, People int // rows in the snapshot after cleaning
	Changed                                                    int // rows inserted or updated (all tables)
	Deleted                                                    int // rows removed because the server no longer has them
	Skipped                                                    int // snapshot rows dropped: no id, duplicate id, or unknown model
	Duration                                                   time.Duration
}

// cleanSnapshot is a Snapshot with duplicates and dangling references
// removed, ready to write.
type cleanSnapshot struct {
	Snapshot
	teams     []domain.Team
	invites   []domain.Invite
	members   []domain.Member
	models    []domain.Model
	photos    []PhotoRecord
	favorites map[string]string
	skipped   int
}

// clean de-duplicates by server id (last occurrence wins, as a later page
// is newer) and drops rows that cannot be stored: no id, or photos and
// favorites of models the snapshot does not contain.
func clean(s *Snapshot) *cleanSnapshot {
	c := &cleanSnapshot{Snapshot: *s}
	c.teams, c.skipped = dedupe(s.Teams, func(t *domain.Team) string { return t.ID }, c.skipped)
	c.invites, c.skipped = dedupeInvites(s.Invites, c.skipped)
	c.members, c.skipped = dedupe(s.Members, func(m *domain.Member) string { return m.ID }, c.skipped)
	c.models, c.skipped = dedupe(s.Models, func(m *domain.Model) string { return m.ID }, c.skipped)
	known := make(map[string]bool, len(c.models))
	for _, m := range c.models {
		known[m.ID] = true
	}
	c.photos, c.skipped = dedupe(s.Photos, func(p *PhotoRecord) string {
		if !known[p.ModelID] {
			return ""
		}
		return p.ID
	}, c.skipped)
	c.favorites = make(map[string]string, len(s.Favorites))
	for model, photo := range s.Favorites {
		if !known[model] || photo == "" {
			c.skipped++
			continue
		}
		c.favorites[model] = photo
	}
	return c
}

// dedupeInvites keeps one invite per email: a live one over a revoked one
// (an address invited again after a revoke, or an invite sent again, has
// both on the server), else the newest, else the later occurrence.
func dedupeInvites(in []domain.Invite, skipped int) ([]domain.Invite, int) {
	if allKeyed(in, func(v *domain.Invite) string { return domain.NormalizeEmail(v.Email) }) {
		return in, skipped
	}
	idx := make(map[string]int, len(in))
	out := make([]domain.Invite, 0, len(in))
	for _, v := range in {
		k := domain.NormalizeEmail(v.Email)
		if k == "" {
			skipped++
			continue
		}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, v)
			continue
		}
		skipped++
		old := out[i]
		oldRevoked, newRevoked := old.Status == domain.InviteRevoked, v.Status == domain.InviteRevoked
		if oldRevoked != newRevoked {
			if oldRevoked {
				out[i] = v
			}
			continue
		}
		if !v.CreatedAt.Before(old.CreatedAt) {
			out[i] = v
		}
	}
	return out, skipped
}

// allKeyed reports whether every item has a key and no key repeats: then
// cleaning has nothing to drop and the list is used as it is (the usual
// case; a copy of 10,000 rows is not free).
func allKeyed[T any](in []T, key func(*T) string) bool {
	seen := make(map[string]struct{}, len(in))
	for i := range in {
		k := key(&in[i])
		if _, dup := seen[k]; dup || k == "" {
			return false
		}
		seen[k] = struct{}{}
	}
	return true
}

func dedupe[T any](in []T, key func(*T) string, skipped int) ([]T, int) {
	if allKeyed(in, key) {
		return in, skipped
	}
	idx := make(map[string]int, len(in))
	out := make([]T, 0, len(in))
	for _, v := range in {
		k := key(&v)
		if k == "" {
			skipped++
			continue
		}
		if i, ok := idx[k]; ok {
			out[i] = v
			skipped++
			continue
		}
		idx[k] = len(out)
		out = append(out, v)
	}
	return out, skipped
}

// ApplySnapshot replaces the server-owned tables with snap and recomputes
// the people rows, all in one write transaction: a crash or error leaves
// the previous snapshot as it was: nothing of a sync is visible until all
// of it is (a sync is a snapshot, not a stream). Local markers
// and the outbox are not touched. Unchanged rows are not even sent to
// SQLite (changed.go), so a re-sync of an unchanged org costs a scan of
// each table and writes almost nothing. Run the mass-deletion guard
// (DiffCounts, or ApplySnapshotGuarded) before calling this.
func (s *Store) ApplySnapshot(ctx context.Context, snap Snapshot) (ApplyStats, error) {
	return s.ApplySnapshotGuarded(ctx, snap, nil)
}

// Guard decides, before anything is written, whether a snapshot may be
// applied: removed of the total people in the cache would be gone
// afterwards. A non-nil error stops the apply.
type Guard func(removed, total int) error

// ApplySnapshotGuarded is ApplySnapshot with the mass-deletion guard asked
// inside the same write transaction, from the same scan of the people
// table the apply needs anyway: what DiffCounts and ApplySnapshot do, with
// the snapshot cleaned and the people derived once. When guard refuses,
// nothing is written and its error is returned (wrapped). guard may be
// nil.
func (s *Store) ApplySnapshotGuarded(ctx context.Context, snap Snapshot, guard Guard) (ApplyStats, error) {
	start := time.Now()
	c := clean(&snap)
	st := ApplyStats{
		Teams: len(c.teams), Invites: len(c.invites), Members: len(c.members), Models: len(c.models),
		Photos: len(c.photos), Favorites: len(c.favorites), Skipped: c.skipped,
	}
	taken := snap.TakenAt
	if taken.IsZero() {
		taken = s.now()
	}
	err := s.writeTx(ctx, "apply snapshot", func(tx *sql.Tx) error {
		a := applier{ctx: ctx, tx: tx, st: &st, now: s.now()}
		// Reading the stored photos (SQLite) and digesting the snapshot
		// (Go) are independent: side by side they take the time of the
		// longer one. Nothing else uses tx meanwhile.
		var storedPhotos map[string]storedPhoto
		var photosErr error
		var wg sync.WaitGroup
		if len(c.photos) > 0 || snap.PhotosComplete {
			wg.Go(func() { storedPhotos, photosErr = a.storedPhotos() })
		}
		rows := digestSnapshot(c)
		wg.Wait()
		if photosErr != nil {
			return fmt.Errorf("read photos: %w", photosErr)
		}
		st.People = len(rows.people.keys)
		people, err := a.comparePeople(rows.people)
		if err != nil {
			return fmt.Errorf("read people: %w", err)
		}
		if guard != nil {
			if err := guard(people.removed, people.total); err != nil {
				return err
			}
		}
		a.org(&snap)
		a.deleteKeys("teams", "id", a.writeChanged(rows.teams))
		// Models before photos and favorites (foreign keys), and deletions
		// of models after, so the cascade removes their photos too.
		goneModels := a.writeChanged(rows.models)
		a.photos(c.photos, storedPhotos, snap.PhotosComplete)
		a.deleteKeys("favorites", "model_id", a.writeChanged(rows.favorites))
		a.deleteKeys("models", "id", goneModels)
		a.deleteKeys("members", "id", a.writeChanged(rows.members))
		a.deleteKeys("invites", "email_norm", a.writeChanged(rows.invites))
		if !people.same {
			a.deleteKeys("people", "person_key", a.writeChangedFrom(people.stored, rows.people))
		}
		if a.err != nil {
			return a.err
		}
		st.Duration = time.Since(start)
		return recordSync(ctx, tx, taken, s.now(), st)
	})
	if err != nil {
		return ApplyStats{}, err
	}
	st.Duration = time.Since(start)
	return st, nil
}

// snapshotRows are a cleaned snapshot's rows per table, digested.
type snapshotRows struct {
	teams, invites, members, models, favorites, people *tableRows
}

// digestSnapshot derives the people and digests every table's rows, the
// people on one goroutine and the other tables on another: it is pure CPU
// work, and the machine has a second core.
func digestSnapshot(c *cleanSnapshot) snapshotRows {
	var r snapshotRows
	var wg sync.WaitGroup
	wg.Go(func() {
		people := buildPeople(c)
		r.people = newTableRows("people", personCols, len(people), func(i int, w rowWriter) { people[i].write(w) })
	})
	r.teams = newTableRows("teams", []string{"id", "name"}, len(c.teams), func(i int, w rowWriter) {
		w.text(c.teams[i].ID)
		w.text(c.teams[i].Name)
	})
	r.invites = newTableRows("invites", []string{"email_norm", "email", "status", "model_id", "team_id", "team_name", "created_at"},
		len(c.invites), func(i int, w rowWriter) {
			v := &c.invites[i]
			w.text(domain.NormalizeEmail(v.Email))
			w.text(v.Email)
			w.text(string(v.Status))
			w.text(v.ModelID)
			w.text(v.TeamID)
			w.text(v.TeamName)
			w.integer(toMS(v.CreatedAt))
		})
	r.members = newTableRows("members", []string{"id", "email", "email_norm", "name", "status", "team_id", "team_name",
		"model_id", "model_status", "joined_at"}, len(c.members), func(i int, w rowWriter) {
		m := &c.members[i]
		w.text(m.ID)
		w.text(m.Email)
		w.text(domain.NormalizeEmail(m.Email))
		w.text(m.Name)
		w.text(string(m.Status))
		w.text(m.TeamID)
		w.text(m.TeamName)
		w.text(m.ModelID)
		w.text(string(m.ModelStatus))
		w.integer(toMS(m.JoinedAt))
	})
	r.models = newTableRows("models", []string{"id", "uid", "email", "email_norm", "title", "status", "team_id", "team_name",
		"is_development", "created_at", "finished_at"}, len(c.models), func(i int, w rowWriter) {
		m := &c.models[i]
		w.text(m.ID)
		w.text(m.UID)
		w.text(m.Email)
		w.text(domain.NormalizeEmail(m.Email))
		w.text(m.Title)
		w.text(string(m.Status))
		w.text(m.TeamID)
		w.text(m.TeamName)
		w.integer(boolInt(m.IsDevelopment))
		w.integer(toMS(m.CreatedAt))
		w.integer(toMS(m.FinishedAt))
	})
	models := make([]string, 0, len(c.favorites))
	for m := range c.favorites {
		models = append(models, m)
	}
	slices.Sort(models)
	r.favorites = newTableRows("favorites", []string{"model_id", "photo_id"}, len(models), func(i int, w rowWriter) {
		w.text(models[i])
		w.text(c.favorites[models[i]])
	})
	wg.Wait()
	return r
}

// DiffCounts reports how many people the cache has now (total) and how
// many of them snap would remove, so the syncer can stop and ask before a
// suspicious mass deletion (a wrong key or a broken answer must not empty
// the cache).
func (s *Store) DiffCounts(ctx context.Context, snap Snapshot) (removedPeople, totalPeople int, err error) {
	people := buildPeople(clean(&snap))
	next := make(map[string]bool, len(people))
	for _, p := range people {
		next[p.key] = true
	}
	rows, err := s.r.QueryContext(ctx, "SELECT person_key FROM people")
	if err != nil {
		return 0, 0, wrap("diff counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return 0, 0, wrap("diff counts", err)
		}
		totalPeople++
		if !next[k] {
			removedPeople++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, wrap("diff counts", err)
	}
	return removedPeople, totalPeople, nil
}

// applier runs the steps of one ApplySnapshot, keeping the first error so
// the sequence above reads as a list. Each table writes only the rows that
// changed (changed.go).
type applier struct {
	ctx context.Context
	tx  *sql.Tx
	st  *ApplyStats
	now time.Time
	err error
}

func (a *applier) fail(step string, err error) {
	if a.err == nil && err != nil {
		a.err = fmt.Errorf("%s: %w", step, err)
	}
}

// exec runs one statement and counts changed rows.
func (a *applier) exec(step, query string, args ...any) {
	if a.err != nil {
		return
	}
	res, err := a.tx.ExecContext(a.ctx, query, args...)
	if err != nil {
		a.fail(step, err)
		return
	}
	n, _ := res.RowsAffected()
	a.st.Changed += int(n)
}

// upsertSQL builds INSERT … ON CONFLICT(key) DO UPDATE … WHERE <a column
// differs>, so unchanged rows are neither rewritten nor counted.
func upsertSQL(table, key string, cols []string) string {
	var set, diff []string
	for _, c := range cols {
		if c == key {
			continue
		}
		set = append(set, c+" = excluded."+c)
		diff = append(diff, table+"."+c+" IS NOT excluded."+c)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ") ON CONFLICT (" + key +
		") DO UPDATE SET " + strings.Join(set, ", ") + " WHERE " + strings.Join(diff, " OR ")
}

func (a *applier) org(s *Snapshot) {
	a.exec("organization", upsertSQL("organization", "id", []string{"id", "uid", "name", "website", "credits"}),
		1, s.Org.UID, s.Org.Name, s.Org.Website, s.Credits)
}

// photoUpsert keeps the stored URLs when the incoming record has none
// (metadata-only listing) and otherwise takes the incoming ones.
const photoUpsert = `INSERT INTO photos (id, model_id, status, liked_status, created_at, expires_at,
    url_main, url_thumb, url_original, url_expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    model_id = excluded.model_id, status = excluded.status, liked_status = excluded.liked_status,
    created_at = excluded.created_at, expires_at = excluded.expires_at,
    url_main = iif(excluded.url_expires_at = 0, photos.url_main, excluded.url_main),
    url_thumb = iif(excluded.url_expires_at = 0, photos.url_thumb, excluded.url_thumb),
    url_original = iif(excluded.url_expires_at = 0, photos.url_original, excluded.url_original),
    url_expires_at = iif(excluded.url_expires_at = 0, photos.url_expires_at, excluded.url_expires_at)
WHERE photos.model_id IS NOT excluded.model_id OR photos.status IS NOT excluded.status
    OR photos.liked_status IS NOT excluded.liked_status OR photos.created_at IS NOT excluded.created_at
    OR photos.expires_at IS NOT excluded.expires_at
    OR (excluded.url_expires_at <> 0 AND (photos.url_main IS NOT excluded.url_main
        OR photos.url_thumb IS NOT excluded.url_thumb OR photos.url_original IS NOT excluded.url_original
        OR photos.url_expires_at IS NOT excluded.url_expires_at))`

func photoArgs(p PhotoRecord) []any {
	exp := toMS(p.URLExpiresAt)
	if exp == 0 && (p.URLMain != "" || p.URLThumb != "" || p.URLOriginal != "") {
		// URLs without a known expiry: store them as already expired so
		// they are refreshed before use rather than kept forever.
		exp = 1
	}
	return []any{p.ID, p.ModelID, string(p.Status), string(p.LikedStatus), toMS(p.CreatedAt), toMS(p.ExpiresAt),
		p.URLMain, p.URLThumb, p.URLOriginal, exp}
}

// photos upserts the photos that are new or changed (photoUnchanged: a
// new signature for the same file is not a change while the stored one
// stays valid long enough); with complete, stored photos missing from ps
// are deleted. stored is the photos table as storedPhotos read it; it is
// consumed.
func (a *applier) photos(ps []PhotoRecord, stored map[string]storedPhoto, complete bool) {
	if a.err != nil || (len(ps) == 0 && !complete) {
		return
	}
	var err error
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	for _, p := range ps {
		args := photoArgs(p)
		old, ok := stored[p.ID]
		delete(stored, p.ID)
		if ok && photoUnchanged(old, args, a.now) {
			continue
		}
		if stmt == nil {
			if stmt, err = a.tx.PrepareContext(a.ctx, photoUpsert); err != nil {
				a.fail("photos", err)
				return
			}
		}
		res, err := stmt.ExecContext(a.ctx, args...)
		if err != nil {
			a.fail("photos", err)
			return
		}
		n, _ := res.RowsAffected()
		a.st.Changed += int(n)
	}
	if complete {
		gone := make([]string, 0, len(stored))
		for id := range stored {
			gone = append(gone, id)
		}
		slices.Sort(gone)
		a.deleteKeys("photos", "id", gone)
	}
}

// peopleDiff is how the people table compares with the snapshot's people.
type peopleDiff struct {
	same           bool             // the table holds exactly these rows
	stored         map[string]int64 // key → digest, read when not same
	removed, total int              // for the mass-deletion guard
}

// comparePeople compares the people table with the snapshot's people, for
// the guard and for the write: one aggregate query when nothing changed,
// else a scan of keys and digests.
func (a *applier) comparePeople(people *tableRows) (peopleDiff, error) {
	same, err := a.unchanged(people)
	if err != nil {
		return peopleDiff{}, err
	}
	if same {
		return peopleDiff{same: true, total: len(people.keys)}, nil
	}
	stored, err := a.storedDigests("people", "person_key")
	if err != nil {
		return peopleDiff{}, err
	}
	d := peopleDiff{stored: stored, removed: len(stored), total: len(stored)}
	for _, k := range people.keys {
		if _, ok := stored[k]; ok {
			d.removed--
		}
	}
	return d, nil
}

// recordSync writes the sync_state rows of a successful full sync in the
// same transaction as the data, so "last synced" never runs ahead of it.
func recordSync(ctx context.Context, tx *sql.Tx, taken, now time.Time, st ApplyStats) error {
	counts, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode sync counts: %w", err)
	}
	for k, v := range map[string]string{
		keyLastFullSync: taken.UTC().Format(time.RFC3339Nano),
		keyLastSuccess:  now.UTC().Format(time.RFC3339Nano),
		keyLastError:    "",
		keyLastErrorAt:  "",
		keyCounts:       string(counts),
	} {
		if err := setState(ctx, tx, k, v); err != nil {
			return err
		}
	}
	return nil
}
