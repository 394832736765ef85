package workflow

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"github.com/shotdesk/shotdesk/internal/headshotpro"
)

// maxKeyLen bounds a pasted key; HeadshotPro keys are far shorter.
const maxKeyLen = 512

// CheckAPIKey asks HeadshotPro (GET /organization at apiURL) whether key
// works, before anyone stores it, and returns the organization's name. A
// key pasted with spaces or line breaks, refused, or not checkable (offline)
// is an error in words that say nothing was saved.
func CheckAPIKey(ctx context.Context, apiURL, key, userAgent string, logger *slog.Logger) (string, error) {
	key = strings.TrimSpace(key)
	switch {
	case key == "":
		return "", invalid("Paste your HeadshotPro API key first.")
	case len(key) > maxKeyLen:
		return "", invalid("That is too long to be an API key. Copy just the key from HeadshotPro.")
	case strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII }) >= 0:
		return "", invalid("An API key has no spaces or line breaks. Copy just the key from HeadshotPro.")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	client, err := headshotpro.New(apiURL, key, headshotpro.WithLogger(logger), headshotpro.WithUserAgent(userAgent),
		headshotpro.WithRetryPolicy(headshotpro.RetryPolicy{MaxAttempts: 2}))
	if err != nil {
		return "", newError(KindInvalidInput, err, "The HeadshotPro address %s cannot be used: it must be https, or http to this computer.", headshotpro.RedactURL(apiURL))
	}
	org, err := client.Organization(ctx)
	switch {
	case errors.Is(err, headshotpro.ErrUnauthorized), errors.Is(err, headshotpro.ErrForbidden):
		return "", newError(KindBadAPIKey, err, "HeadshotPro did not accept this key. Copy it again from your HeadshotPro dashboard (Admin → API) and paste it here; nothing was saved.")
	case headshotpro.IsOffline(err) || errors.Is(err, context.DeadlineExceeded):
		return "", newError(KindOffline, err, "HeadshotPro could not be reached at %s, so the key could not be checked and was not saved. Check your connection and try again.", headshotpro.RedactURL(apiURL))
	case err != nil:
		return "", newError(KindBusy, err, "HeadshotPro could not check the key right now (%s); nothing was saved. Try again in a minute.", ServerWords(err.Error()))
	}
	if name := strings.TrimSpace(org.Name); name != "" {
		return name, nil
	}
	return "your organization", nil
}
