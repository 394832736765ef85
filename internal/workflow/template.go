package workflow

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/pfp"
)

// SavedTemplate is the profile picture template saved in Settings
// (settings.json in the data dir), the one Download PFP, previews and
// pfp.jpg use unless told otherwise. A damaged settings file or an invalid
// template (edited by hand) gives the built-in 600×600 square and a note
// saying so; nothing is lost, the file stays for the person to fix.
func (d *Desk) SavedTemplate() (pfp.Template, string) {
	spec, note := d.SavedTemplateSpec()
	t, err := spec.Template()
	if err != nil {
		d.Logger.Warn("saved profile picture template is invalid: using the built-in one", "err", err)
		return pfp.Template{}, "The saved profile picture template is invalid, so the built-in one is used; fix it in Settings."
	}
	return t, note
}

// SavedTemplateSpec is the saved template in words, as the command line
// starts from it before applying its flags.
func (d *Desk) SavedTemplateSpec() (pfp.Spec, string) {
	return SavedTemplateSpec(d.DataDir, d.Logger)
}

// SavedTemplateSpec reads the saved template of the data dir without
// opening (or creating) anything else: rendering a local image needs no
// cache.
func SavedTemplateSpec(dataDir string, logger *slog.Logger) (pfp.Spec, string) {
	set, err := config.LoadSettings(dataDir)
	if err != nil {
		logger.Warn("settings unreadable: profile pictures use the built-in template", "err", err)
		return pfp.Spec{}, "The settings file is damaged, so the built-in profile picture template is used; saving a template in Settings replaces the file."
	}
	if set.PFPTemplate == nil {
		return pfp.Spec{}, ""
	}
	return pfp.Spec(*set.PFPTemplate), ""
}

// Template checks a template in words (settings screen, command-line flags)
// and returns it; a problem is an invalid-input error whose message says
// what is wrong and what to write instead.
func Template(spec pfp.Spec) (pfp.Template, error) {
	t, err := spec.Template()
	var te *pfp.TemplateError
	if errors.As(err, &te) {
		return t, invalid("%s.", sentence(te.Problem))
	}
	if err != nil {
		return t, Explain(err, "The profile picture template cannot be used")
	}
	return t, nil
}

// TemplateSettings is the saved template in canonical words, for the
// settings screen: the built-in one when none is saved or the saved one is
// invalid (logged). A damaged settings file is an error saying that saving
// a template replaces it; the built-in template comes with it.
func (d *Desk) TemplateSettings() (pfp.Spec, error) {
	set, err := config.LoadSettings(d.DataDir)
	if err != nil {
		return pfp.DefaultSpec(), newError(KindInternal, err, "The settings file is damaged. Saving the template replaces it.")
	}
	if set.PFPTemplate == nil {
		return pfp.DefaultSpec(), nil
	}
	spec := pfp.Spec(*set.PFPTemplate).Normalized()
	if _, err := spec.Template(); err != nil {
		d.Logger.Warn("saved profile picture template is invalid", "err", err)
		return pfp.DefaultSpec(), nil
	}
	return spec, nil
}

// SaveTemplate checks spec and saves it, normalized, in settings.json; an
// invalid one is refused and nothing is saved. PFPs rendered with the old
// template stay cached until evicted: their keys hold the template's key,
// so the new look renders on next use.
func (d *Desk) SaveTemplate(spec pfp.Spec) error {
	if spec.Size == 0 {
		// The screen always sends a size; 0 here is a mistake, not "default".
		return invalid("The size must be %d to %d pixels (it is 0).", pfp.MinSize, pfp.MaxSize)
	}
	t, err := Template(spec)
	if err != nil {
		return err
	}
	set, err := config.LoadSettings(d.DataDir)
	if err != nil {
		set = config.Settings{} // a damaged file is replaced by this explicit choice
	}
	saved := config.PFPTemplateSettings(spec.Normalized())
	set.PFPTemplate = &saved
	if err := config.SaveSettings(d.DataDir, set); err != nil {
		return Explain(err, "Saving the settings failed")
	}
	d.Logger.Info("profile picture template saved", "template", t.Key())
	return nil
}

// SaveAPIURL keeps an API base URL in settings.json of dataDir (advanced;
// "" or the default restores the default). It must be https, or http to
// this computer (a local sandbox); the environment's SHOTDESK_API_URL
// still wins over it.
func SaveAPIURL(dataDir, raw string) error {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	if raw == config.DefaultAPIURL {
		raw = ""
	}
	if raw != "" {
		if err := config.ValidateAPIURL(raw); err != nil {
			return newError(KindInvalidInput, err, "%s cannot be used: the API address must be https, or http to this computer.", raw)
		}
	}
	set, err := config.LoadSettings(dataDir)
	if err != nil {
		set = config.Settings{} // a damaged file is replaced by this explicit choice
	}
	set.APIURL = raw
	if err := config.SaveSettings(dataDir, set); err != nil {
		return Explain(err, "Saving the settings failed")
	}
	return nil
}

// ClearPhotoCache deletes the downloaded photos (the next sync downloads
// favorites and thumbnails again) and says how much it freed and how much
// stays (photos a running export is reading).
func (d *Desk) ClearPhotoCache() (freed, remaining int64, err error) {
	before, _ := d.Blobs.Usage()
	err = d.Blobs.Clear()
	after, _ := d.Blobs.Usage()
	if err != nil {
		return 0, after, Explain(err, "Clearing the photo cache failed")
	}
	d.Logger.Info("photo cache cleared", "freedBytes", before-after)
	return before - after, after, nil
}
