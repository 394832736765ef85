package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// linuxDirs points the OS config and cache dirs at temp dirs (Linux reads
// them from XDG_CONFIG_HOME and XDG_CACHE_HOME) and returns the default
// data dir and the photo dir it should get.
func linuxDirs(t *testing.T) (dataDir, photoDir string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the OS dirs are set through XDG variables here")
	}
	root := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(root, "cache"))
	return filepath.Join(root, "config", AppDirName), filepath.Join(root, "cache", AppDirName, "photos")
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestPhotoDir(t *testing.T) {
	dataDir, photos := linuxDirs(t)
	if got := PhotoDir(dataDir); got != photos {
		t.Errorf("default data dir: photos in %s, want the cache dir %s", got, photos)
	}
	custom := filepath.Join(t.TempDir(), "mine")
	if got := PhotoDir(custom); got != filepath.Join(custom, "blobs") {
		t.Errorf("custom data dir: photos in %s, want inside it", got)
	}
}

func TestPreparePhotoDirMovesTheOldCacheOnce(t *testing.T) {
	dataDir, photos := linuxDirs(t)
	old := filepath.Join(dataDir, "blobs")
	writeFile(t, filepath.Join(old, "ab", "abcd"), "jpeg")
	writeFile(t, filepath.Join(old, "index.json"), "{}")

	dir, moved, warn := PreparePhotoDir(dataDir)
	if dir != photos || !moved || warn != nil {
		t.Fatalf("PreparePhotoDir = %s, %v, %v; want %s, moved", dir, moved, warn, photos)
	}
	if b, err := os.ReadFile(filepath.Join(photos, "ab", "abcd")); err != nil || string(b) != "jpeg" {
		t.Errorf("moved photo: %q, %v", b, err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old cache still there: %v", err)
	}
	// The next start finds nothing to move.
	if dir, moved, warn = PreparePhotoDir(dataDir); dir != photos || moved || warn != nil {
		t.Errorf("second start = %s, %v, %v", dir, moved, warn)
	}
}

func TestPreparePhotoDirNothingToMove(t *testing.T) {
	dataDir, photos := linuxDirs(t)
	if dir, moved, warn := PreparePhotoDir(dataDir); dir != photos || moved || warn != nil {
		t.Errorf("fresh start = %s, %v, %v", dir, moved, warn)
	}
	custom := t.TempDir()
	writeFile(t, filepath.Join(custom, "blobs", "ab", "abcd"), "jpeg")
	if dir, moved, warn := PreparePhotoDir(custom); dir != filepath.Join(custom, "blobs") || moved || warn != nil {
		t.Errorf("custom data dir = %s, %v, %v; want its own blobs/, untouched", dir, moved, warn)
	}
}

func TestPreparePhotoDirIntoAnEmptyFolder(t *testing.T) {
	dataDir, photos := linuxDirs(t)
	writeFile(t, filepath.Join(dataDir, "blobs", "ab", "abcd"), "jpeg")
	if err := os.MkdirAll(photos, 0o700); err != nil {
		t.Fatal(err)
	}
	if dir, moved, warn := PreparePhotoDir(dataDir); dir != photos || !moved || warn != nil {
		t.Errorf("= %s, %v, %v; want moved into the empty folder", dir, moved, warn)
	}
}

func TestPreparePhotoDirKeepsBothWhenBothHavePhotos(t *testing.T) {
	dataDir, photos := linuxDirs(t)
	writeFile(t, filepath.Join(dataDir, "blobs", "ab", "abcd"), "old")
	writeFile(t, filepath.Join(photos, "cd", "cdef"), "new")
	dir, moved, warn := PreparePhotoDir(dataDir)
	if dir != photos || moved || warn == nil || !strings.Contains(warn.Error(), "left in place") {
		t.Errorf("= %s, %v, %v; want the new one used and a warning", dir, moved, warn)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "blobs", "ab", "abcd")); err != nil {
		t.Errorf("old photos touched: %v", err)
	}
}

func TestPreparePhotoDirKeepsTheOldOneWhenTheMoveFails(t *testing.T) {
	dataDir, _ := linuxDirs(t)
	old := filepath.Join(dataDir, "blobs")
	writeFile(t, filepath.Join(old, "ab", "abcd"), "jpeg")
	// The cache dir cannot be created: a file is in its place.
	writeFile(t, os.Getenv("XDG_CACHE_HOME"), "not a folder")
	dir, moved, warn := PreparePhotoDir(dataDir)
	if dir != old || moved || warn == nil {
		t.Fatalf("= %s, %v, %v; want the old dir and a warning", dir, moved, warn)
	}
	if _, err := os.Stat(filepath.Join(old, "ab", "abcd")); err != nil {
		t.Errorf("photos lost: %v", err)
	}
}
