package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Writing only what changed.
//
// A periodic sync of an unchanged organization used to run one upsert per
// row of every table (≈ 50,000 statements for 10,000 people); each found
// nothing to change, but the round trips alone took most of a second. Now
// ApplySnapshot reads each server-owned table's keys and row digests (a
// hash of the row as it last wrote it, column row_digest) in one scan,
// hashes the snapshot's rows the same way in Go, and runs the upsert only
// for rows that are new or differ; rows whose key is gone are deleted.
//
// Photos are also written by the on-demand photo detail and the link
// renewal, so they are compared column by column instead (one scan of the
// photos table). Their signed URLs change on every listing (a new signature
// and expiry) while the photo stays the same: a stored link to the same
// file is kept while it stays valid for at least half as long as the new
// one and at least keptLinkMinLife, so links are rewritten about once per
// half lifetime (12 h for HeadshotPro's 24-hour links), never left to
// expire, and short-lived links are always replaced.

// keptLinkMinLife is the least validity a stored signed URL must have left
// to be kept instead of the snapshot's new one. Exports renew links that
// expire within 10 minutes before they start; an hour keeps a sync from
// leaving them that work.
const keptLinkMinLife = time.Hour

// rowDigest hashes the values of one row (the upsert's arguments, key
// first) into a non-zero int64; 0 stands for "no digest" (NULL).
func rowDigest(buf []byte, row []any) (int64, []byte) {
	buf = buf[:0]
	for _, v := range row {
		switch x := v.(type) {
		case string:
			buf = append(buf, 's')
			buf = binary.LittleEndian.AppendUint64(buf, uint64(len(x)))
			buf = append(buf, x...)
		case int64:
			buf = append(buf, 'i')
			buf = binary.LittleEndian.AppendUint64(buf, uint64(x))
		case int:
			buf = append(buf, 'i')
			buf = binary.LittleEndian.AppendUint64(buf, uint64(x))
		case float64:
			buf = append(buf, 'f')
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
		default:
			buf = fmt.Appendf(append(buf, 'x'), "%T:%v;", x, x)
		}
	}
	sum := sha256.Sum256(buf)
	d := int64(binary.LittleEndian.Uint64(sum[:8]))
	if d == 0 {
		d = 1
	}
	return d, buf
}

// storedDigests reads key → row_digest of table (0 for NULL).
func (a *applier) storedDigests(table, key string) (map[string]int64, error) {
	rows, err := a.tx.QueryContext(a.ctx, "SELECT "+key+", row_digest FROM "+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]int64)
	for rows.Next() {
		var k string
		var d sql.NullInt64
		if err := rows.Scan(&k, &d); err != nil {
			return nil, err
		}
		out[k] = d.Int64
	}
	return out, rows.Err()
}

// writeChanged upserts the rows of table that are new or differ from the
// stored ones (by digest) and returns the stored keys the snapshot no
// longer has, for deleteKeys. cols[0] is the key column; args(i) gives row
// i's values in cols order.
func (a *applier) writeChanged(table string, cols []string, n int, args func(i int) []any) (gone []string) {
	if a.err != nil {
		return nil
	}
	stored, err := a.storedDigests(table, cols[0])
	if err != nil {
		a.fail(table, err)
		return nil
	}
	return a.writeChangedFrom(stored, table, cols, n, args)
}

// writeChangedFrom is writeChanged with the stored digests already read
// (storedDigests); it consumes stored.
func (a *applier) writeChangedFrom(stored map[string]int64, table string, cols []string, n int, args func(i int) []any) (gone []string) {
	if a.err != nil {
		return nil
	}
	var err error
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	var buf []byte
	for i := range n {
		row := args(i)
		k, _ := row[0].(string)
		var d int64
		d, buf = rowDigest(buf, row)
		old, ok := stored[k]
		delete(stored, k)
		if ok && old == d {
			continue
		}
		if stmt == nil {
			if stmt, err = a.tx.PrepareContext(a.ctx, upsertSQL(table, cols[0], slices.Concat(cols, []string{"row_digest"}))); err != nil {
				a.fail(table, err)
				return nil
			}
		}
		res, err := stmt.ExecContext(a.ctx, append(row, d)...)
		if err != nil {
			a.fail(table, err)
			return nil
		}
		c, _ := res.RowsAffected()
		a.st.Changed += int(c)
	}
	for k := range stored {
		gone = append(gone, k)
	}
	slices.Sort(gone)
	return gone
}

// deleteKeys removes the rows of table with these keys.
func (a *applier) deleteKeys(table, key string, keys []string) {
	if a.err != nil || len(keys) == 0 {
		return
	}
	step := "delete from " + table
	stmt, err := a.tx.PrepareContext(a.ctx, "DELETE FROM "+table+" WHERE "+key+" = ?")
	if err != nil {
		a.fail(step, err)
		return
	}
	defer stmt.Close()
	for _, k := range keys {
		res, err := stmt.ExecContext(a.ctx, k)
		if err != nil {
			a.fail(step, err)
			return
		}
		n, _ := res.RowsAffected()
		a.st.Deleted += int(n)
	}
}

// storedPhoto is a photos row as photoArgs lays it out.
type storedPhoto struct {
	modelID, status, liked     string
	createdAt, expiresAt       int64
	urlMain, urlThumb, urlOrig string
	urlExpiresAt               int64
}

func (a *applier) storedPhotos() (map[string]storedPhoto, error) {
	rows, err := a.tx.QueryContext(a.ctx, `SELECT id, model_id, status, liked_status, created_at, expires_at,
		url_main, url_thumb, url_original, url_expires_at FROM photos`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]storedPhoto)
	for rows.Next() {
		var id string
		var p storedPhoto
		if err := rows.Scan(&id, &p.modelID, &p.status, &p.liked, &p.createdAt, &p.expiresAt,
			&p.urlMain, &p.urlThumb, &p.urlOrig, &p.urlExpiresAt); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// photoUnchanged reports whether writing p (photoArgs order) over s would
// change nothing that matters: the same metadata, and either no links in p
// (the upsert keeps the stored ones), the same links, or links to the same
// files whose stored signature stays valid long enough (see keptLinkMinLife).
// The photo's expires_at is when its links stop working (domain.Photo), so
// it goes with the links.
func photoUnchanged(s storedPhoto, p []any, now time.Time) bool {
	if s.modelID != p[1] || s.status != p[2] || s.liked != p[3] || s.createdAt != p[4] {
		return false
	}
	expires, main, thumb, orig, urlExp := p[5].(int64), p[6].(string), p[7].(string), p[8].(string), p[9].(int64)
	if urlExp == 0 || (s.urlMain == main && s.urlThumb == thumb && s.urlOrig == orig && s.urlExpiresAt == urlExp) {
		return s.expiresAt == expires
	}
	if !sameSignedFile(s.urlMain, main) || !sameSignedFile(s.urlThumb, thumb) || !sameSignedFile(s.urlOrig, orig) {
		return false
	}
	if s.expiresAt != expires && (s.expiresAt != s.urlExpiresAt || expires != urlExp) {
		return false
	}
	nowMS := now.UnixMilli()
	left, newLife := s.urlExpiresAt-nowMS, urlExp-nowMS
	return left >= keptLinkMinLife.Milliseconds() && left >= newLife/2
}

// sameSignedFile reports whether two signed URLs point at the same file:
// equal up to the query, which carries the signature and expiry.
func sameSignedFile(a, b string) bool {
	a, _, _ = strings.Cut(a, "?")
	b, _, _ = strings.Cut(b, "?")
	return a == b
}
