package csvio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// StatusHeader is the status CSV's header row. The first five columns are
// the contract shared with the web dashboard's export; the rest may only
// ever be appended to.
var StatusHeader = []string{
	"Team Name", "Email", "Title", "Status", "Finished Date",
	"Lifecycle", "Favorite", "Actioned", "Actioned At", "Retry Possible Until", "Model ID",
}

// bom is the UTF-8 byte-order mark; without it Excel reads the file in the
// ANSI code page and garbles every non-ASCII name.
const bom = "\ufeff"

// dateLayout is the only date format the CSV uses.
const dateLayout = "2006-01-02"

// StatusRow is one person in the status CSV. The store maps its rows into
// this; csvio derives every computed column from it.
type StatusRow struct {
	TeamName string
	Email    string
	Title    string
	// State is the derived lifecycle (domain.Derive). State.Lifecycle (and
	// FinishedAt, for a deleted shoot) decides the Status column; the stage
	// fills the Lifecycle column, or State.Label() when there is none, so an
	// unknown API status is shown as-is.
	State domain.State
	// Stage is where inside the lifecycle the shoot is (domain.StageOf);
	// when empty it is worked out from State and ModelStatus.
	Stage domain.Stage
	// FinishedAt is when the shoot finished; zero when it never did.
	FinishedAt  time.Time
	HasFavorite bool
	Actioned    bool
	ActionedAt  time.Time // zero when unknown
	// ModelStatus and RetriesUsed feed domain.RetryEligibility. An empty
	// ModelStatus is taken as active when the lifecycle says the results are
	// ready (Finished / No favorite), so callers without the raw status still
	// get the retry column right.
	ModelStatus domain.ModelStatus
	RetriesUsed int
	ModelID     string
}

// ExportOptions tune WriteStatus.
type ExportOptions struct {
	// Location is the zone dates are printed in; nil means time.Local.
	Location *time.Location
	// Now decides retry eligibility; zero means time.Now().
	Now time.Time
}

func (o ExportOptions) withDefaults() ExportOptions {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// SliceRows adapts a slice to the iterator WriteStatus takes.
func SliceRows(rows []StatusRow) iter.Seq2[StatusRow, error] {
	return func(yield func(StatusRow, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// DefaultStatusFileName is the file name the save dialog proposes, matching
// the dashboard's team-photos-YYYY-MM-DD.zip naming.
func DefaultStatusFileName(now time.Time) string {
	return "team-status-" + now.Format(dateLayout) + ".csv"
}

// WriteStatus streams the status CSV to w: BOM, header, then one line per
// row, without holding the rows in memory. rows yields an error to abort
// (a failed database cursor, a cancelled context); WriteStatus then stops and
// returns it, so ExportStatusFile never commits a truncated export. The
// count of rows written is returned for the UI's confirmation.
func WriteStatus(w io.Writer, rows iter.Seq2[StatusRow, error], opts ExportOptions) (int, error) {
	opts = opts.withDefaults()
	// 256 KiB: the measured sweet spot for 100k rows.
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return 0, fmt.Errorf("write status csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(StatusHeader); err != nil {
		return 0, fmt.Errorf("write status csv header: %w", err)
	}

	rec := make([]string, len(StatusHeader)) // reused: no per-row slice
	n := 0
	for row, err := range rows {
		if err != nil {
			return n, fmt.Errorf("write status csv: row %d: %w", n+1, err)
		}
		fillRecord(rec, &row, &opts)
		if err := cw.Write(rec); err != nil {
			return n, fmt.Errorf("write status csv: row %d: %w", n+1, err)
		}
		n++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("write status csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write status csv: %w", err)
	}
	return n, nil
}

func fillRecord(rec []string, r *StatusRow, o *ExportOptions) {
	rec[0] = textCell(r.TeamName)
	rec[1] = textCell(r.Email)
	rec[2] = textCell(r.Title)
	rec[3] = string(domain.CSVStatusFor(r.State.Lifecycle, r.FinishedAt))
	rec[4] = dateCell(r.FinishedAt, o.Location)
	rec[5] = textCell(lifecycleCell(r))
	rec[6] = yesNo(r.HasFavorite)
	rec[7] = yesNo(r.Actioned)
	rec[8] = ""
	if r.Actioned {
		rec[8] = dateCell(r.ActionedAt, o.Location)
	}
	rec[9] = retryCell(r, o)
	rec[10] = textCell(r.ModelID)
}

// lifecycleCell is the Lifecycle column: the stage in the words the window
// uses ("Training", "Failed, restarting"), else the lifecycle or the unknown
// API status as it came.
func lifecycleCell(r *StatusRow) string {
	stage := r.Stage
	if stage == "" {
		stage = domain.StageOf(r.State.Lifecycle, r.ModelStatus, "")
	}
	if l := stage.Label(); l != "" {
		return l
	}
	return r.State.Label()
}

// textCell prepares free text: line breaks unified to LF, because
// encoding/csv with UseCRLF silently drops a lone CR inside a quoted cell (as
// LF it comes out as CRLF like every other break); then formula
// neutralisation, last, so nothing can change the first rune after it.
func textCell(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return Neutralize(s)
}

func dateCell(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(dateLayout)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func retryCell(r *StatusRow, o *ExportOptions) string {
	status := r.ModelStatus
	if status == "" && (r.State.Lifecycle == domain.LifecycleFinished || r.State.Lifecycle == domain.LifecycleNoFavorite) {
		status = domain.ModelActive
	}
	ret := domain.RetryEligibility(domain.RetryInput{
		ModelStatus: status, FinishedAt: r.FinishedAt, RetriesUsed: r.RetriesUsed,
	}, o.Now)
	if !ret.Eligible {
		return ""
	}
	return dateCell(ret.Until, o.Location)
}
