package app

import (
	"errors"
	"strings"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/userfiles"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// desktop is what the services ask of the operating system: native file
// dialogs (they return "" when dismissed), the file manager and the
// browser. Tests replace the functions: a dialog needs a window, and
// nothing may open during a test.
type desktop struct {
	openFile  func(title string, filters []wruntime.FileFilter) (string, error)
	chooseDir func(title, start string) (string, error)
	saveFile  func(title, dir, name string, filters []wruntime.FileFilter) (string, error)
	reveal    func(path string) error
	openURL   func(u string)
}

var errNoWindow = errors.New("the window is not ready")

// newDesktop asks through the Wails window once it started.
func newDesktop(a *App) desktop {
	return desktop{
		openFile: func(title string, filters []wruntime.FileFilter) (string, error) {
			if ctx := a.wailsContext(); ctx != nil {
				return wruntime.OpenFileDialog(ctx, wruntime.OpenDialogOptions{Title: title, Filters: filters})
			}
			return "", errNoWindow
		},
		chooseDir: func(title, start string) (string, error) {
			if ctx := a.wailsContext(); ctx != nil {
				return wruntime.OpenDirectoryDialog(ctx, wruntime.OpenDialogOptions{Title: title, DefaultDirectory: start, CanCreateDirectories: true})
			}
			return "", errNoWindow
		},
		saveFile: func(title, dir, name string, filters []wruntime.FileFilter) (string, error) {
			if ctx := a.wailsContext(); ctx != nil {
				return wruntime.SaveFileDialog(ctx, wruntime.SaveDialogOptions{Title: title, DefaultDirectory: dir,
					DefaultFilename: name, CanCreateDirectories: true, Filters: filters})
			}
			return "", errNoWindow
		},
		reveal: userfiles.Reveal,
		openURL: func(u string) {
			if ctx := a.wailsContext(); ctx != nil {
				wruntime.BrowserOpenURL(ctx, u)
			}
		},
	}
}

// openLink opens a link in the browser or the mail program, only when
// workflow.CheckLink allows it (a HeadshotPro page, or a mail draft to
// people of the offline copy): whatever a page asks, nothing else opens.
func (a *App) openLink(link string) error {
	if err := workflow.CheckLink(link); err != nil {
		a.logger.Warn("refused to open a link", "scheme", linkScheme(link))
		return err
	}
	a.os.openURL(link)
	return nil
}

func linkScheme(link string) string {
	if i := strings.Index(link, ":"); i > 0 && i < 16 {
		return link[:i]
	}
	return "?"
}
