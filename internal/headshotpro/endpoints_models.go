package headshotpro

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// ListModels returns one page of GET /organization/models.
func (c *Client) ListModels(ctx context.Context, f ModelFilter, p PageRequest) (Page[domain.Model], error) {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.TeamID != "" {
		q.Set("teamId", f.TeamID)
	}
	var out modelListResponse
	r, err := c.do(ctx, call{op: "list models", method: http.MethodGet, path: "/organization/models",
		query: pageQuery(q, p), idempotent: true, out: &out})
	if err != nil {
		return Page[domain.Model]{}, fmt.Errorf("list models: %w", err)
	}
	if err := decode(r, "models", &out); err != nil {
		return Page[domain.Model]{}, fmt.Errorf("list models: %w", err)
	}
	return toPage(mapSlice(out.Models, toModel), out.Pagination, p), nil
}

// Models iterates over every model matching f (deleted ones included unless
// filtered out), following hasMore.
func (c *Client) Models(ctx context.Context, f ModelFilter) iter.Seq2[domain.Model, error] {
	return paginate(ctx, "list models", MaxPageSize, func(ctx context.Context, p PageRequest) (Page[domain.Model], error) {
		return c.ListModels(ctx, f, p)
	})
}

// Model returns one model.
func (c *Client) Model(ctx context.Context, modelID string) (domain.Model, error) {
	var out modelResponse
	r, err := c.do(ctx, call{op: "get model", method: http.MethodGet, path: "/organization/models/" + escapePath(modelID), idempotent: true, out: &out})
	if err != nil {
		return domain.Model{}, fmt.Errorf("get model %s: %w", modelID, err)
	}
	if err := decode(r, "model", &out); err != nil {
		return domain.Model{}, fmt.Errorf("get model %s: %w", modelID, err)
	}
	return toModel(*out.Model), nil
}

// CreateModel creates a whitelabel model (whitelabel orgs only). Never
// retried after it may have reached the server: a repeat could create a
// second model and spend a second credit.
func (c *Client) CreateModel(ctx context.Context, req CreateModelRequest) (WhitelabelModel, error) {
	var out createModelResponse
	r, err := c.do(ctx, call{op: "create model", method: http.MethodPost, path: "/organization/models",
		body: createModelRequest{Email: req.Email, TeamID: req.TeamID, IsDevelopment: req.IsDevelopment, Version: req.Version}, out: &out})
	if err != nil {
		return WhitelabelModel{}, fmt.Errorf("create model: %w", err)
	}
	if err := decode(r, "modelId", &out); err != nil {
		return WhitelabelModel{}, fmt.Errorf("create model: %w", err)
	}
	return WhitelabelModel{ModelID: out.ModelID, Status: domain.ModelStatus(out.Status), SignedURL: out.SignedURL}, nil
}

// DeleteModel deletes a model (soft delete: it stays listable as
// "deleted"). Retried like any DELETE; after a lost answer the retry may
// report ErrAlreadyDeleted or ErrNotFound for a model this call deleted, so
// replaying callers should treat those as done.
func (c *Client) DeleteModel(ctx context.Context, modelID string) error {
	var out deleteModelResponse
	r, err := c.do(ctx, call{op: "delete model", method: http.MethodDelete, path: "/organization/models/" + escapePath(modelID), idempotent: true, out: &out})
	if err != nil {
		return fmt.Errorf("delete model %s: %w", modelID, err)
	}
	return decodeOptional(r, "message", &out)
}
