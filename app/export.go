package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// JobKindFavorites is the job kind of a Download Favorites export.
const JobKindFavorites = "favorites"

// ExportService writes Download Favorites (ZIP or folder) and the status
// CSV. Every destination is chosen in Go — the default folder or a native
// dialog — and no method takes a path from the page: a compromised page
// must not be able to write files where it likes.
type ExportService struct {
	app *App

	mu     sync.Mutex
	folder string            // chosen this session; "" = the default
	csvs   map[string]string // CSV export id → file written, for RevealExport
	csvSeq int
}

// ExportFolder is where exports go, as shown to the user.
type ExportFolder struct {
	Label string `json:"label"` // the folder's path, for display
	// Cancelled is true when ChooseExportFolder's dialog was dismissed (the
	// folder is unchanged).
	Cancelled bool `json:"cancelled"`
}

// FavoritesRequest starts a Download Favorites export into the export folder.
type FavoritesRequest struct {
	TeamID string `json:"teamId"` // "" = everyone
	Format string `json:"format"` // "zip" (default) or "folder"
	Preset string `json:"preset"` // "headshotpro" (default), "flat-email", "flat-email-pfp"
}

// ExportCSVRequest writes the status CSV.
type ExportCSVRequest struct {
	TeamID string `json:"teamId"` // "" = everyone
	// The list's view, so the file holds exactly the rows it shows: Tab as
	// in PeopleRequest ("" = everyone), the search, whether actioned
	// shoots are hidden, and the order. All empty: everybody (the
	// dashboard's export).
	Tab          string `json:"tab"`
	Search       string `json:"search"`
	HideActioned bool   `json:"hideActioned"`
	Sort         string `json:"sort"`
	// ChooseLocation asks with a native save dialog instead of writing
	// team-status-YYYY-MM-DD.csv into the export folder.
	ChooseLocation bool `json:"chooseLocation"`
}

// ExportResult says what ExportCSV wrote.
type ExportResult struct {
	// ID names this export for RevealExport ("" when nothing was written).
	ID   string `json:"id"`
	Path string `json:"path"` // the file written, for display
	Rows int    `json:"rows"`
	// Cancelled is true when the save dialog was dismissed; nothing was written.
	Cancelled bool `json:"cancelled"`
	// Note says the offline copy could not be refreshed first, and its age.
	Note string `json:"note"`
}

