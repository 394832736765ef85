package config

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// keyFileName is the API key file of a computer without a keychain.
const keyFileName = "api-key"

// KeyFile keeps the API key in a file only its owner can read (0600) in
// the data dir: the fallback for computers without a keychain (a minimal
// Linux desktop without a Secret Service). Only used after the person
// chose it in Settings, where it is labelled "stored without a keychain".
type KeyFile struct{ Dir string }

func (k KeyFile) path() string { return filepath.Join(k.Dir, keyFileName) }

// Get reads the key; ErrNoAPIKey when there is no file.
func (k KeyFile) Get(context.Context) (string, error) {
	b, err := os.ReadFile(k.path())
	if errors.Is(err, fs.ErrNotExist) {
		return "", ErrNoAPIKey
	}
	if err != nil {
		return "", fmt.Errorf("read the API key file: %w", err)
	}
	if v := strings.TrimSpace(string(b)); v != "" {
		return v, nil
	}
	return "", ErrNoAPIKey
}

// Set writes the key, replacing an earlier one; the file is 0600.
func (k KeyFile) Set(_ context.Context, key string) error {
	if err := EnsureDataDir(k.Dir); err != nil {
		return err
	}
	return userfiles.WriteExact(k.path(), func(w io.Writer) error {
		_, err := io.WriteString(w, key+"\n")
		return err
	}, userfiles.Replace, userfiles.Private)
}

// Delete removes the file; a missing one is not an error.
func (k KeyFile) Delete(context.Context) error {
	if err := os.Remove(k.path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the API key file: %w", err)
	}
	return nil
}

// Stored is the keychain the app reads: the OS keychain, else the key file
// the person chose on a computer without one. Set writes to the keychain;
// Delete removes the key from both.
type Stored struct {
	Keychain Keychain
	File     KeyFile
}

// Get reads the keychain first, then the file.
func (s Stored) Get(ctx context.Context) (string, error) {
	v, err := s.Keychain.Get(ctx)
	if err == nil {
		return v, nil
	}
	if fv, ferr := s.File.Get(ctx); ferr == nil {
		return fv, nil
	}
	return "", err
}

// Set stores the key in the keychain.
func (s Stored) Set(ctx context.Context, key string) error { return s.Keychain.Set(ctx, key) }

// Delete removes the key from the keychain and the file. A keychain that
// cannot be reached (none on this computer) holds no key to remove.
func (s Stored) Delete(ctx context.Context) error {
	ferr := s.File.Delete(ctx)
	kerr := s.Keychain.Delete(ctx)
	if kerr != nil {
		if _, err := s.Keychain.Get(ctx); errors.Is(err, ErrNoAPIKey) {
			kerr = nil
		}
	}
	return errors.Join(kerr, ferr)
}

// InFile reports whether the key the app uses comes from the key file.
func (s Stored) InFile(ctx context.Context) bool {
	if _, err := s.Keychain.Get(ctx); err == nil {
		return false
	}
	_, err := s.File.Get(ctx)
	return err == nil
}
