package headshotpro

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// payload is a response type that can tell whether its resource key was
// present (and not null).
type payload interface {
	present() bool
	env() *envelope
}

func (r *organizationResponse) present() bool { return r.Organization != nil }
func (r *creditsResponse) present() bool      { return r.Credits != nil }
func (r *inviteListResponse) present() bool   { return r.Invites != nil }
func (r *inviteResponse) present() bool       { return r.Invite != nil }
func (r *createInviteResponse) present() bool { return r.ID != "" || r.Link != "" || r.Message != "" }
func (r *messageResponse) present() bool      { return r.Message != "" }
func (r *memberListResponse) present() bool   { return r.Members != nil }
func (r *memberCountResponse) present() bool  { return r.Members != nil }
func (r *teamListResponse) present() bool     { return r.Teams != nil }
func (r *modelListResponse) present() bool    { return r.Models != nil }
func (r *modelResponse) present() bool        { return r.Model != nil }
func (r *createModelResponse) present() bool  { return r.ModelID != "" }
func (r *deleteModelResponse) present() bool  { return r.Message != "" || r.ModelID != "" }
func (r *photoListResponse) present() bool    { return r.Photos != nil }
func (r *photoResponse) present() bool        { return r.Photo != nil }
func (r *downloadResponse) present() bool     { return r.Downloads != nil }

// decode fills out from a 2xx answer. The documented shape puts the
// resource under a top-level key (key); the overview pages draw
// {"success":true,"data":{…}} instead. So: top level first; if key is
// missing and data is there, data is either the envelope (it holds key) or
// the resource itself (wrapped as {key: data}).
func decode(r response, key string, out payload) error {
	return decodeBody(r, key, out, true)
}

// decodeOptional is decode for answers whose payload is informational (a
// message after a write): absent is fine, because the 2xx already says the
// write happened, and failing it would make the caller believe otherwise.
func decodeOptional(r response, key string, out payload) error {
	return decodeBody(r, key, out, false)
}

func decodeBody(r response, key string, out payload, required bool) error {
	// do() has already unmarshalled the body into out.
	if out.present() {
		return nil
	}
	data := bytes.TrimSpace(r.data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		if !required {
			return nil
		}
		return fmt.Errorf("%w: no %q in the answer", ErrBadResponse, key)
	}
	var probe map[string]json.RawMessage
	if data[0] == '{' && json.Unmarshal(data, &probe) == nil {
		if _, ok := probe[key]; ok {
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%w: decode data.%s: %w", ErrBadResponse, key, err)
			}
			if out.present() || !required {
				return nil
			}
			return fmt.Errorf("%w: no %q in the answer", ErrBadResponse, key)
		}
		if !required {
			// data is an object of other things (e.g. the whole write
			// result): read it as the envelope.
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%w: decode data: %w", ErrBadResponse, err)
			}
			return nil
		}
	}
	wrapped, err := json.Marshal(map[string]json.RawMessage{key: data})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	if err := json.Unmarshal(wrapped, out); err != nil {
		if !required {
			return nil
		}
		return fmt.Errorf("%w: decode data as %q: %w", ErrBadResponse, key, err)
	}
	if !out.present() && required {
		return fmt.Errorf("%w: no %q in the answer", ErrBadResponse, key)
	}
	return nil
}