// currentFolder is the chosen folder, else the user's Downloads folder
// (workflow.DefaultExportDir), resolved on every call so a folder created
// or unplugged while the app runs is noticed.
func (s *ExportService) currentFolder() string {
	s.mu.Lock()
	chosen := s.folder
	s.mu.Unlock()
	if chosen != "" && isDir(chosen) {
		return chosen
	}
	return workflow.DefaultExportDir()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// ExportFolder returns the folder exports are written to.
func (s *ExportService) ExportFolder() (ExportFolder, error) {
	return ExportFolder{Label: s.currentFolder()}, nil
}

// ChooseExportFolder asks for the export folder with a native dialog and
// remembers it for this session. Dismissing the dialog is not an error: the
// folder stays as it was and Cancelled is set.
func (s *ExportService) ChooseExportFolder() (ExportFolder, error) {
	cur := s.currentFolder()
	dir, err := s.app.os.chooseDir("Choose where exports are saved", cur)
	if err != nil {
		return ExportFolder{}, fmt.Errorf("folder dialog: %w", err)
	}
	if dir == "" {
		return ExportFolder{Label: cur, Cancelled: true}, nil
	}
	if !isDir(dir) {
		return ExportFolder{}, invalidInput(fmt.Sprintf("%s is not a folder", dir))
	}
	s.mu.Lock()
	s.folder = dir
	s.mu.Unlock()
	return ExportFolder{Label: dir}, nil
}

// StartFavorites starts Download Favorites as a job (kind "favorites"):
// the offline copy is refreshed first when HeadshotPro answers, then
// team-photos-YYYY-MM-DD.zip (or the folder) is written into the export
// folder. The report's Result is the path written; Failures list each
// member's email with the reason.
func (s *ExportService) StartFavorites(req FavoritesRequest) (JobRef, error) {
	wreq := workflow.FavoritesRequest{Team: strings.TrimSpace(req.TeamID)}
	switch req.Format {
	case "", "zip":
		wreq.Format = bundle.ZIP
	case "folder":
		wreq.Format = bundle.Folder
	default:
		return JobRef{}, invalidInput(fmt.Sprintf("unknown format %q (zip or folder)", req.Format))
	}
	preset, err := bundle.ParsePreset(req.Preset)
	if err != nil {
		return JobRef{}, invalidInput(fmt.Sprintf("unknown naming preset %q", req.Preset))
	}
	wreq.Preset = preset
	if err := s.checkTeam(wreq.Team); err != nil {
		return JobRef{}, err
	}
	wreq.OutDir = s.currentFolder()
	a := s.app
	id := a.jobs.Start(a.context(), JobKindFavorites, func(ctx context.Context, t *jobs.Tracker) error {
		res, err := a.d().DownloadFavorites(ctx, wreq, t)
		for _, n := range res.Notes {
			a.logger.Info("download favorites", "note", n)
		}
		return a.jobError(err, "Download Favorites failed")
	})
	return JobRef{JobID: id, Kind: JobKindFavorites}, nil
}

// checkTeam refuses a team the offline copy does not have: the page only
// offers cached teams, so one missing was deleted by a sync meanwhile.
func (s *ExportService) checkTeam(teamID string) error {
	if teamID == "" {
		return nil
	}
	if _, err := s.app.d().ResolveTeam(s.app.context(), teamID); err != nil {
		return invalidInput("That team is not in the offline copy (it may have been deleted); choose another.")
	}
	return nil
}

// RevealExport shows an export's output in the system file manager. id is a
// favorites job id or an ExportCSV result id; the path comes from Go's own
// records, never from the page.
func (s *ExportService) RevealExport(id string) error {
	path, err := s.exportPath(id)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err != nil {
		return &AppError{Code: CodeNotFound, Message: fmt.Sprintf("%s is no longer there (moved or deleted?)", path)}
	}
	if err := s.app.os.reveal(path); err != nil {
		return fmt.Errorf("open the file manager: %w", err)
	}
	return nil
}

// exportPath looks up what an export wrote: a favorites job's report
// Result, or a CSV export recorded by ExportCSV.
func (s *ExportService) exportPath(id string) (string, error) {
	s.mu.Lock()
	p, ok := s.csvs[id]
	s.mu.Unlock()
	if ok {
		return p, nil
	}
	snap, err := s.app.jobs.Get(id)
	if err != nil {
		return "", err
	}
	if snap.Progress.Kind != JobKindFavorites {
		return "", invalidInput("that job is not an export")
	}
	if snap.Report == nil || snap.Report.Result == "" {
		return "", &AppError{Code: CodeNotFound, Message: "this export has not written anything"}
	}
	return snap.Report.Result, nil
}

// ExportCSV writes the status CSV (Team Name,Email,Title,Status,Finished
// Date, then Shotdesk's extra columns), after refreshing the offline copy
// when HeadshotPro answers (offline it uses the copy and says how old it
// is). Without ChooseLocation it goes into the export folder as
// team-status-YYYY-MM-DD.csv, numbered " (2)" if that name is taken; with
// it, a native save dialog asks (and has confirmed any overwrite).
func (s *ExportService) ExportCSV(req ExportCSVRequest) (ExportResult, error) {
	ctx := s.app.context()
	teamID := strings.TrimSpace(req.TeamID)
	if err := s.checkTeam(teamID); err != nil {
		return ExportResult{}, err
	}
	dir := s.currentFolder()
	wreq := workflow.StatusCSVRequest{Team: teamID, Dir: dir,
		View: workflow.View{Status: req.Tab, Search: req.Search, HideActioned: req.HideActioned, Sort: req.Sort}}
	if _, err := workflow.ViewQuery(wreq.View); err != nil {
		return ExportResult{}, err // before the save dialog asks
	}
	if req.ChooseLocation {
		path, err := s.app.os.saveFile("Save the status CSV", dir, csvio.DefaultStatusFileName(time.Now()),
			[]wruntime.FileFilter{{DisplayName: "CSV files (*.csv)", Pattern: "*.csv"}})
		if err != nil {
			return ExportResult{}, fmt.Errorf("save dialog: %w", err)
		}
		if path == "" {
			return ExportResult{Cancelled: true}, nil
		}
		if filepath.Ext(path) == "" {
			path += ".csv"
		}
		wreq.Path, wreq.Replace = path, true // the dialog confirmed an overwrite
	}
	res, err := s.app.d().ExportStatusCSV(ctx, wreq)
	if err != nil {
		return ExportResult{}, err
	}
	out := s.remember(res.Path, res.Rows)
	out.Note = res.Freshness.Note
	return out, nil
}

// remember records a CSV written for RevealExport and describes it.
func (s *ExportService) remember(path string, rows int) ExportResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.csvSeq++
	id := fmt.Sprintf("csv-%d", s.csvSeq)
	s.csvs[id] = path
	return ExportResult{ID: id, Path: path, Rows: rows}
}
