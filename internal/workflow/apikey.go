package workflow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/store"
)

// maxKeyLen bounds a pasted key; HeadshotPro keys are far shorter.
const maxKeyLen = 512

// CheckAPIKey asks HeadshotPro (GET /organization at apiURL) whether key
// works, before anyone stores it, and returns the organization's name. A
// key pasted with spaces or line breaks, refused, or not checkable (offline)
// is an error in words that say nothing was saved.
func CheckAPIKey(ctx context.Context, apiURL, key, userAgent string, logger *slog.Logger) (domain.Organization, error) {
	org, err := checkAPIKey(ctx, apiURL, key, userAgent, logger)
	if err == nil && strings.TrimSpace(org.Name) == "" {
		org.Name = "your organization"
	}
	return org, err
}

func checkAPIKey(ctx context.Context, apiURL, key, userAgent string, logger *slog.Logger) (domain.Organization, error) {
	var none domain.Organization
	key = strings.TrimSpace(key)
	switch {
	case key == "":
		return none, invalid("Paste your HeadshotPro API key first.")
	case len(key) > maxKeyLen:
		return none, invalid("That is too long to be an API key. Copy just the key from HeadshotPro.")
	case strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII }) >= 0:
		return none, invalid("An API key has no spaces or line breaks. Copy just the key from HeadshotPro.")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	client, err := headshotpro.New(apiURL, key, headshotpro.WithLogger(logger), headshotpro.WithUserAgent(userAgent),
		headshotpro.WithRetryPolicy(headshotpro.RetryPolicy{MaxAttempts: 2}))
	if err != nil {
		return none, newError(KindInvalidInput, err, "The HeadshotPro address %s cannot be used: it must be https, or http to this computer.", headshotpro.RedactURL(apiURL))
	}
	org, err := client.Organization(ctx)
	switch {
	case errors.Is(err, headshotpro.ErrUnauthorized), errors.Is(err, headshotpro.ErrForbidden):
		return none, newError(KindBadAPIKey, err, "HeadshotPro did not accept this key. Copy it again from your HeadshotPro dashboard (Admin → API) and paste it here; nothing was saved.")
	case headshotpro.IsOffline(err) || errors.Is(err, context.DeadlineExceeded):
		return none, newError(KindOffline, err, "HeadshotPro could not be reached at %s, so the key could not be checked and was not saved. Check your connection and try again.", headshotpro.RedactURL(apiURL))
	case err != nil:
		return none, newError(KindBusy, err, "HeadshotPro could not check the key right now (%s); nothing was saved. Try again in a minute.", ServerWords(err.Error()))
	}
	return org, nil
}

// SetAsideOtherOrganization moves the offline copy in dataDir aside when it
// belongs to another organization than orgUID (a key of another
// organization was connected): its queued actions must never be sent with
// the new key, and its people must not be mixed with the new ones. The
// copy is kept beside, as cache-<its organization>.db, and returned; ""
// when nothing was moved.
func SetAsideOtherOrganization(dataDir, orgUID string) (string, error) {
	path := filepath.Join(dataDir, cacheFile)
	if _, err := os.Stat(path); err != nil {
		return "", nil // nothing cached yet
	}
	st, err := store.Open(path)
	if err != nil {
		return "", Explain(err, "Reading the offline copy failed")
	}
	cached, _ := st.Organization(context.Background())
	st.Close()
	if cached.UID == "" || cached.UID == orgUID {
		return "", nil
	}
	aside := filepath.Join(dataDir, "cache-"+bundle.SafeName(cached.UID)+".db")
	if _, err := os.Stat(aside); err == nil {
		aside = filepath.Join(dataDir, fmt.Sprintf("cache-%s-%d.db", bundle.SafeName(cached.UID), time.Now().Unix()))
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", Explain(err, "Setting the other organization's offline copy aside failed")
		}
	}
	return aside, nil
}

// ConnectRequest connects an organization: its API, the key pasted, where
// its caches go and where the key is kept.
type ConnectRequest struct {
	APIURL, Key, DataDir string
	Keychain             config.Keychain
	UserAgent            string
	Logger               *slog.Logger
}

// Connected is a connected organization.
type Connected struct {
	Org    domain.Organization
	Key    string // trimmed
	Notice string // what happened, for the person
}

// Connect checks the key with HeadshotPro, keeps it (nothing is kept for a
// key HeadshotPro refuses or cannot check), and sets aside an offline copy
// of another organization in DataDir with its queued actions. The caller
// then opens DataDir.
func Connect(ctx context.Context, req ConnectRequest) (Connected, error) {
	org, err := CheckAPIKey(ctx, req.APIURL, req.Key, req.UserAgent, req.Logger)
	if err != nil {
		return Connected{}, err
	}
	key := strings.TrimSpace(req.Key)
	if err := req.Keychain.Set(ctx, key); err != nil {
		req.Logger.Warn("keep the API key", "err", err) // the error never contains the key
		return Connected{}, newError(KindKeychainUnavailable, err, "The key works, but this computer has no system keychain to keep it in, so it was not saved. You can store it in a file only you can read (Store without a keychain), or set SHOTDESK_API_KEY.")
	}
	req.Logger.Info("API key saved", "organization", org.Name)
	aside, err := SetAsideOtherOrganization(req.DataDir, org.UID)
	if err != nil {
		return Connected{}, err
	}
	c := Connected{Org: org, Key: key, Notice: fmt.Sprintf("Connected to %s. Shotdesk is syncing it now.", org.Name)}
	if aside != "" {
		c.Notice += " The offline copy of the organization used before was set aside (kept in the data folder), with its queued actions."
	}
	return c, nil
}
