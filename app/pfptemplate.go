package app

import (
	"fmt"
	"strings"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// PFPTemplate is the organization's profile picture template as the
// settings screen edits it. It is kept in settings.json in the data dir
// (the demo's lasts as long as the demo) and styles Download PFP, the
// member detail's preview and the pfp.jpg of Download Favorites.
type PFPTemplate struct {
	Shape      string `json:"shape"`      // "square", "rounded" or "circle"
	Size       int    `json:"size"`       // 128–1024 px
	Background string `json:"background"` // "#rrggbb" or "transparent"
	// Outline is the ring's colour ("#rrggbb"); OutlineWidth 0 draws none.
	Outline      string `json:"outline"`
	OutlineWidth int    `json:"outlineWidth"` // 0–32 px
	Grayscale    bool   `json:"grayscale"`
	Framing      string `json:"framing"` // "head" (head and shoulders), "centre" or "smart"
}

// defaultPFPTemplate is HeadshotPro's built-in PFP: a 600×600
// head-and-shoulders square (pfp.Template{}).
func defaultPFPTemplate() PFPTemplate {
	return PFPTemplate{Shape: "square", Size: pfp.DefaultSize, Background: "transparent", Outline: "#ffffff", Framing: "head"}
}

// toPFP validates t (with pfp.Spec, the parser the CLI and settings.json
// share) and turns it into a pfp.Template. Errors are invalid_input
// AppErrors in words the settings screen can show.
func (t PFPTemplate) toPFP() (pfp.Template, error) {
	if t.Size == 0 {
		// The screen always sends a size; 0 here is a bug, not "default".
		return pfp.Template{}, invalidInput(fmt.Sprintf("The size must be %d to %d pixels (it is 0).", pfp.MinSize, pfp.MaxSize))
	}
	return workflow.Template(pfp.Spec(t))
}

// normalized is t with canonical spelling (lower case, "#rrggbb"), as saved.
func (t PFPTemplate) normalized() PFPTemplate {
	t.Shape = strings.ToLower(strings.TrimSpace(t.Shape))
	t.Framing = strings.ToLower(strings.TrimSpace(t.Framing))
	if t.Framing == "" {
		t.Framing = "head"
	} else if t.Framing == "center" {
		t.Framing = "centre"
	}
	norm := func(s string) string {
		if c, err := pfp.ParseColor(s); err == nil {
			return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
		}
		return strings.ToLower(strings.TrimSpace(s))
	}
	t.Background = norm(t.Background)
	if t.Background == "" {
		t.Background = "transparent"
	}
	t.Outline = norm(t.Outline)
	if t.Outline == "" {
		t.Outline = defaultPFPTemplate().Outline
	}
	return t
}

func fromPFPSettings(s *config.PFPTemplateSettings) PFPTemplate {
	if s == nil {
		return defaultPFPTemplate()
	}
	t := PFPTemplate{Shape: s.Shape, Size: s.Size, Background: s.Background, Outline: s.Outline,
		OutlineWidth: s.OutlineWidth, Grayscale: s.Grayscale, Framing: s.Framing}
	if t.Size == 0 {
		t.Size = pfp.DefaultSize
	}
	return t.normalized()
}

func (t PFPTemplate) settings() *config.PFPTemplateSettings {
	return &config.PFPTemplateSettings{Shape: t.Shape, Size: t.Size, Background: t.Background, Outline: t.Outline,
		OutlineWidth: t.OutlineWidth, Grayscale: t.Grayscale, Framing: t.Framing}
}

// savedPFPTemplate is the template saved in Settings (the built-in look
// when the file is damaged or the template invalid; the settings screen
// reports that).
func (a *App) savedPFPTemplate() pfp.Template {
	t, _ := a.desk.SavedTemplate()
	return t
}

// PFPTemplate returns the saved profile picture template (the built-in
// 600×600 head-and-shoulders square when none is saved).
func (s *SettingsService) PFPTemplate() (PFPTemplate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, err := config.LoadSettings(s.app.info.DataDir)
	if err != nil {
		return defaultPFPTemplate(), &AppError{Code: CodeInternal, Message: "The settings file is damaged (" + err.Error() + "). Saving the template replaces it."}
	}
	t := fromPFPSettings(set.PFPTemplate)
	if _, err := t.toPFP(); err != nil {
		s.app.logger.Warn("saved profile picture template is invalid", "err", err)
		return defaultPFPTemplate(), nil
	}
	return t, nil
}

// SetPFPTemplate validates t and saves it to settings.json. An invalid
// template is refused (invalid_input) and nothing is saved. Profile
// pictures rendered with the old template stay in the photo cache until it
// evicts them; every PFP cache key includes the template's key, so the new
// look is rendered on next use.
func (s *SettingsService) SetPFPTemplate(t PFPTemplate) error {
	if _, err := t.toPFP(); err != nil {
		return err
	}
	t = t.normalized()
	s.mu.Lock()
	defer s.mu.Unlock()
	dir := s.app.info.DataDir
	set, err := config.LoadSettings(dir)
	if err != nil {
		set = config.Settings{} // a damaged file is replaced by this explicit choice
	}
	set.PFPTemplate = t.settings()
	if err := config.SaveSettings(dir, set); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	s.app.logger.Info("profile picture template saved", "template", mustKey(t))
	return nil
}

func mustKey(t PFPTemplate) string {
	p, _ := t.toPFP()
	return p.Key()
}

// PreviewRef is a rendered template preview.
type PreviewRef struct {
	URL    string `json:"url"`    // /media/pfp/<photoId>/<templateKey>
	Member string `json:"member"` // whose favorite it shows (name or email)
	Size   int    `json:"size"`   // the rendered side in pixels
}

// PreviewPFPTemplate renders t (saved or not) on a sample favorite — the
// member given by key (email, member id or person key), else the first
// favorite already in the photo cache, else the first favorite at all —
// into the photo cache and returns its /media URL.
func (s *SettingsService) PreviewPFPTemplate(t PFPTemplate, member string) (PreviewRef, error) {
	tmpl, err := t.toPFP()
	if err != nil {
		return PreviewRef{}, err
	}
	ctx := s.app.context()
	p, err := s.app.desk.PreviewSample(ctx, member)
	if err != nil {
		return PreviewRef{}, err
	}
	if _, err := s.app.desk.ProfilePicture(ctx, p, tmpl); err != nil {
		return PreviewRef{}, err
	}
	who := p.Name
	if who == "" {
		who = p.Email
	}
	return PreviewRef{URL: pfpMediaURL(p.FavoritePhotoID, tmpl), Member: who, Size: tmpl.Size}, nil
}
