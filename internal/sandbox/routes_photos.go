package sandbox

import (
	"net/http"
	"time"
)

// Photos (the photo operations of openapi.yaml). Every photo carries freshly
// signed URLs and the expiresAt of this issue; re-calling an endpoint
// re-signs.

func (s *Server) modelOr404(id string) (*model, error) {
	m := s.org.modelByID[id]
	if m == nil {
		return nil, notFound("Model not found")
	}
	return m, nil
}

func (s *Server) listPhotos(r *http.Request) (any, error) {
	q := r.URL.Query()
	pg, err := parsePage(q)
	if err != nil {
		return nil, err
	}
	status, err := enumParam(q, "status", photoStatuses)
	if err != nil {
		return nil, err
	}
	if status == "" {
		status = photoActive
	}
	liked, err := enumParam(q, "likedStatus", likedStatuses)
	if err != nil {
		return nil, err
	}
	all, err := includeAll(q)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, err := s.modelOr404(r.PathValue("modelId"))
	if err != nil {
		return nil, err
	}
	now := s.now()
	photos := make([]jPhoto, 0, min(pg.limit, len(m.photos)))
	total := 0
	// INFERRED: a model that is not active lists no photos.
	if m.status == statusActive {
		for _, p := range m.photos {
			if p.status != status || liked != "" && p.liked != liked {
				continue
			}
			if total >= pg.offset && len(photos) < pg.limit {
				photos = append(photos, s.jsonPhoto(r, p, all, now))
			}
			total++
		}
	}
	_, _, pag := pg.slice(total)
	return struct {
		Success    bool       `json:"success"`
		Photos     []jPhoto   `json:"photos"`
		Pagination pagination `json:"pagination"`
	}{true, photos, pag}, nil
}

// getFavorite answers 200 with photo null and a message when there is no
// favorite (third-party observation; INFERRED also for non-active models).
func (s *Server) getFavorite(r *http.Request) (any, error) {
	all, err := includeAll(r.URL.Query())
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, err := s.modelOr404(r.PathValue("modelId"))
	if err != nil {
		return nil, err
	}
	type resp struct {
		Success bool    `json:"success"`
		Photo   *jPhoto `json:"photo"`
		Message string  `json:"message,omitempty"`
	}
	if m.status != statusActive || m.favorite == nil || m.favorite.status != photoActive {
		msg := "No favorite photo selected"
		if m.status == statusDeleted {
			msg = "Model has been deleted"
		}
		return resp{Success: true, Message: msg}, nil
	}
	p := s.jsonPhoto(r, m.favorite, all, s.now())
	return resp{Success: true, Photo: &p}, nil
}

func (s *Server) getPhoto(r *http.Request) (any, error) {
	all, err := includeAll(r.URL.Query())
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, err := s.modelOr404(r.PathValue("modelId"))
	if err != nil {
		return nil, err
	}
	p := s.org.photoByID[r.PathValue("photoId")]
	if p == nil || p.model != m || m.status == statusDeleted {
		return nil, notFound("Photo not found")
	}
	return struct {
		Success bool   `json:"success"`
		Photo   jPhoto `json:"photo"`
	}{true, s.jsonPhoto(r, p, all, s.now())}, nil
}

type downloadRequest struct {
	PhotoIDs []string `json:"photoIds"`
	Include  *string  `json:"include"`
}

type jDownload struct {
	ID   string `json:"id"`
	URLs jURLs  `json:"urls"`
}

// downloadPhotos signs URLs for the listed photos, or for every active
// photo when photoIds is omitted or empty. INFERRED: an unknown id fails the
// whole request with 404; a deleted model yields an empty list.
func (s *Server) downloadPhotos(r *http.Request) (any, error) {
	var req downloadRequest
	if err := decodeBody(r, &req, true); err != nil {
		return nil, err
	}
	all := false
	if req.Include != nil {
		switch *req.Include {
		case "main":
		case "all":
			all = true
		default:
			return nil, badRequest("include must be one of main, all, got %q", *req.Include)
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, err := s.modelOr404(r.PathValue("modelId"))
	if err != nil {
		return nil, err
	}
	now := s.now()
	var picked []*photo
	if len(req.PhotoIDs) > 0 {
		for _, id := range req.PhotoIDs {
			p := s.org.photoByID[id]
			if p == nil || p.model != m {
				return nil, notFound("Photo %s not found", id)
			}
			picked = append(picked, p)
		}
	} else {
		for _, p := range m.photos {
			if p.status == photoActive {
				picked = append(picked, p)
			}
		}
	}
	if m.status == statusDeleted {
		picked = nil
	}
	downloads := make([]jDownload, 0, len(picked))
	var exp time.Time
	for _, p := range picked {
		urls, e := s.signPhoto(r, p, all, now)
		downloads = append(downloads, jDownload{ID: p.id, URLs: urls})
		exp = e
	}
	if exp.IsZero() {
		exp = s.expiry(m, now)
	}
	return struct {
		Success   bool        `json:"success"`
		Downloads []jDownload `json:"downloads"`
		ExpiresAt string      `json:"expiresAt"`
	}{true, downloads, apiTime(exp)}, nil
}

// listOrgFavorites lists every active model's favorite, newest model first,
// with member context; teamId filters by the model's team.
func (s *Server) listOrgFavorites(r *http.Request) (any, error) {
	q := r.URL.Query()
	pg, err := parsePage(q)
	if err != nil {
		return nil, err
	}
	all, err := includeAll(q)
	if err != nil {
		return nil, err
	}
	teamID, hasTeam := first(q, "teamId")
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.org
	now := s.now()
	out := make([]jOrgFavorite, 0, pg.limit)
	total := 0
	for _, m := range o.models {
		if m.status != statusActive || m.favorite == nil || m.favorite.status != photoActive {
			continue
		}
		if hasTeam && m.teamID != teamID {
			continue
		}
		if total >= pg.offset && len(out) < pg.limit {
			f := jOrgFavorite{jPhoto: s.jsonPhoto(r, m.favorite, all, now), Email: strPtr(m.email), Title: copyPtr(m.title)}
			f.TeamID, f.TeamName = o.teamRef(m.teamID)
			if m.user != nil {
				f.Name = strPtr(m.user.name)
			}
			out = append(out, f)
		}
		total++
	}
	_, _, pag := pg.slice(total)
	return struct {
		Success    bool           `json:"success"`
		Photos     []jOrgFavorite `json:"photos"`
		Pagination pagination     `json:"pagination"`
	}{true, out, pag}, nil
}

func (s *Server) jsonPhoto(r *http.Request, p *photo, all bool, now time.Time) jPhoto {
	urls, exp := s.signPhoto(r, p, all, now)
	return jPhoto{ID: p.id, ModelID: p.model.id, Status: p.status, LikedStatus: p.liked,
		CreatedAt: apiTime(p.createdAt), URLs: urls, ExpiresAt: apiTime(exp)}
}
