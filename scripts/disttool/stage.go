package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// stageVersion writes the build's version into a staged copy of the
// project. The committed wails.json keeps a placeholder version: the
// version belongs to the build, not to a commit.
func stageVersion(dir, full, numeric string) error {
	wailsJSON := filepath.Join(dir, "wails.json")
	if err := editJSON(wailsJSON, func(m map[string]any) error {
		info, ok := m["info"].(map[string]any)
		if !ok {
			return fmt.Errorf("no info object")
		}
		info["productVersion"] = numeric
		return nil
	}); err != nil {
		return err
	}
	// The Windows VERSIONINFO: the fixed versions come from productVersion
	// through the template; the ProductVersion string (Explorer's
	// "Product version") gets the full version, e.g. 0.0.0-dev+1a2b3c4d5e6f.
	return editJSON(filepath.Join(dir, "build", "windows", "info.json"), func(m map[string]any) error {
		info, ok := m["info"].(map[string]any)
		if !ok {
			return fmt.Errorf("no info object")
		}
		n := 0
		for _, table := range info {
			if strs, ok := table.(map[string]any); ok {
				strs["ProductVersion"] = full
				n++
			}
		}
		if n == 0 {
			return fmt.Errorf("no string table")
		}
		return nil
	})
}

func editJSON(path string, edit func(map[string]any) error) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := edit(m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}
