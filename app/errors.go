package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// Error codes the frontend can branch on; never match on message text.
// This is every code: TestErrorCodesMatchTheFrontend checks the union in
// frontend/src/api/errors.ts against it.
const (
	CodeInvalidInput        = "invalid_input"
	CodeNotFound            = "not_found"
	CodeCancelled           = "cancelled"
	CodeOffline             = "offline"
	CodeNoAPIKey            = "no_api_key"
	CodeBadAPIKey           = "bad_api_key"
	CodeKeychainUnavailable = "keychain_unavailable"
	CodeDirectoryRefused    = "directory_refused"
	CodeBusy                = "busy"
	CodeInternal            = "internal"
)

// AllCodes lists the codes above, for the frontend check.
var AllCodes = []string{CodeInvalidInput, CodeNotFound, CodeCancelled, CodeOffline, CodeNoAPIKey,
	CodeBadAPIKey, CodeKeychainUnavailable, CodeDirectoryRefused, CodeBusy, CodeInternal}

// codeOfKind maps the use cases' kinds to codes.
var codeOfKind = map[workflow.Kind]string{
	workflow.KindInvalidInput:        CodeInvalidInput,
	workflow.KindNotFound:            CodeNotFound,
	workflow.KindCancelled:           CodeCancelled,
	workflow.KindOffline:             CodeOffline,
	workflow.KindNoAPIKey:            CodeNoAPIKey,
	workflow.KindBadAPIKey:           CodeBadAPIKey,
	workflow.KindKeychainUnavailable: CodeKeychainUnavailable,
	workflow.KindDirectoryRefused:    CodeDirectoryRefused,
	workflow.KindBusy:                CodeBusy,
	workflow.KindInternal:            CodeInternal,
}

// AppError is the one error shape that reaches the UI. It travels as a JSON
// string: Wails ≥ 2.13 wraps a rejected non-Error value in new Error(...),
// so a plain object would lose its fields; src/api/errors.ts parses it back.
// Message is for a person; technical detail goes to the log only.
type AppError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Retryable bool   `json:"retryable"`
}

func (e *AppError) Error() string { return e.Message }

// invalidInput builds the error for a request the UI should not have sent.
func invalidInput(msg string) error { return &AppError{Code: CodeInvalidInput, Message: msg} }

// toAppError maps an error to an AppError: the use cases' *workflow.Error
// by kind (its cause is logged, never shown), everything else through
// workflow.Explain so cancellation and an unreachable API always get
// their codes.
func toAppError(err error) *AppError {
	var ae *AppError
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, jobs.ErrNotFound) {
		return &AppError{Code: CodeNotFound, Message: "That job is not known (any more)."}
	}
	we := workflow.Explain(err, "That did not work")
	if we == nil {
		return &AppError{Code: CodeInternal, Message: "That did not work."}
	}
	return &AppError{Code: codeOfKind[we.Kind], Message: we.Message, Retryable: we.Retryable()}
}

// formatError is the Wails ErrorFormatter: the technical detail goes to the
// log, the AppError to the page.
func (a *App) formatError(err error) any {
	if we := workflow.Explain(err, "That did not work"); we != nil && we.Kind != workflow.KindCancelled && we.Detail() != "" {
		a.logger.Warn("error shown to the user", "kind", we.Kind, "message", we.Message, "detail", we.Detail())
	}
	return FormatError(err)
}

// FormatError turns an error into the JSON string of its AppError.
func FormatError(err error) any {
	b, mErr := json.Marshal(toAppError(err))
	if mErr != nil {
		return `{"code":"internal","message":"error could not be encoded","retryable":false}`
	}
	return string(b)
}

// jobError is what a job returns for the report: the person's words, with
// the detail logged; cancellation stays context.Canceled so the job ends
// as cancelled.
func (a *App) jobError(err error, what string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	we := workflow.Explain(err, what)
	if d := we.Detail(); d != "" {
		a.logger.Warn(what, "message", we.Message, "detail", d)
	}
	return errors.New(we.Message)
}
