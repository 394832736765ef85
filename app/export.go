package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
)

func init() {
	bindService(func(a *App) any { return newExportService(a) })
}

// JobKindFavorites is the job kind of a Download Favorites export.
const JobKindFavorites = "favorites"

// ExportService writes Download Favorites (ZIP or folder) and the status
// CSV. Every destination is chosen in Go — the default folder or a native
// dialog — and no method takes a path from the page (reliability.md §3.9).
type ExportService struct {
	app *App

	mu     sync.Mutex
	folder string            // chosen this session; "" = the default
	csvs   map[string]string // CSV export id → file written, for RevealExport
	csvSeq int

	// Replaceable in tests: the native dialogs need a window, and the file
	// manager must not open during tests.
	dirDialog  func(ctx context.Context, opts wruntime.OpenDialogOptions) (string, error)
	saveDialog func(ctx context.Context, opts wruntime.SaveDialogOptions) (string, error)
	reveal     func(path string) error
	homeDir    func() (string, error)
	windowCtx  func() context.Context // the Wails context; nil before the window starts
}

func newExportService(a *App) *ExportService {
	return &ExportService{
		app: a, csvs: map[string]string{},
		dirDialog: wruntime.OpenDirectoryDialog, saveDialog: wruntime.SaveFileDialog,
		reveal: revealInFileManager, homeDir: os.UserHomeDir, windowCtx: a.wailsContext,
	}
}

// exportService returns the bound ExportService instance.
func (a *App) exportService() *ExportService {
	for _, s := range a.bound() {
		if e, ok := s.(*ExportService); ok {
			return e
		}
	}
	return nil
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
}

// currentFolder is the chosen folder, else ~/Downloads when it exists, else
// the home folder. The default is resolved on every call, so a Downloads
// folder created while the app runs is used.
func (s *ExportService) currentFolder() (string, error) {
	s.mu.Lock()
	chosen := s.folder
	s.mu.Unlock()
	if chosen != "" {
		if fi, err := os.Stat(chosen); err == nil && fi.IsDir() {
			return chosen, nil
		}
		// The chosen folder went away (unplugged drive): fall back.
	}
	home, err := s.homeDir()
	if err != nil {
		return "", fmt.Errorf("find the home folder: %w", err)
	}
	if dl := filepath.Join(home, "Downloads"); isDir(dl) {
		return dl, nil
	}
	return home, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// ExportFolder returns the folder exports are written to.
func (s *ExportService) ExportFolder() (ExportFolder, error) {
	dir, err := s.currentFolder()
	if err != nil {
		return ExportFolder{}, err
	}
	return ExportFolder{Label: dir}, nil
}

// ChooseExportFolder asks for the export folder with a native dialog and
// remembers it for this session. Dismissing the dialog is not an error: the
// folder stays as it was and Cancelled is set.
func (s *ExportService) ChooseExportFolder() (ExportFolder, error) {
	cur, err := s.currentFolder()
	if err != nil {
		return ExportFolder{}, err
	}
	ctx := s.windowCtx()
	if ctx == nil {
		return ExportFolder{}, errors.New("no window to show the folder dialog in")
	}
	dir, err := s.dirDialog(ctx, wruntime.OpenDialogOptions{
		Title: "Choose where exports are saved", DefaultDirectory: cur, CanCreateDirectories: true,
	})
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

// StartFavorites starts Download Favorites as a job (kind "favorites")
// writing team-photos-YYYY-MM-DD.zip (or the folder) into the export
// folder. The report's Result is the path written; Failures list each
// member's email with the reason. Photos not cached yet are downloaded;
// offline they fail with "not downloaded yet and offline".
func (s *ExportService) StartFavorites(req FavoritesRequest) (JobRef, error) {
	// pfp.jpg uses the saved profile picture template (settings).
	opts := bundle.Options{TeamID: strings.TrimSpace(req.TeamID), Template: s.app.savedPFPTemplate()}
	switch req.Format {
	case "", "zip":
		opts.Format = bundle.ZIP
	case "folder":
		opts.Format = bundle.Folder
	default:
		return JobRef{}, invalidInput(fmt.Sprintf("unknown format %q (zip or folder)", req.Format))
	}
	preset, err := bundle.ParsePreset(req.Preset)
	if err != nil {
		return JobRef{}, invalidInput(fmt.Sprintf("unknown naming preset %q", req.Preset))
	}
	opts.Preset = preset
	if err := s.checkTeam(opts.TeamID); err != nil {
		return JobRef{}, err
	}
	if opts.OutDir, err = s.currentFolder(); err != nil {
		return JobRef{}, err
	}
	deps := bundle.Deps{Store: s.app.store, Blobs: s.app.blobs, Logger: s.app.logger}
	if s.app.client != nil {
		deps.Fetcher = s.app.client
	}
	id := s.app.jobs.Start(s.app.context(), JobKindFavorites, func(ctx context.Context, t *jobs.Tracker) error {
		if s.app.syncer != nil {
			// Renew expired photo links in one pass over the favorites list
			// (a few requests) rather than one API call per photo. Offline
			// or refused, the export goes on with what it has.
			t.Phase("renewing photo links", 0)
			if _, err := s.app.syncer.RefreshFavoriteURLs(ctx, opts.TeamID, 10*time.Minute); err != nil && !errors.Is(err, context.Canceled) {
				s.app.logger.Warn("renew photo links before export", "err", err)
			}
		}
		_, err := bundle.Export(ctx, deps, opts, t)
		return favoritesError(err)
	})
	return JobRef{JobID: id, Kind: JobKindFavorites}, nil
}

// favoritesError turns the bundle's errors into sentences for the dialog.
func favoritesError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, bundle.ErrNoFavorites):
		return errors.New("Nobody in this selection has picked a favorite yet, so there is nothing to download.")
	case errors.Is(err, bundle.ErrNothingExported):
		return errors.New("None of the photos could be exported (see the list below), so no file was written.")
	case errors.Is(err, bundle.ErrNoSpace):
		return errors.New(strings.TrimPrefix(err.Error(), "bundle: "))
	default:
		return errors.New(strings.TrimPrefix(err.Error(), "bundle: "))
	}
}

