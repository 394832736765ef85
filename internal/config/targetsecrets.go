package config

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/zalando/go-keyring"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// ErrNoSecret means no credentials are stored for a publish target.
var ErrNoSecret = errors.New("no credentials stored")

// ErrNoKeychain means the OS keychain cannot be used on this computer.
var ErrNoKeychain = errors.New("the system keychain is unavailable")

// TargetSecrets keeps the credentials of publish targets (a directory's
// client secret, a service-account key, an HR system's API key), one
// secret per target: in the OS keychain, or — only when the person chose it
// on a computer without a keychain — in a 0600 file in the data folder's
// "secrets" folder. Never in settings, SQLite or logs.
type TargetSecrets struct {
	// Dir is the data folder.
	Dir string
	// Keychain: false keeps everything in files (tests, and computers
	// without a keychain after the person chose it).
	Keychain bool
}

var targetName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)

func (s TargetSecrets) file(name string) (string, error) {
	if !targetName.MatchString(name) {
		return "", fmt.Errorf("%q is not a publish target name", name)
	}
	return filepath.Join(s.Dir, "secrets", name), nil
}

func account(name string) string { return "publish-" + name }

// Get returns the stored secret of target name: the file when there is
// one (the person chose it), else the keychain. ErrNoSecret when none.
func (s TargetSecrets) Get(ctx context.Context, name string) (string, error) {
	path, err := s.file(name)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	switch {
	case err == nil && strings.TrimSpace(string(b)) != "":
		return string(b), nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("read the stored credentials: %w", err)
	}
	if !s.Keychain {
		return "", ErrNoSecret
	}
	v, err := withTimeout(ctx, func() (string, error) { return keyring.Get(keychainService, account(name)) })
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", ErrNoSecret
	case err != nil:
		return "", fmt.Errorf("%w: %w", ErrNoSecret, err) // no keychain: nothing stored there
	}
	return v, nil
}

// InFile says whether target name's secret is stored in a file.
func (s TargetSecrets) InFile(name string) bool {
	path, err := s.file(name)
	if err != nil {
		return false
	}
	_, err = os.Stat(path)
	return err == nil
}

// Set stores the secret: in the keychain, or in a 0600 file when inFile
// (the person chose "without a keychain"). A keychain that cannot be used
// is ErrNoKeychain, so the window can offer the file.
func (s TargetSecrets) Set(ctx context.Context, name, secret string, inFile bool) error {
	path, err := s.file(name)
	if err != nil {
		return err
	}
	if inFile || !s.Keychain {
		if err := EnsureDataDir(s.Dir); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("create the secrets folder: %w", err)
		}
		return userfiles.WriteExact(path, func(w io.Writer) error {
			_, err := io.WriteString(w, secret)
			return err
		}, userfiles.Replace, userfiles.Private)
	}
	if _, err := withTimeout(ctx, func() (string, error) { return "", keyring.Set(keychainService, account(name), secret) }); err != nil {
		return fmt.Errorf("%w: %w", ErrNoKeychain, err)
	}
	// A file left from before would win over the keychain on Get.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the old credentials file: %w", err)
	}
	return nil
}

// Delete forgets target name's secret in both places.
func (s TargetSecrets) Delete(ctx context.Context, name string) error {
	path, err := s.file(name)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the credentials file: %w", err)
	}
	if s.Keychain {
		_, err := withTimeout(ctx, func() (string, error) { return "", keyring.Delete(keychainService, account(name)) })
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			// No keychain on this computer holds nothing to delete.
			if _, gerr := withTimeout(ctx, func() (string, error) { return keyring.Get(keychainService, account(name)) }); gerr == nil {
				return fmt.Errorf("remove the credentials from the keychain: %w", err)
			}
		}
	}
	return nil
}
