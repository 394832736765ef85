package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/pkg/browser"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

// SettingsService connects the app to a HeadshotPro organization (the API
// key, checked against the API before it is stored in the system keychain)
// and manages local data. The key never comes back out: the page only ever
// sees its last four characters.
//
// A new key or a sign-out switches the organization in place (App.switchTo);
// a new API URL takes effect at the next start ("Restart Shotdesk…").
type SettingsService struct {
	app      *App
	keychain config.Keychain     // replaced in tests; never the real keychain there
	getenv   func(string) string // os.Getenv; replaced in tests

	mu         sync.Mutex // one keychain call at a time: some keychains misbehave under concurrent calls
	restartMsg string
	notice     string // what the last change did ("Connected to …")
}

// SettingsStatus is what the settings screen shows.
type SettingsStatus struct {
	Demo bool `json:"demo"`
	// KeySource is "keychain", "env" (SHOTDESK_API_KEY), "file" (stored
	// without a keychain) or "none".
	KeySource string `json:"keySource"`
	// MaskedKey is the stored key's last four characters ("••••abcd").
	MaskedKey string `json:"maskedKey"`
	// KeychainProblem explains why the system keychain could not be read.
	KeychainProblem string `json:"keychainProblem"`
	APIURL          string `json:"apiUrl"` // the configured (not the demo) API URL
	DefaultAPIURL   string `json:"defaultApiUrl"`
	APIURLFromEnv   bool   `json:"apiUrlFromEnv"` // SHOTDESK_API_URL wins over the setting
	DataDir         string `json:"dataDir"`
	PhotoCacheBytes int64  `json:"photoCacheBytes"`
	PhotoCacheFiles int    `json:"photoCacheFiles"`
	// Restart is set after a change that takes effect at the next start.
	Restart string `json:"restart"`
	// Notice says what the last change did ("Connected to Acme.").
	Notice string `json:"notice"`
}

// Status reports the key (masked), the API URL and the local data.
func (s *SettingsService) Status() (SettingsStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statusLocked(s.app.context())
}

func (s *SettingsService) statusLocked(ctx context.Context) (SettingsStatus, error) {
	_, apiURL, err := config.Paths("", "", s.getenv)
	if err != nil {
		return SettingsStatus{}, err
	}
	key := config.DescribeKey(ctx, s.getenv, s.keychain)
	st := SettingsStatus{
		Demo: s.app.infoNow().Demo, KeySource: key.Source, MaskedKey: key.Masked, KeychainProblem: key.Problem,
		APIURL: apiURL, DefaultAPIURL: config.DefaultAPIURL, APIURLFromEnv: strings.TrimSpace(s.getenv(config.EnvAPIURL)) != "",
		DataDir: s.app.infoNow().DataDir, Restart: s.restartMsg, Notice: s.notice,
	}
	st.PhotoCacheBytes, st.PhotoCacheFiles = s.app.d().Blobs.Usage()
	return st, nil
}

// SaveAPIKey checks key with GET /organization against the configured API
// URL and, only if HeadshotPro accepts it, stores it in the system
// keychain and opens that organization in place of the one shown (no
// restart). Without a keychain it saves nothing and says so; the page can
// then offer SaveAPIKeyWithoutKeychain.
func (s *SettingsService) SaveAPIKey(key string) (SettingsStatus, error) {
	return s.saveKey(key, false)
}

// SaveAPIKeyWithoutKeychain is SaveAPIKey for a computer without a system
// keychain, after the person chose it: the key goes into a file only they
// can read in the data folder, shown as "stored without a keychain".
func (s *SettingsService) SaveAPIKeyWithoutKeychain(key string) (SettingsStatus, error) {
	return s.saveKey(key, true)
}

func (s *SettingsService) saveKey(key string, inFile bool) (SettingsStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx := s.app.context()
	_, apiURL, err := config.Paths("", "", s.getenv)
	if err != nil {
		return SettingsStatus{}, err
	}
	var kc config.Keychain = s.keychain
	if inFile {
		kc = config.KeyFile{Dir: s.app.cfg.RealDataDir}
	}
	c, err := workflow.Connect(ctx, workflow.ConnectRequest{APIURL: apiURL, Key: key, DataDir: s.app.cfg.RealDataDir,
		Keychain: kc, UserAgent: "Shotdesk/" + s.app.info.Version, Logger: s.app.logger})
	if err != nil {
		return SettingsStatus{}, err
	}
	if err := s.app.switchTo(s.app.cfg.RealDataDir, apiURL, c.Key, false); err != nil {
		return SettingsStatus{}, err
	}
	s.notice = c.Notice
	return s.statusLocked(ctx)
}

// SignOut removes the key (keychain and key file) and shows the demo
// organization in place of the real one (no restart).
func (s *SettingsService) SignOut() (SettingsStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx := s.app.context()
	if err := s.keychain.Delete(ctx); err != nil {
		return SettingsStatus{}, &AppError{Code: CodeKeychainUnavailable, Message: "The system keychain did not let Shotdesk remove the key: " + err.Error()}
	}
	s.app.logger.Info("API key removed")
	if strings.TrimSpace(s.getenv(config.EnvAPIKey)) != "" {
		s.notice = "Removed from the keychain, but SHOTDESK_API_KEY is set in the environment and is still used."
		return s.statusLocked(ctx)
	}
	s.notice = "Signed out."
	if s.app.cfg.StartDemo != nil {
		url, key, dir, err := s.app.cfg.StartDemo()
		if err == nil {
			err = s.app.switchTo(dir, url, key, true)
		}
		if err != nil {
			return SettingsStatus{}, err
		}
		s.notice = "Signed out. This is the demo organization again."
	}
	return s.statusLocked(ctx)
}

// SetAPIURL changes the API base URL (advanced; "" restores the default).
// It must be https, or http to this computer (a local sandbox).
func (s *SettingsService) SetAPIURL(raw string) (SettingsStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dataDir, _, err := config.Paths("", "", s.getenv)
	if err != nil {
		return SettingsStatus{}, err
	}
	if err := workflow.SaveAPIURL(dataDir, raw); err != nil {
		return SettingsStatus{}, err
	}
	s.restartMsg = "API URL saved. Restart Shotdesk to use it."
	return s.statusLocked(s.app.context())
}

// OpenDataFolder shows the data folder in the system's file manager.
func (s *SettingsService) OpenDataFolder() error {
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	if err := browser.OpenFile(s.app.infoNow().DataDir); err != nil {
		return fmt.Errorf("open the data folder: %w", err)
	}
	return nil
}

// PhotoCacheResult says what clearing the photo cache freed.
type PhotoCacheResult struct {
	FreedBytes     int64 `json:"freedBytes"`
	RemainingBytes int64 `json:"remainingBytes"` // photos in use by a running export stay
}

// ClearPhotoCache deletes the downloaded photos; the next sync downloads
// favorites and thumbnails again.
func (s *SettingsService) ClearPhotoCache() (PhotoCacheResult, error) {
	freed, remaining, err := s.app.d().ClearPhotoCache()
	return PhotoCacheResult{FreedBytes: freed, RemainingBytes: remaining}, err
}

// Quit closes Shotdesk (to restart it with a new key or URL).
func (s *SettingsService) Quit() error {
	if ctx := s.app.wailsContext(); ctx != nil {
		wruntime.Quit(ctx)
	}
	return nil
}
