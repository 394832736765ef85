package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// ModelsOf lists every shoot of a person (by email, any case), newest
// first.
func (s *Store) ModelsOf(ctx context.Context, email string) ([]domain.Model, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, uid, email, title, status, team_id, team_name,
		is_development, created_at, finished_at FROM models WHERE email_norm = ?
		ORDER BY created_at DESC, id DESC`, domain.NormalizeEmail(email))
	if err != nil {
		return nil, wrap("models of", err)
	}
	defer rows.Close()
	var out []domain.Model
	for rows.Next() {
		var m domain.Model
		var status string
		var dev, created, finished int64
		if err := rows.Scan(&m.ID, &m.UID, &m.Email, &m.Title, &status, &m.TeamID, &m.TeamName,
			&dev, &created, &finished); err != nil {
			return nil, wrap("models of", err)
		}
		m.Status, m.IsDevelopment = domain.ModelStatus(status), dev == 1
		m.CreatedAt, m.FinishedAt = fromMS(created), fromMS(finished)
		out = append(out, m)
	}
	return out, wrap("models of", rows.Err())
}

// FavoritesOf maps each shoot of a person (by email, any case) that has a
// selected favorite to that photo's id.
func (s *Store) FavoritesOf(ctx context.Context, email string) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT f.model_id, f.photo_id FROM favorites f
		JOIN models md ON md.id = f.model_id WHERE md.email_norm = ?`, domain.NormalizeEmail(email))
	if err != nil {
		return nil, wrap("favorites of", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var model, photo string
		if err := rows.Scan(&model, &photo); err != nil {
			return nil, wrap("favorites of", err)
		}
		out[model] = photo
	}
	return out, wrap("favorites of", rows.Err())
}

// PhotosOf lists the cached photos of a shoot, oldest first, with their
// stored signed URLs. The URLs are for the Go side (prefetch, export) only.
func (s *Store) PhotosOf(ctx context.Context, modelID string) ([]PhotoRecord, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, model_id, status, liked_status, created_at, expires_at,
		url_main, url_thumb, url_original, url_expires_at FROM photos WHERE model_id = ?
		ORDER BY created_at, id`, modelID)
	if err != nil {
		return nil, wrap("photos of", err)
	}
	defer rows.Close()
	var out []PhotoRecord
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, wrap("photos of", err)
		}
		out = append(out, p)
	}
	return out, wrap("photos of", rows.Err())
}

// Photo returns one cached photo or ErrNotFound.
func (s *Store) Photo(ctx context.Context, photoID string) (PhotoRecord, error) {
	p, err := scanPhoto(s.r.QueryRowContext(ctx, `SELECT id, model_id, status, liked_status, created_at,
		expires_at, url_main, url_thumb, url_original, url_expires_at FROM photos WHERE id = ?`, photoID))
	if errors.Is(err, sql.ErrNoRows) {
		return PhotoRecord{}, fmt.Errorf("store: photo %q: %w", photoID, ErrNotFound)
	}
	return p, wrap("photo", err)
}

func scanPhoto(sc interface{ Scan(...any) error }) (PhotoRecord, error) {
	var p PhotoRecord
	var status, liked string
	var created, expires, urlExp int64
	err := sc.Scan(&p.ID, &p.ModelID, &status, &liked, &created, &expires,
		&p.URLMain, &p.URLThumb, &p.URLOriginal, &urlExp)
	if err != nil {
		return PhotoRecord{}, err
	}
	p.Status, p.LikedStatus = domain.PhotoStatus(status), domain.LikedStatus(liked)
	p.CreatedAt, p.ExpiresAt, p.URLExpiresAt = fromMS(created), fromMS(expires), fromMS(urlExp)
	return p, nil
}

// ReplacePhotos makes photos the complete cached photo list of one shoot
// (after the detail view fetched it), in one transaction. The model must be
// cached (ErrNotFound otherwise).
func (s *Store) ReplacePhotos(ctx context.Context, modelID string, photos []PhotoRecord) error {
	return s.writeTx(ctx, "replace photos", func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM models WHERE id = ?", modelID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("model %q: %w", modelID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		keep := make(map[string]bool, len(photos))
		stmt, err := tx.PrepareContext(ctx, photoUpsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range photos {
			p.ModelID = modelID
			if p.ID == "" {
				continue
			}
			keep[p.ID] = true
			if _, err := stmt.ExecContext(ctx, photoArgs(p)...); err != nil {
				return fmt.Errorf("photo %s: %w", p.ID, err)
			}
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM photos WHERE model_id = ?", modelID)
		if err != nil {
			return err
		}
		var gone []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if !keep[id] {
				gone = append(gone, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range gone {
			if _, err := tx.ExecContext(ctx, "DELETE FROM photos WHERE id = ?", id); err != nil {
				return err
			}
		}
		return nil
	})
}

// PhotoURLs are the signed URLs of one photo.
type PhotoURLs struct {
	Main, Thumb, Original string
}

// UpdatePhotoURLs stores freshly signed URLs for a photo. All three are
// replaced (an empty one clears the stored one) because expiresAt applies
// to the set. ErrNotFound when the photo is not cached.
func (s *Store) UpdatePhotoURLs(ctx context.Context, photoID string, urls PhotoURLs, expiresAt time.Time) error {
	return s.writeTx(ctx, "update photo urls", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE photos SET url_main = ?, url_thumb = ?, url_original = ?,
			url_expires_at = ? WHERE id = ?`, urls.Main, urls.Thumb, urls.Original, toMS(expiresAt), photoID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("photo %q: %w", photoID, ErrNotFound)
		}
		return nil
	})
}

