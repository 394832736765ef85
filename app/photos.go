package app

import (
	"fmt"
	"path/filepath"
	"strings"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/userfiles"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// SavePhoto writes one full-size photo of the member detail's gallery, as
// it came from HeadshotPro, into the Downloads folder as
// "<email>-<photo id>.jpg" (never replacing a file: " (2)"…), or where the
// native save dialog says when chooseLocation. The page names the photo by
// id; the path is always chosen in Go.
func (s *HeadshotsService) SavePhoto(photoID string, chooseLocation bool) (SavedFile, error) {
	ctx := s.app.context()
	var out workflow.FileTarget
	if chooseLocation {
		rec, err := s.app.d().Store.Photo(ctx, photoID)
		if err != nil {
			return SavedFile{}, &AppError{Code: CodeNotFound, Message: "This photo is not in the offline copy (any more). Sync to refresh it."}
		}
		stem := "headshot"
		if m, err := s.app.d().Store.Model(ctx, rec.ModelID); err == nil && m.Email != "" {
			stem = m.Email
		}
		chosen, err := s.app.os.saveFile("Save photo", workflow.DefaultExportDir(), workflow.PhotoFileName(stem, photoID, ".jpg"),
			[]wruntime.FileFilter{{DisplayName: "Images (*.jpg, *.png)", Pattern: "*.jpg;*.jpeg;*.png"}})
		if err != nil {
			return SavedFile{}, fmt.Errorf("save dialog: %w", err)
		}
		if chosen == "" {
			return SavedFile{}, &AppError{Code: CodeCancelled, Message: "Cancelled."}
		}
		if ext := strings.ToLower(filepath.Ext(chosen)); ext != ".jpg" && ext != ".jpeg" && ext != ".png" {
			chosen += ".jpg"
		}
		out = workflow.FileTarget{Path: chosen, Replace: true} // the dialog confirmed an overwrite
	}
	target, err := s.app.d().SavePhoto(ctx, photoID, out)
	if err != nil {
		return SavedFile{}, err
	}
	return SavedFile{Label: userfiles.ShortPath(target)}, nil
}
