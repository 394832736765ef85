package app

import (
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// EventSwitched tells the page that another organization is open now
// (connected, or the demo after signing out): everything it shows is of
// the old one, so it loads afresh.
const EventSwitched = "app:switched"

// switchTo makes the organization whose caches are in dataDir the one the
// window shows, in place (workflow.Session.Switch), and tells the page.
func (a *App) switchTo(dataDir, apiURL, apiKey string, demo bool) error {
	if err := a.session.Switch(dataDir, apiURL, apiKey); err != nil {
		return err
	}
	a.mu.Lock()
	a.info.DataDir, a.info.APIURL, a.info.Demo = dataDir, apiURL, demo
	a.info.CacheNotice = a.session.Notice()
	a.mu.Unlock()
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
