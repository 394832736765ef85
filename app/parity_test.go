package app

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/cli"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// The window and the command line are adapters over one use-case layer:
// the same workflow through each, against the same organization (two
// sandboxes with one seed), gives the same files and the same outbox.
func TestWindowAndCommandLineAgree(t *testing.T) {
	org := sandbox.Options{Members: 60, Seed: 21, ImageScale: 0.1}
	baseW, srvW := sandboxtest.NewTest(t, org)
	baseC, srvC := sandboxtest.NewTest(t, org)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))

	// The window, on a never-synced data dir: Download Favorites syncs first.
	a, err := New(Config{Version: "test", DataDir: t.TempDir(), APIURL: baseW, APIKey: srvW.APIKey(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	ref, err := a.Export.StartFavorites(FavoritesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	rep := waitJob(t, a, ref.JobID)
	if rep.State != jobs.StateSucceeded || !strings.HasSuffix(rep.Result, ".zip") {
		t.Fatalf("window export: %+v", rep)
	}
	const invitee = "parity.check@example.com"
	ref, err = a.Invites.SendInvites(SendInvitesRequest{Emails: []string{invitee}})
	if err != nil {
		t.Fatal(err)
	}
	if rep := waitJob(t, a, ref.JobID); rep.State != jobs.StateSucceeded || rep.Result != "1 invited" {
		t.Fatalf("window invite: %+v", rep)
	}

	// The command line, on its own never-synced data dir.
	dataC, outC := t.TempDir(), t.TempDir()
	run := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := cli.Run(context.Background(), args, cli.Invocation{Stdout: &stdout, Stderr: &stderr, Version: "test",
			Getenv: func(k string) string {
				return map[string]string{"SHOTDESK_API_URL": baseC, "SHOTDESK_API_KEY": srvC.APIKey(), "SHOTDESK_DATA_DIR": dataC}[k]
			}})
		return code, stdout.String() + stderr.String()
	}
	if code, out := run("favorites", "--out", outC); code != cli.ExitOK {
		t.Fatalf("cli favorites: %d\n%s", code, out)
	}
	if code, out := run("invite", "--email", invitee); code != cli.ExitOK || !strings.Contains(out, "1 invited") {
		t.Fatalf("cli invite: %d\n%s", code, out)
	}

	zips, _ := filepath.Glob(filepath.Join(outC, "team-photos-*.zip"))
	if len(zips) != 1 {
		t.Fatalf("cli wrote %v", zips)
	}
	if w, c := zipDigest(t, rep.Result), zipDigest(t, zips[0]); w != c || strings.HasPrefix(w, "0 entries") {
		t.Fatalf("the ZIPs differ:\nwindow: %s\ncli:    %s", w, c)
	}
	stW := a.d().Store
	stC, err := store.Open(filepath.Join(dataC, "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer stC.Close()
	if w, c := outboxDigest(t, stW), outboxDigest(t, stC); w != c || !strings.Contains(w, invitee) {
		t.Fatalf("the outboxes differ:\nwindow: %s\ncli:    %s", w, c)
	}
}

// zipDigest lists a ZIP's entries with their CRC and size (times differ).
func zipDigest(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var lines []string
	for _, f := range zr.File {
		lines = append(lines, fmt.Sprintf("%s %08x %d", f.Name, f.CRC32, f.UncompressedSize64))
	}
	sort.Strings(lines)
	return fmt.Sprintf("%d entries: %s", len(lines), strings.Join(lines, "; "))
}

func outboxDigest(t *testing.T, st *store.Store) string {
	t.Helper()
	items, err := st.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, it := range items {
		lines = append(lines, fmt.Sprintf("%s %s %s", it.Kind, it.State, it.Payload))
	}
	return strings.Join(lines, "; ")
}
