package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/store"
)

func init() {
	bindService(func(a *App) any {
		return &HeadshotsService{app: a, openURL: a.browserOpenURL, saveDialog: a.saveFileDialog}
	})
}

// HeadshotsService backs the Headshots page and the member detail: its
// sections, one member's gallery, profile pictures and the links to the
// HeadshotPro pages for the actions the hosted API does not offer.
type HeadshotsService struct {
	app *App
	// openURL opens a vetted URL in the system browser; tests replace it.
	openURL func(u string)
	// saveDialog asks where to save a file ("" = cancelled); tests replace it.
	saveDialog func(defaultDir, defaultName string) (string, error)
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

var sections = map[string]store.PeopleQuery{
	"finished":   {Lifecycles: []domain.Lifecycle{domain.LifecycleFinished, domain.LifecycleNoFavorite}, HideActioned: true, Sort: store.SortLatest},
	"actioned":   {Lifecycle: store.FilterActioned, Sort: store.SortLatest},
	"inProgress": {Lifecycles: []domain.Lifecycle{domain.LifecycleJoined, domain.LifecycleGenerating}, Sort: store.SortLatest},
	"invited":    {Lifecycle: domain.LifecycleInvited, Sort: store.SortLatest},
	"deleted":    {Lifecycle: domain.LifecycleDeleted, Sort: store.SortLatest},
}

// Section returns one page of a Headshots section from the cache.
func (s *HeadshotsService) Section(req SectionRequest) (PeoplePage, error) {
	q, ok := sections[req.Section]
	if !ok {
		return PeoplePage{}, invalidInput(fmt.Sprintf("unknown section %q", req.Section))
	}
	if req.Offset < 0 {
		return PeoplePage{}, invalidInput("offset must not be negative")
	}
	if req.Limit <= 0 || req.Limit > maxPage {
		req.Limit = maxPage
	}
	q.Search, q.TeamID, q.Limit, q.Offset = strings.TrimSpace(req.Search), req.TeamID, req.Limit, req.Offset
	page, err := s.app.store.People(s.app.context(), q)
	if err != nil {
		return PeoplePage{}, fmt.Errorf("list %s: %w", req.Section, err)
	}
	out := PeoplePage{Total: page.Total, Items: make([]PersonRow, 0, len(page.Items))}
	now := time.Now()
	for _, p := range page.Items {
		out.Items = append(out.Items, toPersonRow(p, now))
	}
	return out, nil
}

// Shoot is one photo shoot of a person.
type Shoot struct {
	ModelID    string `json:"modelId"`
	Title      string `json:"title"`
	Status     string `json:"status"`
	CreatedAt  string `json:"createdAt"`
	FinishedAt string `json:"finishedAt"`
	Current    bool   `json:"current"`
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
	ctx := s.app.context()
	p, err := s.person(ctx, key)
	if err != nil {
		return PersonDetail{}, err
	}
	d := PersonDetail{Person: toPersonRow(p, time.Now()), Shoots: []Shoot{}, Photos: []GalleryPhoto{}}
	if p.Email != "" {
		models, err := s.app.store.ModelsOf(ctx, p.Email)
		if err != nil {
			return PersonDetail{}, fmt.Errorf("shoots of %s: %w", p.Email, err)
		}
		for _, m := range models {
			title := m.Title
			if title == "" {
				title = "Photo shoot"
			}
			d.Shoots = append(d.Shoots, Shoot{ModelID: m.ID, Title: title, Status: string(m.Status),
				CreatedAt: isoTime(m.CreatedAt), FinishedAt: isoTime(m.FinishedAt), Current: m.ID == p.ModelID})
		}
	}
	if p.ModelID != "" {
		photos, err := s.app.store.PhotosOf(ctx, p.ModelID)
		if err != nil {
			return PersonDetail{}, fmt.Errorf("photos of %s: %w", p.ModelID, err)
		}
		for _, ph := range photos {
			d.Photos = append(d.Photos, GalleryPhoto{
				ID: ph.ID, ThumbURL: s.cachedURL(ph.ID, blobs.VariantThumb), MainURL: s.cachedURL(ph.ID, blobs.VariantMain),
				Favorite: ph.ID == p.FavoritePhotoID, Liked: string(ph.LikedStatus),
				CreatedAt: isoTime(ph.CreatedAt), ExpiresAt: isoTime(ph.ExpiresAt),
			})
		}
		// The favorite first: it is the picture the organization uses.
		for i, ph := range d.Photos {
			if ph.Favorite && i > 0 {
				copy(d.Photos[1:i+1], d.Photos[:i])
				d.Photos[0] = ph
				break
			}
		}
	}
	if p.FavoritePhotoID != "" {
		t := s.app.savedPFPTemplate()
		if _, ok := s.app.blobs.Lookup(pfpBlobKey(p.FavoritePhotoID, t)); ok {
			d.PFPURL = pfpMediaURL(p.FavoritePhotoID, t)
		}
	}
	return d, nil
}

func (s *HeadshotsService) cachedURL(photoID, variant string) string {
	if _, ok := s.app.blobs.Lookup(blobs.PhotoKey(photoID, variant)); ok {
		return mediaPrefix + "photo/" + photoID + "/" + variant
	}
	return ""
}

func (s *HeadshotsService) person(ctx context.Context, key string) (store.Person, error) {
	if strings.TrimSpace(key) == "" {
		return store.Person{}, invalidInput("no member given")
	}
	p, err := s.app.store.Person(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return store.Person{}, &AppError{Code: CodeNotFound, Message: "This member is not in the offline copy (any more). Sync to refresh it."}
	}
	if err != nil {
		return store.Person{}, fmt.Errorf("find member: %w", err)
	}
	return p, nil
}

// LoadGallery refreshes a shoot's gallery (metadata and fresh download
// links) from HeadshotPro and downloads its thumbnails into the photo
// cache, as a job of kind "gallery". Offline, the job fails with the
// reason and the cached gallery stays as it was.
func (s *HeadshotsService) LoadGallery(modelID string) (JobRef, error) {
	if strings.TrimSpace(modelID) == "" {
		return JobRef{}, invalidInput("this member has no photo shoot")
	}
	if _, err := s.modelOf(s.app.context(), modelID); err != nil {
		return JobRef{}, err
	}
	id := s.app.jobs.Start(s.app.context(), "gallery", func(ctx context.Context, t *jobs.Tracker) error {
		t.Phase("refreshing the gallery", 0)
		recs, err := s.app.syncer.RefreshPhotos(ctx, modelID)
		if err != nil {
			return err
		}
		var todo []store.PhotoRecord
		for _, r := range recs {
			if _, ok := s.app.blobs.Lookup(blobs.PhotoKey(r.ID, blobs.VariantThumb)); !ok {
				todo = append(todo, r)
			}
		}
		t.Phase("downloading thumbnails", len(todo))
		for _, r := range todo {
			n, err := s.app.syncer.FetchPhoto(ctx, modelID, r.ID, blobs.VariantThumb)
			if err != nil {
				if ctx.Err() != nil || headshotpro.IsOffline(err) {
					return err
				}
				t.Fail(r.ID, err.Error())
				continue
			}
			t.Add(1, n)
		}
		t.SetResult(fmt.Sprintf("%d photos", len(recs)))
		return s.app.blobs.Flush()
	})
	return JobRef{JobID: id, Kind: "gallery"}, nil
}

// modelOf checks that modelID is a cached shoot and returns its owner's email.
func (s *HeadshotsService) modelOf(ctx context.Context, modelID string) (string, error) {
	m, err := s.app.store.Model(ctx, modelID)
	if errors.Is(err, store.ErrNotFound) {
		return "", &AppError{Code: CodeNotFound, Message: "This photo shoot is not in the offline copy (any more). Sync to refresh it."}
	}
	if err != nil {
		return "", fmt.Errorf("find shoot: %w", err)
	}
	return m.Email, nil
}

// LoadPhoto makes sure one variant ("thumbnail" or "main") of a cached
// photo is in the photo cache, downloading it when missing, and returns
// its /media URL.
func (s *HeadshotsService) LoadPhoto(photoID, variant string) (string, error) {
	if variant != blobs.VariantThumb && variant != blobs.VariantMain {
		return "", invalidInput(fmt.Sprintf("unknown photo size %q", variant))
	}
	ctx := s.app.context()
	rec, err := s.app.store.Photo(ctx, photoID)
	if errors.Is(err, store.ErrNotFound) {
		return "", &AppError{Code: CodeNotFound, Message: "This photo is not in the offline copy (any more)."}
	}
	if err != nil {
		return "", fmt.Errorf("find photo: %w", err)
	}
	if u := s.cachedURL(photoID, variant); u != "" {
		return u, nil
	}
	if _, err := s.app.syncer.FetchPhoto(ctx, rec.ModelID, photoID, variant); err != nil {
		return "", offlineAware(err, "This photo is not downloaded yet")
	}
	return mediaPrefix + "photo/" + photoID + "/" + variant, nil
}

func offlineAware(err error, what string) error {
	if headshotpro.IsOffline(err) {
		return &AppError{Code: CodeInternal, Message: what + " and HeadshotPro cannot be reached. Try again when you are online.", Retryable: true}
	}
	return err
}

// pfpBlobKey is the photo cache key of a favorite's PNG PFP in template t.
// The template's key is part of it, so a changed template renders anew and
// the old renders stay in the cache until it evicts them.
func pfpBlobKey(photoID string, t pfp.Template) string {
	return blobs.PFPKey(photoID, t.Key(), blobs.EncodingPNG)
}

// pfpMediaURL serves a rendered PFP: /media/pfp/<photoId>/<templateKey>.
// The URL changes with the template, so the webview never shows a stale
// render from its HTTP cache.
func pfpMediaURL(photoID string, t pfp.Template) string {
	return mediaPrefix + "pfp/" + photoID + "/" + t.Key()
}

// pfpResolve is the media route's resolver for kind "pfp"; the variant is
// a template key, and only PFPs rendered already are found.
func (a *App) pfpResolve(photoID, templateKey string) (string, bool) {
	ref, ok := a.blobs.Lookup(blobs.PFPKey(photoID, templateKey, blobs.EncodingPNG))
	return ref.Hash, ok
}

// renderPFP returns the favorite's PNG in template t, from the photo cache
// or rendered from the cached (or freshly downloaded) favorite, and caches it.
func (a *App) renderPFP(ctx context.Context, p store.Person, t pfp.Template) ([]byte, error) {
	who := p.Email
	if who == "" {
		who = p.Name
	}
	if !p.HasFavorite || p.FavoritePhotoID == "" {
		return nil, &AppError{Code: CodeInvalidInput, Message: who + " has not picked a favorite yet, so there is no profile picture to make."}
	}
	key := pfpBlobKey(p.FavoritePhotoID, t)
	if ref, ok := a.blobs.Lookup(key); ok {
		if rc, err := a.blobs.Open(ref.Hash); err == nil {
			defer rc.Close()
			return io.ReadAll(rc)
		}
	}
	if _, err := a.syncer.FetchPhoto(ctx, p.ModelID, p.FavoritePhotoID, blobs.VariantMain); err != nil {
		return nil, offlineAware(err, "The favorite of "+who+" is not downloaded yet")
	}
	ref, ok := a.blobs.Lookup(blobs.PhotoKey(p.FavoritePhotoID, blobs.VariantMain))
	if !ok {
		return nil, fmt.Errorf("the photo cache did not keep the favorite of %s (is the disk full?)", who)
	}
	unpin := a.blobs.Pin(ref.Hash)
	defer unpin()
	src, err := a.blobs.Open(ref.Hash)
	if err != nil {
		return nil, fmt.Errorf("open the favorite of %s: %w", who, err)
	}
	defer src.Close()
	var buf bytes.Buffer
	if err := (pfp.Renderer{}).RenderTo(ctx, &buf, src, t, pfp.PNG); err != nil {
		return nil, fmt.Errorf("profile picture of %s: %w", who, err)
	}
	if _, err := a.blobs.PutKeyed(ctx, key, bytes.NewReader(buf.Bytes())); err != nil {
		a.logger.Warn("could not cache a profile picture", "err", err)
	}
	return buf.Bytes(), nil
}

// PFPPreview renders (or finds) the profile picture of a shoot's favorite
// in the saved template (settings) and returns its /media URL.
func (s *HeadshotsService) PFPPreview(modelID string) (string, error) {
	ctx := s.app.context()
	p, err := s.currentShootOwner(ctx, modelID)
	if err != nil {
		return "", err
	}
	t := s.app.savedPFPTemplate()
	if _, err := s.app.renderPFP(ctx, p, t); err != nil {
		return "", err
	}
	_ = s.app.blobs.Flush()
	return pfpMediaURL(p.FavoritePhotoID, t), nil
}

// SavedFile says where a file was written, for the confirmation message.
type SavedFile struct {
	Label string `json:"label"` // e.g. "Downloads/ana@example.com-pfp.png"
}

// SavePFP writes the PNG profile picture (saved template) of a shoot's favorite as
// "<email>-pfp.png" into ~/Downloads (else the home folder), or where the
// native save dialog says when chooseLocation. An existing file is never
// replaced: the name gets " (2)", " (3)"…
func (s *HeadshotsService) SavePFP(modelID string, chooseLocation bool) (SavedFile, error) {
	ctx := s.app.context()
	p, err := s.currentShootOwner(ctx, modelID)
	if err != nil {
		return SavedFile{}, err
	}
	stem := p.Email
	if stem == "" {
		stem = p.MemberID
	}
	name := bundle.SafeName(stem + "-pfp.png")
	dir := downloadsDir()
	var target string
	if chooseLocation {
		chosen, err := s.saveDialog(dir, name)
		if err != nil {
			return SavedFile{}, fmt.Errorf("save dialog: %w", err)
		}
		if chosen == "" {
			return SavedFile{}, &AppError{Code: CodeCancelled, Message: "cancelled"}
		}
		if !strings.EqualFold(filepath.Ext(chosen), ".png") {
			chosen += ".png"
		}
		dir, name = filepath.Dir(chosen), filepath.Base(chosen)
	}
	png, err := s.app.renderPFP(ctx, p, s.app.savedPFPTemplate())
	if err != nil {
		return SavedFile{}, err
	}
	target, err = writeNew(dir, name, png)
	if err != nil {
		return SavedFile{}, fmt.Errorf("save the profile picture: %w", err)
	}
	_ = s.app.blobs.Flush()
	label := target
	if home, err := os.UserHomeDir(); err == nil {
		if rel, err := filepath.Rel(home, target); err == nil && !strings.HasPrefix(rel, "..") {
			label = rel
		}
	}
	return SavedFile{Label: label}, nil
}

// currentShootOwner returns the person whose current shoot is modelID.
func (s *HeadshotsService) currentShootOwner(ctx context.Context, modelID string) (store.Person, error) {
	email, err := s.modelOf(ctx, modelID)
	if err != nil {
		return store.Person{}, err
	}
	p, err := s.person(ctx, email)
	if err != nil {
		return store.Person{}, err
	}
	if p.ModelID != modelID {
		return store.Person{}, invalidInput("this is not the member's current photo shoot")
	}
	return p, nil
}

// downloadsDir is ~/Downloads when it exists, else the home folder.
func downloadsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	if info, err := os.Stat(filepath.Join(home, "Downloads")); err == nil && info.IsDir() {
		return filepath.Join(home, "Downloads")
	}
	return home
}

