package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
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
	c.teams, c.skipped = dedupe(s.Teams, func(t domain.Team) string { return t.ID }, c.skipped)
	c.invites, c.skipped = dedupeInvites(s.Invites, c.skipped)
	c.members, c.skipped = dedupe(s.Members, func(m domain.Member) string { return m.ID }, c.skipped)
	c.models, c.skipped = dedupe(s.Models, func(m domain.Model) string { return m.ID }, c.skipped)
	known := make(map[string]bool, len(c.models))
	for _, m := range c.models {
		known[m.ID] = true
	}
	c.photos, c.skipped = dedupe(s.Photos, func(p PhotoRecord) string {
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

func dedupe[T any](in []T, key func(T) string, skipped int) ([]T, int) {
	idx := make(map[string]int, len(in))
	out := make([]T, 0, len(in))
	for _, v := range in {
		k := key(v)
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
// and the outbox are not touched. Unchanged rows are not rewritten, so a
// re-sync of an unchanged org writes almost nothing. Run the mass-deletion
// guard (DiffCounts) before calling this.
func (s *Store) ApplySnapshot(ctx context.Context, snap Snapshot) (ApplyStats, error) {
	start := time.Now()
	c := clean(&snap)
	people := buildPeople(c)
	st := ApplyStats{
		Teams: len(c.teams), Invites: len(c.invites), Members: len(c.members), Models: len(c.models),
		Photos: len(c.photos), Favorites: len(c.favorites), People: len(people), Skipped: c.skipped,
	}
	taken := snap.TakenAt
	if taken.IsZero() {
		taken = s.now()
	}
	err := s.writeTx(ctx, "apply snapshot", func(tx *sql.Tx) error {
		a := applier{ctx: ctx, tx: tx, st: &st}
		a.org(&snap)
		a.teams(c.teams)
		// Models before photos and favorites (foreign keys), and deletions
		// of models after, so the cascade removes their photos too.
		a.models(c.models)
		a.photos(c.photos, snap.PhotosComplete)
		a.favorites(c.favorites)
		a.deleteMissing("models", "id", keysOf(c.models, func(m domain.Model) string { return m.ID }))
		a.members(c.members)
		a.invites(c.invites)
		a.people(people)
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
// the sequence above reads as a list.
type applier struct {
	ctx context.Context
	tx  *sql.Tx
	st  *ApplyStats
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

// upsertAll prepares query once and runs it for every row; args(i) gives
// the parameters of row i.
func (a *applier) upsertAll(step, query string, n int, args func(i int) []any) {
	if a.err != nil {
		return
	}
	stmt, err := a.tx.PrepareContext(a.ctx, query)
	if err != nil {
		a.fail(step, err)
		return
	}
	defer stmt.Close()
	for i := 0; i < n; i++ {
		res, err := stmt.ExecContext(a.ctx, args(i)...)
		if err != nil {
			a.fail(step, err)
			return
		}
		// An upsert whose WHERE found nothing changed reports 0 rows.
		c, _ := res.RowsAffected()
		a.st.Changed += int(c)
	}
}

// deleteMissing removes rows of table whose key is not in keep. The
// existing keys are read first so unchanged tables cost one scan and no
// writes.
func (a *applier) deleteMissing(table, key string, keep map[string]bool) {
	if a.err != nil {
		return
	}
	step := "delete from " + table
	rows, err := a.tx.QueryContext(a.ctx, "SELECT "+key+" FROM "+table)
	if err != nil {
		a.fail(step, err)
		return
	}
	var gone []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			a.fail(step, err)
			return
		}
		if !keep[k] {
			gone = append(gone, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		a.fail(step, err)
		return
	}
	if len(gone) == 0 {
		return
	}
	stmt, err := a.tx.PrepareContext(a.ctx, "DELETE FROM "+table+" WHERE "+key+" = ?")
	if err != nil {
		a.fail(step, err)
		return
	}
	defer stmt.Close()
	for _, k := range gone {
		if _, err := stmt.ExecContext(a.ctx, k); err != nil {
			a.fail(step, err)
			return
		}
		a.st.Deleted++
	}
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

func keysOf[T any](in []T, key func(T) string) map[string]bool {
	m := make(map[string]bool, len(in))
	for _, v := range in {
		m[key(v)] = true
	}
	return m
}

func (a *applier) org(s *Snapshot) {
	a.exec("organization", upsertSQL("organization", "id", []string{"id", "uid", "name", "website", "credits"}),
		1, s.Org.UID, s.Org.Name, s.Org.Website, s.Credits)
}

func (a *applier) teams(ts []domain.Team) {
	a.upsertAll("teams", upsertSQL("teams", "id", []string{"id", "name"}), len(ts), func(i int) []any {
		return []any{ts[i].ID, ts[i].Name}
	})
	a.deleteMissing("teams", "id", keysOf(ts, func(t domain.Team) string { return t.ID }))
}

func (a *applier) invites(is []domain.Invite) {
	cols := []string{"email_norm", "email", "status", "model_id", "team_id", "team_name", "created_at"}
	a.upsertAll("invites", upsertSQL("invites", "email_norm", cols), len(is), func(i int) []any {
		v := is[i]
		return []any{domain.NormalizeEmail(v.Email), v.Email, string(v.Status), v.ModelID, v.TeamID, v.TeamName, toMS(v.CreatedAt)}
	})
	a.deleteMissing("invites", "email_norm", keysOf(is, func(v domain.Invite) string { return domain.NormalizeEmail(v.Email) }))
}

func (a *applier) members(ms []domain.Member) {
	cols := []string{"id", "email", "email_norm", "name", "status", "team_id", "team_name", "model_id", "model_status", "joined_at"}
	a.upsertAll("members", upsertSQL("members", "id", cols), len(ms), func(i int) []any {
		m := ms[i]
		return []any{m.ID, m.Email, domain.NormalizeEmail(m.Email), m.Name, string(m.Status), m.TeamID, m.TeamName,
			m.ModelID, string(m.ModelStatus), toMS(m.JoinedAt)}
	})
	a.deleteMissing("members", "id", keysOf(ms, func(m domain.Member) string { return m.ID }))
}

func (a *applier) models(ms []domain.Model) {
	cols := []string{"id", "uid", "email", "email_norm", "title", "status", "team_id", "team_name",
		"is_development", "created_at", "finished_at"}
	a.upsertAll("models", upsertSQL("models", "id", cols), len(ms), func(i int) []any {
		m := ms[i]
		return []any{m.ID, m.UID, m.Email, domain.NormalizeEmail(m.Email), m.Title, string(m.Status), m.TeamID,
			m.TeamName, boolInt(m.IsDevelopment), toMS(m.CreatedAt), toMS(m.FinishedAt)}
	})
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

func (a *applier) photos(ps []PhotoRecord, complete bool) {
	a.upsertAll("photos", photoUpsert, len(ps), func(i int) []any { return photoArgs(ps[i]) })
	if complete {
		a.deleteMissing("photos", "id", keysOf(ps, func(p PhotoRecord) string { return p.ID }))
	}
}

func (a *applier) favorites(f map[string]string) {
	if a.err != nil {
		return
	}
	stmt, err := a.tx.PrepareContext(a.ctx, upsertSQL("favorites", "model_id", []string{"model_id", "photo_id"}))
	if err != nil {
		a.fail("favorites", err)
		return
	}
	defer stmt.Close()
	for model, photo := range f {
		res, err := stmt.ExecContext(a.ctx, model, photo)
		if err != nil {
			a.fail("favorites", err)
			return
		}
		n, _ := res.RowsAffected()
		a.st.Changed += int(n)
	}
	keep := make(map[string]bool, len(f))
	for m := range f {
		keep[m] = true
	}
	a.deleteMissing("favorites", "model_id", keep)
}

func (a *applier) people(rows []personRow) {
	a.upsertAll("people", upsertSQL("people", "person_key", personCols), len(rows), func(i int) []any {
		return rows[i].args()
	})
	a.deleteMissing("people", "person_key", keysOf(rows, func(p personRow) string { return p.key }))
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
