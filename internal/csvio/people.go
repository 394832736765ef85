package csvio

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/shotdesk/shotdesk/internal/store"
)

// PeoplePageSize is how many people one store query reads for the status
// CSV. In name order the pages are keyset pages (each starts after the
// previous page's last key), so their number barely matters; other orders
// page with LIMIT/OFFSET, where each page re-walks the rows before it:
// n/size pages cost O(n²/size) row steps (measured on 100,000 people with
// offsets, BenchmarkStatusCSV100k, 2 cores: 2,000 → 1.1 s, 5,000 → 0.65 s,
// 10,000 → 0.47 s, 20,000 → 0.41 s, one query → 0.37 s). 20,000 holds
// ~10 MB of Person values at a time instead of the whole organization.
const PeoplePageSize = 20_000

// ErrChangedDuringExport means a sync committed between two pages, so the
// pages may overlap or miss people. The caller starts the export again; the
// atomic file write has already discarded the partial output.
var ErrChangedDuringExport = errors.New("the offline copy changed while it was being exported")

// PeopleSource is the part of *store.Store the status export reads.
// PeopleForExport is People with only the fields StatusRowOf reads.
type PeopleSource interface {
	LastSync(ctx context.Context) (time.Time, error)
	PeopleForExport(ctx context.Context, q store.PeopleQuery) (store.PeoplePage, error)
}

// ExportPeopleFile writes the status CSV of the offline copy (or of one
// team) atomically to path, the same file for the window and the CLI. A
// sync landing mid-export restarts it, up to three attempts; then
// ErrChangedDuringExport.
func ExportPeopleFile(ctx context.Context, path string, src PeopleSource, teamID string, opts ExportOptions) (int, error) {
	for attempt := 1; ; attempt++ {
		n, err := ExportStatusFile(path, PeopleRows(ctx, src, teamID, PeoplePageSize), opts)
		if err == nil || !errors.Is(err, ErrChangedDuringExport) || attempt == 3 {
			return n, err
		}
	}
}

// PeopleRows streams every person of the offline copy (or of one team when
// teamID is set) as status CSV rows, in the store's deterministic order
// (normalized email, the dashboard's "Name A–Z").
//
// Who is in it: every member and every pending invite, as the dashboard's
// export ("all members regardless of status"); revoked invites are left out,
// because they are no longer part of the organization and the dashboard's
// lists drop them too (store.PeopleQuery's default). Title is the shoot's
// (model's) title, the same "title" as the ZIP's "email - title" folders,
// so it is empty for people without a shoot.
// RetriesUsed stays 0: retries given are not tracked locally yet, so the
// retry column shows the window the shoot is still in.
//
// Each page is its own read transaction. If a sync lands between two pages
// (the window and the CLI share the cache), the total or the last-sync time
// changes and the iterator yields ErrChangedDuringExport instead of writing a
// file with duplicated or missing people.
//
// pageSize is PeoplePageSize in production; tests cross page boundaries with
// a few people. Pages are read one after the other: reading the next page in
// the background was measured and saves only the CSV encoding (~30 ms of a
// 100,000-person export), not worth a goroutine.
func PeopleRows(ctx context.Context, st PeopleSource, teamID string, pageSize int) iter.Seq2[StatusRow, error] {
	return QueryRows(ctx, st, store.PeopleQuery{TeamID: teamID}, pageSize)
}

// QueryRows is PeopleRows for any list of people: q is the store query a
// list runs (its Limit and Offset are ignored), so an export of "the
// current view" holds exactly the rows the list shows, in its order.
func QueryRows(ctx context.Context, st PeopleSource, q store.PeopleQuery, pageSize int) iter.Seq2[StatusRow, error] {
	return func(yield func(StatusRow, error) bool) {
		syncedAt, err := st.LastSync(ctx)
		if err != nil {
			yield(StatusRow{}, fmt.Errorf("read the last sync time: %w", err))
			return
		}
		total := -1
		// In name order (the default) each page starts after the last
		// key of the one before (keyset paging); other orders page by
		// offset, which steps over the earlier rows again.
		keyset := q.Sort == "" || q.Sort == store.SortName
		q.After = ""
		for offset := 0; ; offset += pageSize {
			q.Limit, q.Offset = pageSize, offset
			if keyset {
				q.Offset = 0
			}
			page, err := st.PeopleForExport(ctx, q)
			if err != nil {
				yield(StatusRow{}, fmt.Errorf("read people %d–%d: %w", offset+1, offset+pageSize, err))
				return
			}
			if total < 0 {
				total = page.Total
			} else if page.Total != total {
				yield(StatusRow{}, ErrChangedDuringExport)
				return
			}
			if offset > 0 {
				// The count alone misses a sync that swapped people one for
				// one; the snapshot time does not.
				last, err := st.LastSync(ctx)
				if err != nil {
					yield(StatusRow{}, fmt.Errorf("read the last sync time: %w", err))
					return
				}
				if !last.Equal(syncedAt) {
					yield(StatusRow{}, ErrChangedDuringExport)
					return
				}
			}
			for i := range page.Items {
				if !yield(StatusRowOf(&page.Items[i]), nil) {
					return
				}
			}
			if len(page.Items) < pageSize || offset+pageSize >= total {
				return
			}
			q.After = page.Items[len(page.Items)-1].Key
		}
	}
}

// StatusRowOf maps one person to a CSV row; the export derives the Status,
// Retry and formatting from these fields.
func StatusRowOf(p *store.Person) StatusRow {
	return StatusRow{
		TeamName:    p.TeamName,
		Email:       p.Email,
		Title:       p.ModelTitle,
		State:       p.State(),
		Stage:       p.Stage(),
		FinishedAt:  p.FinishedAt,
		HasFavorite: p.HasFavorite,
		Actioned:    p.Actioned,
		ActionedAt:  p.ActionedAt,
		ModelStatus: p.ModelStatus,
		RetriesUsed: 0,
		ModelID:     p.ModelID,
	}
}