// writeNew writes data as dir/name, or "name (2).ext", "name (3).ext"…
// when taken, atomically (temp file, then a hard link that fails when the
// name exists), and returns the path written.
func writeNew(dir, name string, data []byte) (string, error) {
	tmp, err := os.CreateTemp(dir, ".shotdesk-*.tmp")
	if err != nil {
		return "", err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	_ = os.Chmod(tmpName, 0o644)
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 10000; i++ {
		candidate := name
		if i > 1 {
			candidate = fmt.Sprintf("%s (%d)%s", base, i, ext)
		}
		target := filepath.Join(dir, candidate)
		err := os.Link(tmpName, target)
		if err == nil {
			return target, nil
		}
		if errors.Is(err, os.ErrExist) {
			continue
		}
		// No hard links here (FAT, some shares): check, then rename.
		if _, serr := os.Lstat(target); serr == nil {
			continue
		}
		if err := os.Rename(tmpName, target); err != nil {
			return "", err
		}
		return target, nil
	}
	return "", fmt.Errorf("%s: too many files with this name", filepath.Join(dir, name))
}

// headshotProHost is the only host OpenMemberPage opens.
const headshotProHost = "www.headshotpro.com"

// memberPageURL is HeadshotPro's admin page of a member, where Give retry,
// Send access link and Restart shoot live.
func memberPageURL(memberID string) string {
	return "https://" + headshotProHost + "/app/admin/members/" + url.PathEscape(memberID) + "?tab=headshots"
}

// OpenMemberPage opens the member's HeadshotPro admin page in the system
// browser, for the actions the hosted API does not offer (Give retry, Send
// access link). The id must be a member in the offline copy; the URL is
// built here and only ever points at HeadshotPro.
func (s *HeadshotsService) OpenMemberPage(memberID string) error {
	memberID = strings.TrimSpace(memberID)
	if memberID == "" {
		return invalidInput("this person has not joined yet, so HeadshotPro has no member page for them")
	}
	p, err := s.app.store.Person(s.app.context(), memberID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.MemberID != memberID) {
		return &AppError{Code: CodeNotFound, Message: "This member is not in the offline copy (any more). Sync to refresh it."}
	}
	if err != nil {
		return fmt.Errorf("find member: %w", err)
	}
	target := memberPageURL(p.MemberID)
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "https" || u.Host != headshotProHost {
		return invalidInput("refusing to open a link outside HeadshotPro")
	}
	s.openURL(target)
	return nil
}

func (a *App) browserOpenURL(u string) {
	if ctx := a.wailsContext(); ctx != nil {
		wruntime.BrowserOpenURL(ctx, u)
	}
}

func (a *App) saveFileDialog(defaultDir, defaultName string) (string, error) {
	ctx := a.wailsContext()
	if ctx == nil {
		return "", errors.New("no window")
	}
	return wruntime.SaveFileDialog(ctx, wruntime.SaveDialogOptions{
		DefaultDirectory: defaultDir, DefaultFilename: defaultName, Title: "Save profile picture",
		Filters: []wruntime.FileFilter{{DisplayName: "PNG image (*.png)", Pattern: "*.png"}},
	})
}
