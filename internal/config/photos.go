package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Names of the photo cache (internal/blobs) inside a data dir and inside
// the OS cache dir.
const (
	dataDirPhotos  = "blobs"
	cacheDirPhotos = "photos"
)

// PhotoDir says where the photo cache of dataDir belongs.
//
// With the default data dir (the OS config dir + Shotdesk) the photos,
// up to 20 GiB, go to the OS cache dir + Shotdesk/photos instead:
// %LocalAppData% on Windows (the config dir is Roaming AppData, which
// roaming profiles copy to a server at every sign-out), ~/Library/Caches on
// macOS (left out of Time Machine backups by default), $XDG_CACHE_HOME or
// ~/.cache on Linux. cache.db, settings.json and the logs stay in the data
// dir: they are small and the outbox and actioned marks in cache.db cannot
// be downloaded again. A cache cleaner that empties the cache dir costs the
// offline copies of the photos; the next sync downloads them again while
// HeadshotPro still has them.
//
// A data dir chosen with SHOTDESK_DATA_DIR (or the demo's temporary one)
// keeps its photos inside it, in blobs/, so that one folder is the whole
// state: tests, a portable setup and the demo each stay self-contained.
func PhotoDir(dataDir string) string {
	inData := filepath.Join(dataDir, dataDirPhotos)
	def, err := DefaultDataDir()
	if err != nil || !samePath(def, dataDir) {
		return inData
	}
	cache, err := os.UserCacheDir()
	if err != nil || cache == "" {
		return inData
	}
	return filepath.Join(cache, AppDirName, cacheDirPhotos)
}

// PreparePhotoDir returns the photo cache dir for dataDir (PhotoDir), first
// moving the photo cache that earlier versions kept in the data dir
// (blobs/) there, once, with a rename: the photos are kept, nothing is
// copied.
//
// dir can always be used. When the move is not possible (the config dir is
// on another volume, as with a redirected Roaming folder; a file is in use)
// dir is the old folder, which keeps working, and warn says why, for the
// log; the move is tried again at the next start. moved reports a move.
func PreparePhotoDir(dataDir string) (dir string, moved bool, warn error) {
	target := PhotoDir(dataDir)
	old := filepath.Join(dataDir, dataDirPhotos)
	if samePath(target, old) {
		return old, false, nil
	}
	if fi, err := os.Lstat(old); err != nil || !fi.IsDir() {
		return target, false, nil // nothing to move
	}
	switch empty, err := isEmptyDir(target); {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return old, false, fmt.Errorf("photo cache stays in %s: %w", old, err)
	case empty:
		// An empty folder (created by hand or by a start that found nothing
		// to move) would make the rename fail on Windows.
		_ = os.Remove(target)
	default:
		// Both hold photos: an older version ran after the move and
		// started a new cache. Use the moved one; the other stays for the
		// user to delete (it is named in the log).
		return target, false, fmt.Errorf("an older photo cache in %s was left in place; %s is used", old, target)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return old, false, fmt.Errorf("photo cache stays in %s: %w", old, err)
	}
	if err := os.Rename(old, target); err != nil {
		// Another Shotdesk process may have moved it a moment ago.
		if _, statErr := os.Lstat(old); errors.Is(statErr, os.ErrNotExist) {
			if fi, statErr := os.Stat(target); statErr == nil && fi.IsDir() {
				return target, false, nil
			}
		}
		return old, false, fmt.Errorf("photo cache stays in %s: moving it to %s failed: %w", old, target, err)
	}
	return target, true, nil
}

func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// samePath compares cleaned paths, ignoring case where the default file
// systems do (Windows, macOS).
func samePath(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return strings.EqualFold(a, b)
	}
	return a == b
}
