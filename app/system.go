package app

// SystemService answers questions about the app itself.
type SystemService struct {
	app *App
}

// Info returns the version, data dir and mode.
func (s *SystemService) Info() (AppInfo, error) {
	return s.app.infoNow(), nil
}
