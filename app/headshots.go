package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/userfiles"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// HeadshotsService backs the Headshots page and the member detail: its
// sections, one member's gallery, profile pictures and the links to the
// HeadshotPro pages for the actions the hosted API does not offer.
type HeadshotsService struct {
	app *App
}

// SectionRequest selects one section of the Headshots page.
type SectionRequest struct {
	// Section is "finished" (shoot done, not actioned), "actioned",
	// "inProgress" (joined, not done), "invited" or "deleted".
	Section string `json:"section"`
	Search  string `json:"search"`
	TeamID  string `json:"teamId"`
	Limit   int    `json:"limit"`
	Offset  int    `json:"offset"`
}

// Section returns one page of a Headshots section from the cache.
func (s *HeadshotsService) Section(req SectionRequest) (PeoplePage, error) {
	q, err := workflow.SectionQuery(req.Section)
	if err != nil {
		return PeoplePage{}, err
	}
	q.Search, q.TeamID, q.Limit, q.Offset = req.Search, req.TeamID, req.Limit, req.Offset
	return s.app.peoplePage(q)
}

// Shoot is one photo shoot of a person.
type Shoot struct {
	ModelID string `json:"modelId"`
	Title   string `json:"title"`
	Status  string `json:"status"` // the stage's words ("Training", "Deleted"); an unknown API status as it came
	// Stage is the stage key ("" when unknown); Finished: its results were
	// ready (active); Favorite: a favorite is picked.
	Stage      string `json:"stage"`
	Finished   bool   `json:"finished"`
	Favorite   bool   `json:"favorite"`
	CreatedAt  string `json:"createdAt"`
	FinishedAt string `json:"finishedAt"`
	Current    bool   `json:"current"`
	// Folder is the shoot's folder in the Download Favorites ZIP ("" when
	// it is not exported); a second shoot with the same title is "… (2)".
	Folder string `json:"folder"`
}

// GalleryPhoto is one photo of the current shoot. The URLs are the app's
// own /media routes and are "" while that variant is not cached.
type GalleryPhoto struct {
	ID        string `json:"id"`
	ThumbURL  string `json:"thumbUrl"`
	MainURL   string `json:"mainUrl"`
	Favorite  bool   `json:"favorite"`
	Liked     string `json:"liked"`
	CreatedAt string `json:"createdAt"`
	// ExpiresAt is when HeadshotPro's download link for this photo stops
	// working; a cached copy stays available offline after that.
	ExpiresAt string `json:"expiresAt"`
}

// PersonDetail is what the member detail shows.
type PersonDetail struct {
	Person PersonRow      `json:"person"`
	Shoots []Shoot        `json:"shoots"`
	Photos []GalleryPhoto `json:"photos"`
	// PFPURL is the cached preview in the saved template, "" until
	// PFPPreview rendered it.
	PFPURL string `json:"pfpUrl"`
}

// MemberDetail returns a person (by key, email or member id) with their
// shoots and the current shoot's cached gallery.
func (s *HeadshotsService) MemberDetail(key string) (PersonDetail, error) {
	v, err := s.app.d().Member(s.app.context(), key)
	if err != nil {
		return PersonDetail{}, err
	}
	p := v.Person
	rules, err := s.app.d().Rules(s.app.context())
	if err != nil {
		return PersonDetail{}, err
	}
	d := PersonDetail{Person: toPersonRow(p, rules), Shoots: []Shoot{}, Photos: []GalleryPhoto{}}
	for _, m := range v.Shoots {
		title := m.Title
		if title == "" {
			title = "Photo shoot"
		}
		status := m.Stage.Label()
		if status == "" {
			status = string(m.Status)
		}
		d.Shoots = append(d.Shoots, Shoot{ModelID: m.ID, Title: title, Status: status, Stage: string(m.Stage),
			Finished: m.Finished, Favorite: m.Favorite, Folder: m.Folder,
			CreatedAt: isoTime(m.CreatedAt), FinishedAt: isoTime(m.FinishedAt), Current: m.ID == p.ModelID})
	}
	for _, ph := range v.Photos {
		g := GalleryPhoto{ID: ph.ID, Favorite: ph.Favorite, Liked: string(ph.LikedStatus), CreatedAt: isoTime(ph.CreatedAt), ExpiresAt: isoTime(ph.ExpiresAt)}
		if ph.ThumbCached {
			g.ThumbURL = photoURL(ph.ID, blobs.VariantThumb)
		}
		if ph.MainCached {
			g.MainURL = photoURL(ph.ID, blobs.VariantMain)
		}
		d.Photos = append(d.Photos, g)
	}
	if t := s.app.savedPFPTemplate(); s.app.d().HasProfilePicture(p, t) {
		d.PFPURL = pfpMediaURL(p.FavoritePhotoID, t)
	}
	return d, nil
}

// photoURL is where the webview finds a cached photo.
func photoURL(photoID, variant string) string {
	return mediaPrefix + "photo/" + photoID + "/" + variant
}

