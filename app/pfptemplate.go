package app

import (
	"fmt"

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

// toPFP validates t (workflow.Template: the check the CLI flags and
// settings.json share) and turns it into a pfp.Template.
func (t PFPTemplate) toPFP() (pfp.Template, error) {
	if t.Size == 0 {
		// The screen always sends a size; 0 here is a bug, not "default".
		return pfp.Template{}, invalidInput(fmt.Sprintf("The size must be %d to %d pixels (it is 0).", pfp.MinSize, pfp.MaxSize))
	}
	return workflow.Template(pfp.Spec(t))
}

// savedPFPTemplate is the template saved in Settings (the built-in look
// when the file is damaged or the template invalid; the settings screen
// reports that).
func (a *App) savedPFPTemplate() pfp.Template {
	t, _ := a.d().SavedTemplate()
	return t
}

// PFPTemplate returns the saved profile picture template (the built-in
// 600×600 head-and-shoulders square when none is saved).
func (s *SettingsService) PFPTemplate() (PFPTemplate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	spec, err := s.app.d().TemplateSettings()
	return PFPTemplate(spec), err
}

// SetPFPTemplate validates t and saves it to settings.json. An invalid
// template is refused (invalid_input) and nothing is saved; the new look
// is rendered on next use.
func (s *SettingsService) SetPFPTemplate(t PFPTemplate) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.app.d().SaveTemplate(pfp.Spec(t))
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
	p, err := s.app.d().PreviewSample(ctx, member)
	if err != nil {
		return PreviewRef{}, err
	}
	if _, err := s.app.d().ProfilePicture(ctx, p, tmpl); err != nil {
		return PreviewRef{}, err
	}
	who := p.Name
	if who == "" {
		who = p.Email
	}
	return PreviewRef{URL: pfpMediaURL(p.FavoritePhotoID, tmpl), Member: who, Size: tmpl.Size}, nil
}
