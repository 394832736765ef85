package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// noKeychain is a computer without a keychain service.
type noKeychain struct{}

func (noKeychain) Get(context.Context) (string, error) {
	return "", fmt.Errorf("%w: the system keychain is unavailable", ErrNoAPIKey)
}
func (noKeychain) Set(context.Context, string) error { return errors.New("no keychain service") }
func (noKeychain) Delete(context.Context) error      { return errors.New("no keychain service") }

// Without a keychain the chosen key file holds the key: it is read, shown
// as such, private, and signing out removes it.
func TestKeyFileWithoutAKeychain(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := Stored{Keychain: noKeychain{}, File: KeyFile{Dir: dir}}
	if _, err := APIKey(ctx, func(string) string { return "" }, st); !errors.Is(err, ErrNoAPIKey) {
		t.Fatalf("no key yet: %v", err)
	}
	if err := st.File.Set(ctx, "sk_file_1234"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, keyFileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if k, err := APIKey(ctx, func(string) string { return "" }, st); err != nil || k != "sk_file_1234" {
		t.Fatalf("key from the file: %q %v", k, err)
	}
	if info := DescribeKey(ctx, func(string) string { return "" }, st); info.Source != "file" || info.Masked != MaskKey("sk_file_1234") {
		t.Fatalf("described as %+v", info)
	}
	if err := st.Delete(ctx); err != nil {
		t.Fatalf("sign out without a keychain: %v", err)
	}
	if _, err := APIKey(ctx, func(string) string { return "" }, st); !errors.Is(err, ErrNoAPIKey) {
		t.Fatalf("the key survived signing out: %v", err)
	}
}
