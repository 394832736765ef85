package bundle

import (
	"archive/zip"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestZipSinkZip64Entries writes more entries than a plain ZIP can count
// (65,535): archive/zip switches to ZIP64 by itself, the read-back check
// passes, and a reader sees every entry.
func TestZipSinkZip64Entries(t *testing.T) {
	if testing.Short() {
		t.Skip("70,000 entries")
	}
	dir := t.TempDir()
	tg := target{dir: dir, name: "many.zip"}
	z, err := newZipSink(tg)
	if err != nil {
		t.Fatal(err)
	}
	const n = 70_000
	now := time.Now()
	for i := range n {
		if _, err := z.add(fmt.Sprintf("m%05d/headshot.jpg", i), strings.NewReader("x"), 1, now); err != nil {
			t.Fatal(err)
		}
	}
	path, err := z.commit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != n || zr.File[n-1].Name != "m69999/headshot.jpg" {
		t.Fatalf("%d entries read back", len(zr.File))
	}
}

// TestZipSinkCancelBeforePublish: a cancel that arrives after the archive
// is complete but before it is published still publishes nothing.
func TestZipSinkCancelBeforePublish(t *testing.T) {
	dir := t.TempDir()
	z, err := newZipSink(target{dir: dir, name: "a.zip"})
	if err != nil {
		t.Fatal(err)
	}
	z.add("x/headshot.jpg", strings.NewReader("jpeg"), 4, time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := z.commit(ctx); err == nil {
		t.Fatal("commit after cancel succeeded")
	}
	z.abort()
	if got := listDir(t, dir); len(got) != 0 {
		t.Fatalf("left behind: %v", got)
	}
}