// LoadGallery refreshes a shoot's gallery (metadata and fresh download
// links) from HeadshotPro and downloads its thumbnails into the photo
// cache, as a job of kind "gallery". Offline, the job fails with the
// reason and the cached gallery stays as it was.
func (s *HeadshotsService) LoadGallery(modelID string) (JobRef, error) {
	ctx := s.app.context()
	if _, err := s.app.d().Store.Model(ctx, modelID); err != nil || strings.TrimSpace(modelID) == "" {
		return JobRef{}, &AppError{Code: CodeNotFound, Message: "This photo shoot is not in the offline copy (any more). Sync to refresh it."}
	}
	id := s.app.jobs.Start(ctx, "gallery", func(ctx context.Context, t *jobs.Tracker) error {
		return s.app.jobError(s.app.d().RefreshGallery(ctx, modelID, t), "Refreshing the gallery failed")
	})
	return JobRef{JobID: id, Kind: "gallery"}, nil
}

// LoadPhoto makes sure one variant ("thumbnail" or "main") of a cached
// photo is in the photo cache, downloading it when missing, and returns
// its /media URL.
func (s *HeadshotsService) LoadPhoto(photoID, variant string) (string, error) {
	if err := s.app.d().FetchPhoto(s.app.context(), photoID, variant); err != nil {
		return "", err
	}
	return photoURL(photoID, variant), nil
}

// pfpMediaURL serves a rendered PFP: /media/pfp/<photoId>/<templateKey>.
// The URL changes with the template, so the webview never shows a stale
// render from its HTTP cache.
func pfpMediaURL(photoID string, t pfp.Template) string {
	return mediaPrefix + "pfp/" + photoID + "/" + t.Key()
}

// PFPPreview renders (or finds) the profile picture of a shoot's favorite
// in the saved template (settings) and returns its /media URL.
func (s *HeadshotsService) PFPPreview(modelID string) (string, error) {
	ctx := s.app.context()
	p, err := s.app.d().ShootOwner(ctx, modelID)
	if err != nil {
		return "", err
	}
	t := s.app.savedPFPTemplate()
	if _, err := s.app.d().ProfilePicture(ctx, p, t); err != nil {
		return "", err
	}
	return pfpMediaURL(p.FavoritePhotoID, t), nil
}

// PFPFraming says, when it is worth saying, how a shoot's profile picture
// was framed: "" when a face was found; otherwise that none was and what
// the picture shows instead (the Profile Picture tab shows it).
func (s *HeadshotsService) PFPFraming(modelID string) (string, error) {
	ctx := s.app.context()
	p, err := s.app.d().ShootOwner(ctx, modelID)
	if err != nil {
		return "", err
	}
	return s.app.d().FramingNote(ctx, p, s.app.savedPFPTemplate())
}

// SavedFile says where a file was written, for the confirmation message.
type SavedFile struct {
	Label string `json:"label"` // e.g. "Downloads/ana@example.com-pfp.png"
}

// SavePFP writes the PNG profile picture (saved template) of a shoot's
// favorite as "<email>-pfp.png" into the Downloads folder, or where the
// native save dialog says when chooseLocation (the dialog confirmed any
// overwrite). In the Downloads folder an existing file is never replaced:
// the name gets " (2)", " (3)"…
func (s *HeadshotsService) SavePFP(modelID string, chooseLocation bool) (SavedFile, error) {
	ctx := s.app.context()
	p, err := s.app.d().ShootOwner(ctx, modelID)
	if err != nil {
		return SavedFile{}, err
	}
	var out workflow.FileTarget
	if chooseLocation {
		stem := p.Email
		if stem == "" {
			stem = p.MemberID
		}
		chosen, err := s.app.os.saveFile("Save profile picture", workflow.DefaultExportDir(), workflow.PFPFileName(stem),
			[]wruntime.FileFilter{{DisplayName: "PNG image (*.png)", Pattern: "*.png"}})
		if err != nil {
			return SavedFile{}, fmt.Errorf("save dialog: %w", err)
		}
		if chosen == "" {
			return SavedFile{}, &AppError{Code: CodeCancelled, Message: "Cancelled."}
		}
		if !strings.EqualFold(filepath.Ext(chosen), ".png") {
			chosen += ".png"
		}
		out = workflow.FileTarget{Path: chosen, Replace: true}
	}
	target, err := s.app.d().SaveMemberPFP(ctx, p.Key, s.app.savedPFPTemplate(), out)
	if err != nil {
		return SavedFile{}, err
	}
	return SavedFile{Label: userfiles.ShortPath(target)}, nil
}

// MemberPageResult says what OpenMemberPage did.
type MemberPageResult struct {
	Opened bool   `json:"opened"` // false in the demo organization
	Notice string `json:"notice"` // why the web page, and what to do there
}

// OpenMemberPage opens the member's HeadshotPro admin page in the system
// browser, for the actions the hosted API does not offer. action is
// "open", "retry" (Give retry), "access-link" (Send access link) or
// "restart" (Restart shoot); it picks the words of the notice. In the
// demo organization nothing opens (its ids are made up) and the notice
// says what would happen.
func (s *HeadshotsService) OpenMemberPage(memberID, action string) (MemberPageResult, error) {
	link, err := s.app.d().MemberPageFor(s.app.context(), memberID, action, s.app.infoNow().Demo)
	if err != nil {
		return MemberPageResult{}, err
	}
	if link.URL != "" {
		if err := s.app.openLink(link.URL); err != nil {
			return MemberPageResult{}, err
		}
	}
	return MemberPageResult{Opened: link.URL != "", Notice: link.Notice}, nil
}
