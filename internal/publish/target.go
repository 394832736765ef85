package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // BambooHR accepts GIF; its dimensions are checked too
	_ "image/jpeg"
	_ "image/png"
	"slices"
	"strings"
)

// Account is one person in a directory.
type Account struct {
	// ID is the directory's own id for the person (Graph object id or UPN,
	// Google user id, BambooHR employee id); targets address photos by it.
	ID string
	// Email is the address matched against Shotdesk's members: the work
	// email (Graph: mail, else userPrincipalName; Google: primaryEmail;
	// BambooHR: workEmail).
	Email string
	// Aliases are further addresses that identify the same person (the
	// UPN when it differs from mail, Google aliases).
	Aliases []string
	Name    string
}

// Photo is an encoded image as a directory stores it.
type Photo struct {
	Data        []byte
	ContentType string // "image/jpeg", "image/png", "image/gif"
}

// ErrNoPhoto means the person has no photo in the directory.
var ErrNoPhoto = errors.New("no photo in the directory")

// Target is one connected directory.
type Target interface {
	// Info names the target and states its limits.
	Info() Info
	// Accounts lists everyone in the directory (every page).
	Accounts(ctx context.Context) ([]Account, error)
	// Current reads the person's photo; ErrNoPhoto when there is none.
	Current(ctx context.Context, a Account) (Photo, error)
	// Upload replaces the person's photo with p (already within Limits).
	Upload(ctx context.Context, a Account, p Photo) error
	// Remove deletes the person's photo (Revert when there was none).
	Remove(ctx context.Context, a Account) error
}

// Info describes a target.
type Info struct {
	Name  string // "entra", "google", "bamboohr", "demo"
	Label string // for people: "Microsoft Entra ID", …
	// Where names the connected tenant/domain/company for people
	// ("contoso.onmicrosoft.com"); never a secret.
	Where  string
	Limits Limits
	// Concurrency is how many people are published at once (0 = 4): as
	// many as the target tolerates; throttling signals slow it down.
	Concurrency int
}

// Limits are a target's documented rules for a photo, enforced before
// anything is sent.
type Limits struct {
	// Side is the square size Shotdesk renders for this target.
	Side int
	// MaxBytes bounds the encoded photo.
	MaxBytes int
	// Types are the content types the target accepts.
	Types []string
	// Square: width must equal height.
	Square bool
	// MinSide and MaxSide bound width and height (0 = no bound).
	MinSide, MaxSide int
}

// LimitError says why a photo breaks a target's limits, in words.
type LimitError struct{ Words string }

func (e *LimitError) Error() string { return e.Words }

// Check reports whether p is within l: size, type, and the dimensions read
// from the image itself (not trusted from the caller).
func (l Limits) Check(p Photo) error {
	if len(p.Data) == 0 {
		return &LimitError{"the photo is empty"}
	}
	if l.MaxBytes > 0 && len(p.Data) > l.MaxBytes {
		return &LimitError{fmt.Sprintf("the photo is %s, more than the %s the directory accepts", byteWords(len(p.Data)), byteWords(l.MaxBytes))}
	}
	if len(l.Types) > 0 && !slices.Contains(l.Types, p.ContentType) {
		return &LimitError{fmt.Sprintf("the directory accepts %s, not %s", strings.Join(l.Types, ", "), p.ContentType)}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil {
		return &LimitError{"the photo is not a readable image"}
	}
	if want := "image/" + format; want != p.ContentType {
		return &LimitError{fmt.Sprintf("the photo is %s but is labelled %s", want, p.ContentType)}
	}
	w, h := cfg.Width, cfg.Height
	switch {
	case l.Square && w != h:
		return &LimitError{fmt.Sprintf("the photo is %d×%d; the directory needs a square", w, h)}
	case l.MinSide > 0 && (w < l.MinSide || h < l.MinSide):
		return &LimitError{fmt.Sprintf("the photo is %d×%d, smaller than the %d×%d the directory needs", w, h, l.MinSide, l.MinSide)}
	case l.MaxSide > 0 && (w > l.MaxSide || h > l.MaxSide):
		return &LimitError{fmt.Sprintf("the photo is %d×%d, larger than the %d×%d the directory accepts", w, h, l.MaxSide, l.MaxSide)}
	}
	return nil
}

func byteWords(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
