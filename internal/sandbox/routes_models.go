package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// Models (the /organization/models operations of openapi.yaml).

func (s *Server) listModels(r *http.Request) (any, error) {
	q := r.URL.Query()
	pg, err := parsePage(q)
	if err != nil {
		return nil, err
	}
	status, err := enumParam(q, "status", modelStatuses)
	if err != nil {
		return nil, err
	}
	teamID, hasTeam := first(q, "teamId")
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.org
	models := make([]jModel, 0, pg.limit)
	total := 0
	for _, m := range o.models {
		if status != "" && m.status != status || hasTeam && m.teamID != teamID {
			continue
		}
		if total >= pg.offset && len(models) < pg.limit {
			models = append(models, o.jsonModel(m))
		}
		total++
	}
	_, _, pag := pg.slice(total)
	return struct {
		Success    bool       `json:"success"`
		Models     []jModel   `json:"models"`
		Pagination pagination `json:"pagination"`
	}{true, models, pag}, nil
}

type createModelRequest struct {
	Email         *string `json:"email"`
	TeamID        *string `json:"teamId"`
	IsDevelopment bool    `json:"isDevelopment"`
	Version       *string `json:"version"`
}

// createModel is the whitelabel flow: an anonymous model in onboarding and a
// signed URL for the end user. The credit is charged later, when the model
// is submitted (control route), as the docs describe.
func (s *Server) createModel(r *http.Request) (any, error) {
	s.mu.RLock()
	enabled := s.org.whitelabel
	s.mu.RUnlock()
	if !enabled {
		return nil, errf(http.StatusForbidden, codeForbidden, "Whitelabel is not enabled for this organization")
	}
	var req createModelRequest
	if err := decodeBody(r, &req, false); err != nil {
		return nil, err
	}
	if req.Email == nil || strings.TrimSpace(*req.Email) == "" {
		return nil, badRequest("Email is required")
	}
	email, err := normalizeEmail(*req.Email)
	if err != nil {
		return nil, err
	}
	if req.Version != nil && *req.Version != "lora" && *req.Version != "one-shot" {
		return nil, badRequest("version must be one of lora, one-shot, got %q", *req.Version)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org
	teamID := ""
	if req.TeamID != nil && *req.TeamID != "" {
		if _, ok := o.teamByID[*req.TeamID]; !ok {
			return nil, notFound("Team not found")
		}
		teamID = *req.TeamID
	}
	if o.credits <= 0 && !req.IsDevelopment {
		return nil, errf(http.StatusPaymentRequired, codeInsufficient, "Insufficient credits")
	}
	m := &model{
		id:        o.ids.objectID(),
		uid:       o.ids.token("anon_", 10),
		email:     email,
		status:    statusOnboarding,
		teamID:    teamID,
		isDev:     req.IsDevelopment,
		createdAt: s.now().Truncate(time.Millisecond),
		scenario:  scWhitelabel,
	}
	o.addModel(m)
	return struct {
		Success   bool   `json:"success"`
		ModelID   string `json:"modelId"`
		Status    string `json:"status"`
		SignedURL string `json:"signedUrl"`
	}{true, m.id, m.status, origin(r) + "/auth/social?token=" + o.ids.token("tok_", 32) + "&anonymous=1"}, nil
}

func (s *Server) getModel(r *http.Request) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.org.modelByID[r.PathValue("modelId")]
	if m == nil {
		return nil, notFound("Model not found")
	}
	return struct {
		Success bool   `json:"success"`
		Model   jModel `json:"model"`
	}{true, s.org.jsonModel(m)}, nil
}

func (s *Server) deleteModel(r *http.Request) (any, error) {
	id := r.PathValue("modelId")
	if err := s.DeleteModel(id); err != nil {
		return nil, err
	}
	return struct {
		Success bool   `json:"success"`
		Message string `json:"message"`
		ModelID string `json:"modelId"`
	}{true, "Model deleted", id}, nil
}