// PhotoURLUpdate is a freshly signed set of URLs for one photo.
type PhotoURLUpdate struct {
	PhotoID   string
	URLs      PhotoURLs
	ExpiresAt time.Time
}

// UpdatePhotoURLsBatch stores many refreshed URLs in one write transaction
// (one fsync, not one per photo). Photos the cache does not know are
// skipped; it returns how many rows were updated.
func (s *Store) UpdatePhotoURLsBatch(ctx context.Context, updates []PhotoURLUpdate) (int, error) {
	n := 0
	err := s.writeTx(ctx, "update photo urls", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE photos SET url_main = ?, url_thumb = ?, url_original = ?,
			url_expires_at = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range updates {
			res, err := stmt.ExecContext(ctx, u.URLs.Main, u.URLs.Thumb, u.URLs.Original, toMS(u.ExpiresAt), u.PhotoID)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
			}
		}
		return nil
	})
	return n, err
}

// FavoriteRow is one shoot with a selected favorite, as the Download
// Favorites export needs it. The URLs are empty when the photo's metadata
// was never cached; URLExpiresAt tells whether they are still usable.
type FavoriteRow struct {
	ModelID      string
	MemberID     string // empty when no member record matches the email
	Email        string
	Title        string
	TeamID       string
	TeamName     string
	PhotoID      string
	URLMain      string
	URLThumb     string
	URLOriginal  string
	URLExpiresAt time.Time
}

// Favorites lists every shoot that has a selected favorite, scoped to a
// team when teamID is set, ordered by email then shoot creation (stable
// for folder-name collision numbering). Deleted shoots are left out: their
// photos are gone. The team is the person's current team, falling back to
// the shoot's own.
func (s *Store) Favorites(ctx context.Context, teamID string) ([]FavoriteRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT md.id, coalesce(pe.member_id, ''), md.email, md.title,
		coalesce(nullif(pe.team_id, ''), md.team_id), coalesce(nullif(pe.team_name, ''), md.team_name),
		f.photo_id, coalesce(ph.url_main, ''), coalesce(ph.url_thumb, ''), coalesce(ph.url_original, ''),
		coalesce(ph.url_expires_at, 0)
	FROM favorites f
	JOIN models md ON md.id = f.model_id
	LEFT JOIN people pe ON pe.person_key = md.email_norm
	LEFT JOIN photos ph ON ph.id = f.photo_id
	WHERE md.status <> 'deleted'
	  AND (? = '' OR coalesce(nullif(pe.team_id, ''), md.team_id) = ?)
	ORDER BY md.email_norm, md.created_at, md.id`, teamID, teamID)
	if err != nil {
		return nil, wrap("favorites", err)
	}
	defer rows.Close()
	var out []FavoriteRow
	for rows.Next() {
		var f FavoriteRow
		var exp int64
		if err := rows.Scan(&f.ModelID, &f.MemberID, &f.Email, &f.Title, &f.TeamID, &f.TeamName,
			&f.PhotoID, &f.URLMain, &f.URLThumb, &f.URLOriginal, &exp); err != nil {
			return nil, wrap("favorites", err)
		}
		f.URLExpiresAt = fromMS(exp)
		out = append(out, f)
	}
	return out, wrap("favorites", rows.Err())
}

// Model returns one cached shoot or ErrNotFound.
func (s *Store) Model(ctx context.Context, modelID string) (domain.Model, error) {
	var m domain.Model
	var status string
	var dev, created, finished int64
	err := s.r.QueryRowContext(ctx, `SELECT id, uid, email, title, status, team_id, team_name,
		is_development, created_at, finished_at FROM models WHERE id = ?`, modelID).Scan(
		&m.ID, &m.UID, &m.Email, &m.Title, &status, &m.TeamID, &m.TeamName, &dev, &created, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Model{}, fmt.Errorf("store: model %q: %w", modelID, ErrNotFound)
	}
	if err != nil {
		return domain.Model{}, wrap("model", err)
	}
	m.Status, m.IsDevelopment = domain.ModelStatus(status), dev == 1
	m.CreatedAt, m.FinishedAt = fromMS(created), fromMS(finished)
	return m, nil
}
