package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/jobs"
)

// Error codes the frontend can branch on. Never match on message text.
const (
	CodeInvalidInput = "invalid_input"
	CodeNotFound     = "not_found"
	CodeCancelled    = "cancelled"
	CodeNoAPIKey     = "no_api_key"
	CodeInternal     = "internal"
)

// AppError is the one error shape that reaches the UI. It travels as a JSON
// string: Wails ≥ 2.13 wraps a rejected non-Error value in new Error(...),
// so a plain object would lose its fields; src/api/errors.ts parses it back.
type AppError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Retryable bool   `json:"retryable"`
}

func (e *AppError) Error() string { return e.Message }

// invalidInput builds the error for a request the UI should not have sent.
func invalidInput(msg string) error { return &AppError{Code: CodeInvalidInput, Message: msg} }

// toAppError maps internal sentinels and typed errors to an AppError.
func toAppError(err error) *AppError {
	var ae *AppError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, jobs.ErrNotFound):
		return &AppError{Code: CodeNotFound, Message: err.Error()}
	case errors.Is(err, context.Canceled):
		return &AppError{Code: CodeCancelled, Message: "cancelled"}
	case errors.Is(err, context.DeadlineExceeded):
		return &AppError{Code: CodeInternal, Message: err.Error(), Retryable: true}
	case errors.Is(err, config.ErrNoAPIKey):
		return &AppError{Code: CodeNoAPIKey, Message: "No API key is set. Paste one in Settings, or open the demo organization."}
	default:
		return &AppError{Code: CodeInternal, Message: err.Error()}
	}
}

// FormatError is the Wails ErrorFormatter: every error a bound method
// returns becomes a JSON string of AppError.
func FormatError(err error) any {
	b, mErr := json.Marshal(toAppError(err))
	if mErr != nil {
		return `{"code":"internal","message":"error could not be encoded","retryable":false}`
	}
	return string(b)
}
