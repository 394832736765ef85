package headshotpro

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestAPIErrorIs(t *testing.T) {
	cases := []struct {
		status int
		code   string
		is     []error
		not    []error
		perm   bool
	}{
		{401, "UNAUTHORIZED", []error{ErrUnauthorized}, []error{ErrForbidden, ErrNotFound}, true},
		{403, "FORBIDDEN", []error{ErrForbidden}, []error{ErrUnauthorized}, true},
		{404, "NOT_FOUND", []error{ErrNotFound}, nil, true},
		{404, "", []error{ErrNotFound}, nil, true},
		{402, "INSUFFICIENT_CREDITS", []error{ErrInsufficientCredits}, nil, true},
		{400, "ALREADY_EXISTS", []error{ErrAlreadyExists}, []error{ErrInvalidRequest}, true},
		{400, "ALREADY_DELETED", []error{ErrAlreadyDeleted}, nil, true},
		{400, "INVALID_EMAIL", []error{ErrInvalidEmail}, []error{ErrInvalidRequest}, true},
		{400, "INVALID_REQUEST", []error{ErrInvalidRequest}, nil, true},
		{400, "SOMETHING_NEW", []error{ErrInvalidRequest}, nil, true},
		{429, "RATE_LIMIT_EXCEEDED", []error{ErrRateLimited}, []error{ErrInviteLimit}, false},
		{429, "INVITE_LIMIT_EXCEEDED", []error{ErrInviteLimit}, []error{ErrRateLimited}, false},
		{500, "INTERNAL_ERROR", []error{ErrServer}, nil, false},
		{503, "", []error{ErrServer}, []error{ErrOffline}, false},
	}
	for _, tc := range cases {
		var err error = &APIError{Status: tc.status, Code: tc.code, Method: "GET", URL: "https://h/x"}
		err = fmt.Errorf("wrapped: %w", err)
		for _, s := range tc.is {
			if !errors.Is(err, s) {
				t.Errorf("%d %s: not Is %v", tc.status, tc.code, s)
			}
		}
		for _, s := range tc.not {
			if errors.Is(err, s) {
				t.Errorf("%d %s: unexpectedly Is %v", tc.status, tc.code, s)
			}
		}
		if IsPermanent(err) != tc.perm {
			t.Errorf("%d %s: IsPermanent = %v", tc.status, tc.code, !tc.perm)
		}
	}
	if IsPermanent(&offlineError{errors.New("x")}) || IsPermanent(nil) {
		t.Error("offline/nil must not be permanent")
	}
}

func TestAPIErrorFromServer(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		writeJSON(w, 400, `{"success":false,"error":"Team with this name already exists","code":"INVALID_REQUEST"}`)
	})
	_, _, err := e.c.CreateTeam(ctxT(t), "Sales")
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v", err)
	}
	if ae.Status != 400 || ae.Code != "INVALID_REQUEST" || ae.Message != "Team with this name already exists" ||
		ae.RequestID != "req-42" || ae.Method != "POST" || !IsPermanent(err) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("APIError = %+v", ae)
	}
	if e.hits.Load() != 1 {
		t.Errorf("hits = %d", e.hits.Load())
	}
}
