package app

import (
	"context"
	"strings"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// EventSwitched tells the page that another organization is open now
// (connected, or the demo after signing out): everything it shows is of
// the old one, so it loads afresh.
const EventSwitched = "app:switched"

// switchTo opens the organization whose caches are in dataDir and makes it
// the one the window shows, in place: the running jobs of the old one are
// cancelled, its sync loop stopped and its caches closed. If the new one
// cannot be opened, the old one stays.
func (a *App) switchTo(dataDir, apiURL, apiKey string, demo bool) error {
	desk, svc, err := a.open(dataDir, apiURL, apiKey)
	if err != nil {
		return err
	}
	a.mu.Lock()
	stop := a.stopRun
	a.stopRun = nil
	a.mu.Unlock()
	if stop != nil {
		stop()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.jobs.Shutdown(ctx); err != nil {
		a.logger.Warn("jobs of the previous organization did not stop in time", "err", err)
	}
	a.mu.Lock()
	old := a.desk
	a.desk, a.syncSvc = desk, svc
	a.info.DataDir, a.info.APIURL, a.info.Demo = dataDir, apiURL, demo
	a.info.CacheNotice = strings.TrimSpace(desk.RebuildNotice() + " " + desk.ReadOnlyNotice())
	a.mu.Unlock()
	old.Close()
	a.logger.Info("organization switched", "dataDir", dataDir, "demo", demo)
	a.startSyncLoop()
	if wctx := a.wailsContext(); wctx != nil {
		wruntime.EventsEmit(wctx, EventSwitched)
	}
	return nil
}

// infoNow is what the app runs on now (it changes with a switch).
func (a *App) infoNow() AppInfo {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.info
}
