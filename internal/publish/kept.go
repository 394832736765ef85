package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/shotdesk/shotdesk/internal/userfiles"
)

// Kept holds the directory photos Shotdesk replaced, one private file per
// content hash, in the data folder: unlike the photo cache they cannot be
// downloaded again, so they are never evicted and never live in the OS
// cache folder (which the OS may empty).
type Kept struct{ Dir string }

// Hash is the hex SHA-256 of data, the name a photo is kept under and
// logged with.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (k Kept) path(hash string) (string, error) {
	if len(hash) != 64 {
		return "", fmt.Errorf("kept photo: %q is not a photo hash", hash)
	}
	if _, err := hex.DecodeString(hash); err != nil {
		return "", fmt.Errorf("kept photo: %q is not a photo hash", hash)
	}
	return filepath.Join(k.Dir, hash[:2], hash), nil
}

// Keep stores data (once per content) and returns its hash.
func (k Kept) Keep(data []byte) (string, error) {
	hash := Hash(data)
	p, _ := k.path(hash)
	if fi, err := os.Stat(p); err == nil && fi.Size() == int64(len(data)) {
		return hash, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", fmt.Errorf("keep the previous photo: %w", err)
	}
	err := userfiles.WriteExact(p, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, userfiles.Replace, userfiles.Private)
	if err != nil {
		return "", fmt.Errorf("keep the previous photo: %w", err)
	}
	return hash, nil
}

// ErrNotKept means the kept photo is gone (the data folder was cleaned).
var ErrNotKept = errors.New("the kept photo is missing")

// Read returns a kept photo, checking it is still the same bytes.
func (k Kept) Read(hash string) ([]byte, error) {
	p, err := k.path(hash)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotKept
	}
	if err != nil {
		return nil, fmt.Errorf("read the kept photo: %w", err)
	}
	if Hash(data) != hash {
		return nil, fmt.Errorf("%w: %s is damaged", ErrNotKept, p)
	}
	return data, nil
}
