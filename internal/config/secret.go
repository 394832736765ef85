package config

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// Keychain identifiers. One key per OS user; the account name is fixed.
const (
	keychainService = "Shotdesk"
	keychainAccount = "headshotpro-api-key"
)

// ErrNoAPIKey means no key is configured: the window opens the demo
// organization, the CLI asks for SHOTDESK_API_KEY.
var ErrNoAPIKey = errors.New("no API key configured")

// Keychain stores the API key. The OS implementation wraps go-keyring with a
// timeout, because a locked or absent Secret Service can block forever.
type Keychain interface {
	Get(ctx context.Context) (string, error) // ErrNoAPIKey when none is stored
	Set(ctx context.Context, key string) error
	Delete(ctx context.Context) error
}

// OSKeychain is the keychain of the operating system.
type OSKeychain struct{}

// Get reads the key.
func (OSKeychain) Get(ctx context.Context) (string, error) {
	v, err := withTimeout(ctx, func() (string, error) { return keyring.Get(keychainService, keychainAccount) })
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNoAPIKey
	}
	if err != nil {
		// No keychain service (a headless Linux without a Secret Service,
		// say) means no stored key; say why, but treat it as "none".
		return "", fmt.Errorf("%w: the system keychain is unavailable (%v)", ErrNoAPIKey, err)
	}
	return v, nil
}

// Set stores the key.
func (OSKeychain) Set(ctx context.Context, key string) error {
	_, err := withTimeout(ctx, func() (string, error) { return "", keyring.Set(keychainService, keychainAccount, key) })
	if err != nil {
		return fmt.Errorf("save API key to the keychain: %w", err)
	}
	return nil
}

// Delete removes the key; removing a missing key is not an error.
func (OSKeychain) Delete(ctx context.Context) error {
	_, err := withTimeout(ctx, func() (string, error) { return "", keyring.Delete(keychainService, keychainAccount) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("remove API key from the keychain: %w", err)
	}
	return nil
}

const keychainTimeout = 5 * time.Second

func withTimeout(ctx context.Context, f func() (string, error)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keychainTimeout)
	defer cancel()
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() { v, err := f(); ch <- result{v, err} }()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return "", fmt.Errorf("keychain did not answer: %w", ctx.Err())
	}
}

// APIKey returns the key from the environment, else from the keychain.
func APIKey(ctx context.Context, getenv func(string) string, kc Keychain) (string, error) {
	if v := strings.TrimSpace(getenv(EnvAPIKey)); v != "" {
		return v, nil
	}
	if kc == nil {
		return "", ErrNoAPIKey
	}
	return kc.Get(ctx)
}

// MaskKey shows only the last 4 characters of a key, for the UI.
func MaskKey(key string) string {
	if len(key) <= 4 {
		return "••••"
	}
	return "••••" + key[len(key)-4:]
}

// KeyInfo says where the API key comes from, as the settings screen shows
// it: never the key itself.
type KeyInfo struct {
	Source  string // "env" (SHOTDESK_API_KEY), "keychain", "file" (stored without a keychain) or "none"
	Masked  string // the key's last four characters ("••••abcd")
	Problem string // why the keychain could not be read, in words; "" when it could
}

// DescribeKey looks the key up the way APIKey does and describes it.
func DescribeKey(ctx context.Context, getenv func(string) string, kc Keychain) KeyInfo {
	if v := strings.TrimSpace(getenv(EnvAPIKey)); v != "" {
		return KeyInfo{Source: "env", Masked: MaskKey(v)}
	}
	key, err := kc.Get(ctx)
	if st, ok := kc.(Stored); ok && err == nil && st.InFile(ctx) {
		return KeyInfo{Source: "file", Masked: MaskKey(key)}
	}
	switch {
	case err == nil && key != "":
		return KeyInfo{Source: "keychain", Masked: MaskKey(key)}
	case err != nil && errors.Is(err, ErrNoAPIKey) && strings.Contains(err.Error(), "keychain"):
		return KeyInfo{Source: "none", Problem: "The system keychain is unavailable on this computer, so Shotdesk cannot store an API key here. The command line reads SHOTDESK_API_KEY instead."}
	case err != nil && !errors.Is(err, ErrNoAPIKey):
		return KeyInfo{Source: "none", Problem: "The system keychain did not answer: " + err.Error()}
	}
	return KeyInfo{Source: "none"}
}
