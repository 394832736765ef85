package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"slices"
	"strings"
	"time"
)

// Writing only what changed.
//
// A periodic sync of an unchanged organization used to run one upsert per
// row of every table (≈ 50,000 statements for 10,000 people); each found
// nothing to change, but the round trips alone took most of a second. Now
// ApplySnapshot hashes the snapshot's rows in Go and compares them with
// each server-owned table's row digests (a hash of the row as it last
// wrote it, column row_digest): first as one sum per table (an aggregate
// query; equal sums mean an unchanged table, the common case), and for a
// table that differs, row by row (one scan of keys and digests). It runs
// the upsert only for rows that are new or differ; rows whose key is gone
// are deleted.
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

// rowWriter receives one row's values in column order. A table's rows are
// written out once by one function (e.g. (*personRow).write) and read by
// two writers: rowHasher for the digest and argList for the upsert, so the
// digest covers exactly the values written.
type rowWriter interface {
	text(string)
	integer(int64)
}

// rowHasher digests a row without boxing its values. The encoding is fixed
// (it is in every cache's row_digest column): per value a type byte, then
// 's' + little-endian uint64 length + bytes, or 'i' + little-endian uint64.
type rowHasher struct {
	buf []byte
	key string // the row's first value: the key column, always text
}

func (h *rowHasher) text(s string) {
	if len(h.buf) == 0 {
		h.key = s
	}
	h.buf = append(h.buf, 's')
	h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(len(s)))
	h.buf = append(h.buf, s...)
}

func (h *rowHasher) integer(v int64) {
	h.buf = append(h.buf, 'i')
	h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(v))
}

// sum returns the digest of the row written so far (a non-zero int64; 0
// stands for "no digest", NULL) and starts the next row.
func (h *rowHasher) sum() int64 {
	sum := sha256.Sum256(h.buf)
	h.buf, h.key = h.buf[:0], ""
	d := int64(binary.LittleEndian.Uint64(sum[:8]))
	if d == 0 {
		d = 1
	}
	return d
}

// argList collects a row's values as statement arguments.
type argList []any

func (a *argList) text(s string)   { *a = append(*a, s) }
func (a *argList) integer(v int64) { *a = append(*a, v) }

// digestSum sums row digests so that a whole table compares in one query:
// the low and the high 32 bits are summed apart, which SQLite's sum() does
// without overflow for any table size we meet. Equal row counts and sums
// mean the same rows, short of a 64-bit collision, the same odds as the
// per-row digest compare that follows a mismatch.
type digestSum struct{ rows, lo, hi int64 }

func (s *digestSum) add(d int64) {
	s.rows++
	s.lo += d & 0xffffffff
	s.hi += int64(uint64(d) >> 32)
}

// tableRows is one table's share of a snapshot, keyed and digested before
// the write transaction starts (hashing 50,000 rows is CPU work that need
// not hold the cache's write lock).
type tableRows struct {
	table   string
	cols    []string // cols[0] is the key column
	write   func(i int, w rowWriter)
	keys    []string
	digests []int64
	sum     digestSum
}

// newTableRows digests the n rows write gives.
func newTableRows(table string, cols []string, n int, write func(i int, w rowWriter)) *tableRows {
	t := &tableRows{table: table, cols: cols, write: write, keys: make([]string, n), digests: make([]int64, n)}
	var h rowHasher
	for i := range n {
		write(i, &h)
		t.keys[i] = h.key
		t.digests[i] = h.sum()
		t.sum.add(t.digests[i])
	}
	return t
}

// args returns row i's values followed by its digest, for the upsert.
func (t *tableRows) args(i int) []any {
	a := make(argList, 0, len(t.cols)+1)
	t.write(i, &a)
	return append(a, t.digests[i])
}