func (s *ExportService) checkTeam(teamID string) error {
	if teamID == "" {
		return nil
	}
	org, err := s.app.store.Organization(s.app.context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read teams: %w", err)
	}
	for _, t := range org.Teams {
		if t.ID == teamID {
			return nil
		}
	}
	return invalidInput("that team is not in the offline copy (it may have been deleted); choose another")
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
	if err := s.reveal(path); err != nil {
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

// revealInFileManager opens the folder holding path, selecting path where
// the platform can.
func revealInFileManager(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", "-R", path)
	case "windows":
		cmd = exec.Command("explorer", "/select,"+path)
	default:
		cmd = exec.Command("xdg-open", filepath.Dir(path))
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // explorer exits 1 even on success; only reap it
	return nil
}

// ExportCSV writes the status CSV (Team Name,Email,Title,Status,Finished
// Date, then Shotdesk's extra columns) from the offline cache, so it works
// offline. Without ChooseLocation it goes into the export folder as
// team-status-YYYY-MM-DD.csv, numbered " (2)" if that name is taken; with
// it, a native save dialog asks (and has confirmed any overwrite).
func (s *ExportService) ExportCSV(req ExportCSVRequest) (ExportResult, error) {
	ctx := s.app.context()
	teamID := strings.TrimSpace(req.TeamID)
	if err := s.checkTeam(teamID); err != nil {
		return ExportResult{}, err
	}
	last, err := s.app.store.LastSync(ctx)
	if err != nil {
		return ExportResult{}, fmt.Errorf("read the offline copy: %w", err)
	}
	if last.IsZero() {
		return ExportResult{}, invalidInput("Nothing to export yet: the offline copy is empty until the first sync finishes.")
	}
	dir, err := s.currentFolder()
	if err != nil {
		return ExportResult{}, err
	}
	now := time.Now()
	name := csvio.DefaultStatusFileName(now)

	var path string
	var claimed bool
	if req.ChooseLocation {
		wctx := s.windowCtx()
		if wctx == nil {
			return ExportResult{}, errors.New("no window to show the save dialog in")
		}
		path, err = s.saveDialog(wctx, wruntime.SaveDialogOptions{
			Title: "Save the status CSV", DefaultDirectory: dir, DefaultFilename: name, CanCreateDirectories: true,
			Filters: []wruntime.FileFilter{{DisplayName: "CSV files (*.csv)", Pattern: "*.csv"}},
		})
		if err != nil {
			return ExportResult{}, fmt.Errorf("save dialog: %w", err)
		}
		if path == "" {
			return ExportResult{Cancelled: true}, nil
		}
		if filepath.Ext(path) == "" {
			path += ".csv"
		}
	} else {
		if path, err = claimFreeName(dir, name); err != nil {
			return ExportResult{}, err
		}
		claimed = true
	}

	n, err := csvio.ExportPeopleFile(ctx, path, s.app.store, teamID, csvio.ExportOptions{Now: now})
	if err != nil {
		if claimed {
			os.Remove(path)
		}
		if errors.Is(err, csvio.ErrChangedDuringExport) {
			return ExportResult{}, &AppError{Code: CodeInternal, Message: "The offline copy kept changing during the export (a sync was running). Try again.", Retryable: true}
		}
		return ExportResult{}, fmt.Errorf("write the status CSV: %w", err)
	}
	s.mu.Lock()
	s.csvSeq++
	id := fmt.Sprintf("csv-%d", s.csvSeq)
	s.csvs[id] = path
	s.mu.Unlock()
	return ExportResult{ID: id, Path: path, Rows: n}, nil
}

// claimFreeName creates an empty file at dir/name, or "name (2).ext"… when
// taken, so the default export never replaces an earlier one; the export
// then atomically replaces this claim.
func claimFreeName(dir, name string) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for k := 1; k < 1000; k++ {
		cand := name
		if k > 1 {
			cand = fmt.Sprintf("%s (%d)%s", base, k, ext)
		}
		p := filepath.Join(dir, cand)
		f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("cannot write into %s: %w", dir, err)
		}
		f.Close()
		return p, nil
	}
	return "", fmt.Errorf("too many status CSVs named %s in %s", name, dir)
}