// unchanged reports whether the table holds exactly the snapshot's rows,
// all with known digests: one aggregate query instead of reading every
// row's digest.
func (a *applier) unchanged(t *tableRows) (bool, error) {
	var rows, withDigest, lo, hi int64
	err := a.tx.QueryRowContext(a.ctx, `SELECT count(*), count(row_digest),
		coalesce(sum(row_digest & 4294967295), 0), coalesce(sum((row_digest >> 32) & 4294967295), 0)
		FROM `+t.table).Scan(&rows, &withDigest, &lo, &hi)
	if err != nil {
		return false, err
	}
	return rows == withDigest && (digestSum{rows, lo, hi}) == t.sum, nil
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

// writeChanged upserts the rows of t that are new or differ from the
// stored ones and returns the stored keys the snapshot no longer has, for
// deleteKeys. When the table's digest sum matches there is nothing to do;
// otherwise the stored digests are read and compared row by row.
func (a *applier) writeChanged(t *tableRows) (gone []string) {
	if a.err != nil {
		return nil
	}
	same, err := a.unchanged(t)
	if err != nil {
		a.fail(t.table, err)
		return nil
	}
	if same {
		return nil
	}
	stored, err := a.storedDigests(t.table, t.cols[0])
	if err != nil {
		a.fail(t.table, err)
		return nil
	}
	return a.writeChangedFrom(stored, t)
}

// writeChangedFrom is writeChanged with the stored digests already read
// (storedDigests); it consumes stored.
func (a *applier) writeChangedFrom(stored map[string]int64, t *tableRows) (gone []string) {
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
	for i, k := range t.keys {
		old, ok := stored[k]
		delete(stored, k)
		if ok && old == t.digests[i] {
			continue
		}
		if stmt == nil {
			if stmt, err = a.tx.PrepareContext(a.ctx, upsertSQL(t.table, t.cols[0], slices.Concat(t.cols, []string{"row_digest"}))); err != nil {
				a.fail(t.table, err)
				return nil
			}
		}
		res, err := stmt.ExecContext(a.ctx, t.args(i)...)
		if err != nil {
			a.fail(t.table, err)
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

// storedPhoto is a photos row as photoUnchanged needs it. Of the signed
// URLs only the part before the query is read (which file they point at):
// the query is most of a signed URL, and whether a stored link is kept
// depends on its file and its expiry, not on its signature.
type storedPhoto struct {
	modelID, status, liked        string
	createdAt, expiresAt          int64
	fileMain, fileThumb, fileOrig string
	urlExpiresAt                  int64
}

func (a *applier) storedPhotos() (map[string]storedPhoto, error) {
	rows, err := a.tx.QueryContext(a.ctx, `SELECT id, model_id, status, liked_status, created_at, expires_at,
		substr(url_main, 1, instr(url_main || '?', '?') - 1),
		substr(url_thumb, 1, instr(url_thumb || '?', '?') - 1),
		substr(url_original, 1, instr(url_original || '?', '?') - 1),
		url_expires_at FROM photos`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]storedPhoto)
	for rows.Next() {
		var id string
		var p storedPhoto
		if err := rows.Scan(&id, &p.modelID, &p.status, &p.liked, &p.createdAt, &p.expiresAt,
			&p.fileMain, &p.fileThumb, &p.fileOrig, &p.urlExpiresAt); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// photoUnchanged reports whether writing p (photoArgs order) over s would
// change nothing that matters: the same metadata, and either no links in p
// (the upsert keeps the stored ones) or links to the same files whose
// stored signature stays valid long enough (see keptLinkMinLife). The
// photo's expires_at is when its links stop working (domain.Photo), so it
// goes with the links. (Links that are equal to the stored ones pass the
// same test, unless they expire within the hour: then the upsert runs and
// finds nothing to change.)
func photoUnchanged(s storedPhoto, p []any, now time.Time) bool {
	if s.modelID != p[1] || s.status != p[2] || s.liked != p[3] || s.createdAt != p[4] {
		return false
	}
	expires, main, thumb, orig, urlExp := p[5].(int64), p[6].(string), p[7].(string), p[8].(string), p[9].(int64)
	if urlExp == 0 {
		return s.expiresAt == expires
	}
	if s.fileMain != signedFile(main) || s.fileThumb != signedFile(thumb) || s.fileOrig != signedFile(orig) {
		return false
	}
	if s.expiresAt != expires && (s.expiresAt != s.urlExpiresAt || expires != urlExp) {
		return false
	}
	nowMS := now.UnixMilli()
	left, newLife := s.urlExpiresAt-nowMS, urlExp-nowMS
	return left >= keptLinkMinLife.Milliseconds() && left >= newLife/2
}

// signedFile is a signed URL up to its query, which carries the signature
// and expiry: two URLs with the same signedFile point at the same file.
func signedFile(u string) string {
	f, _, _ := strings.Cut(u, "?")
	return f
}
