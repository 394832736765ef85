package cli

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
)

// pfpTestJPEG writes a w×h portrait with a gradient, like a headshot.
func pfpTestJPEG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 128, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// pfpBombPNG is a 33-byte PNG (signature + IHDR) declaring w×h: a
// decompression bomb's calling card, which must be refused before decoding.
func pfpBombPNG(w, h uint32) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB, no interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

func pfpDecodeFile(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	return img
}

func TestPFPFromFile(t *testing.T) {
	// --in needs no sandbox, cache or key: the data dir must not even be made.
	dataDir := filepath.Join(t.TempDir(), "never-created")
	c := &cliEnv{t: t, vars: map[string]string{"SHOTDESK_DATA_DIR": dataDir, "SHOTDESK_API_URL": "http://127.0.0.1:1/api/v2"}}
	dir := t.TempDir()
	t.Chdir(dir)
	pfpTestJPEG(t, "Portrait Photo.jpg", 900, 1200)

	// Defaults: ./<input name>-pfp.png, 600×600.
	code, out, errOut := c.run("pfp", "--in", "Portrait Photo.jpg")
	want := filepath.Join(dir, "Portrait Photo-pfp.png")
	if code != ExitOK || strings.TrimSpace(out) != want {
		t.Fatalf("pfp --in: %d %q %q", code, out, errOut)
	}
	if b := pfpDecodeFile(t, want).Bounds(); b.Dx() != 600 || b.Dy() != 600 {
		t.Fatalf("default PFP is %v, want 600×600", b)
	}
	if _, err := os.Stat(dataDir); err == nil {
		t.Fatal("--in created the data dir")
	}

	// Existing output without --force: refused, file untouched.
	before, _ := os.ReadFile(want)
	code, _, errOut = c.run("pfp", "--in", "Portrait Photo.jpg", "--size", "300")
	if code != ExitError || !strings.Contains(errOut, "already exists") || !strings.Contains(errOut, "--force") {
		t.Fatalf("overwrite without --force: %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(want); !bytes.Equal(before, after) {
		t.Fatal("the existing file was changed")
	}
	// With --force it is replaced.
	if code, _, errOut := c.run("pfp", "--in", "Portrait Photo.jpg", "--size", "300", "--force"); code != ExitOK {
		t.Fatalf("--force: %d %q", code, errOut)
	}
	if b := pfpDecodeFile(t, want).Bounds(); b.Dx() != 300 {
		t.Fatalf("--force did not replace the file: %v", b)
	}

	// The style flags reach the renderer: a circle's corner shows the
	// background colour, and --out may name a folder.
	sub := filepath.Join(dir, "out")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = c.run("pfp", "--in", "Portrait Photo.jpg", "--out", sub, "--size", "256", "--shape", "circle",
		"--background", "#ff0000", "--outline", "00ff00", "--outline-width", "6", "--grayscale", "--framing", "smart")
	styled := filepath.Join(sub, "Portrait Photo-pfp.png")
	if code != ExitOK || strings.TrimSpace(out) != styled {
		t.Fatalf("styled pfp: %d %q %q", code, out, errOut)
	}
	img := pfpDecodeFile(t, styled)
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("--size 256 gave %v", b)
	}
	if r, g, b, a := img.At(0, 0).RGBA(); r>>8 < 250 || g>>8 > 5 || b>>8 > 5 || a>>8 != 255 {
		t.Errorf("corner of a circle on red is %v", img.At(0, 0))
	}
	if r, g, b, _ := img.At(128, 128).RGBA(); r != g || g != b {
		t.Errorf("--grayscale centre pixel is %v", img.At(128, 128))
	}
	if r, g, b, _ := img.At(128, 2).RGBA(); g>>8 < 200 || r>>8 > 60 || b>>8 > 60 {
		t.Errorf("top of the outline is %v, want green", img.At(128, 2))
	}

	// Images that cannot be made into a PFP: exit 1, say why and what to do,
	// leave no file.
	if err := os.WriteFile("bomb.png", pfpBombPNG(40000, 40000), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = c.run("pfp", "--in", "bomb.png")
	if code != ExitError || !strings.Contains(errOut, "too large") || !strings.Contains(errOut, "40000×40000") || !strings.Contains(errOut, "16384") {
		t.Fatalf("40000×40000 header: %d %q", code, errOut)
	}
	if err := os.WriteFile("notes.png", []byte("<html>not an image</html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := c.run("pfp", "--in", "notes.png"); code != ExitError || !strings.Contains(errOut, "not a JPEG or PNG") {
		t.Fatalf("HTML as PNG: %d %q", code, errOut)
	}
	whole, _ := os.ReadFile("Portrait Photo.jpg")
	if err := os.WriteFile("cut.jpg", whole[:len(whole)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := c.run("pfp", "--in", "cut.jpg"); code != ExitError || !strings.Contains(errOut, "damaged") {
		t.Fatalf("truncated JPEG: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("pfp", "--in", "missing.jpg"); code != ExitError || !strings.Contains(errOut, "missing.jpg") {
		t.Fatalf("missing input: %d %q", code, errOut)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "Portrait Photo-pfp.png,Portrait Photo.jpg,bomb.png,cut.jpg,notes.png,out" {
		t.Fatalf("failed renders left files behind: %v", names)
	}

	// Bad flags: usage errors.
	for _, args := range [][]string{
		{"pfp"},
		{"pfp", "--in", "Portrait Photo.jpg", "--member", "a@b.example"},
		{"pfp", "--in", "Portrait Photo.jpg", "--size", "50"},
		{"pfp", "--in", "Portrait Photo.jpg", "--size", "4096"},
		{"pfp", "--in", "Portrait Photo.jpg", "--size", "big"},
		{"pfp", "--in", "Portrait Photo.jpg", "--shape", "star"},
		{"pfp", "--in", "Portrait Photo.jpg", "--background", "blue"},
		{"pfp", "--in", "Portrait Photo.jpg", "--outline", "#12345"},
		{"pfp", "--in", "Portrait Photo.jpg", "--outline-width", "4"},
		{"pfp", "--in", "Portrait Photo.jpg", "--outline", "#000000", "--outline-width", "99"},
		{"pfp", "--in", "Portrait Photo.jpg", "--framing", "top"},
		{"pfp", "--in", "Portrait Photo.jpg", "--nope"},
	} {
		if code, _, errOut := c.run(args...); code != ExitUsage || errOut == "" {
			t.Errorf("%v: exit %d %q, want %d", args[1:], code, errOut, ExitUsage)
		}
	}
}

// pfpFindMembers returns a finished member with a favorite and one without.
func pfpFindMembers(t *testing.T, c *cliEnv) (withFav, withoutFav memberJSON) {
	t.Helper()
	code, out, errOut := c.run("members", "--json")
	var all []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &all) != nil {
		t.Fatalf("members: %d %q", code, errOut)
	}
	for _, m := range all {
		switch {
		case withFav.Email == "" && m.HasFavorite && m.Status == "Finished":
			withFav = m
		case withoutFav.Email == "" && !m.HasFavorite && m.Status == "No favorite":
			withoutFav = m
		}
	}
	if withFav.Email == "" || withoutFav.Email == "" {
		t.Fatalf("the sandbox has no finished member with and without a favorite")
	}
	return withFav, withoutFav
}

func pfpFavoritePhotoID(t *testing.T, c *cliEnv, email string) string {
	t.Helper()
	st, err := store.Open(filepath.Join(c.dataDir, "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.Person(context.Background(), email)
	if err != nil || p.FavoritePhotoID == "" {
		t.Fatalf("favorite of %s: %+v %v", email, p, err)
	}
	return p.FavoritePhotoID
}

func TestPFPMember(t *testing.T) {
	c := newCLIEnv(t, 40)
	out := t.TempDir()
	if code, _, errOut := c.run("pfp", "--member", "someone@northwind.example", "--out", out); code != ExitError || !strings.Contains(errOut, "never been synced") {
		t.Fatalf("before sync: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("sync"); code != ExitOK { // prefetches favorites
		t.Fatalf("sync: %s", errOut)
	}
	fav, noFav := pfpFindMembers(t, c)

	// Offline: the API is unreachable and the photo host fails every
	// download, so the favorite can only come from the photo cache.
	c.vars["SHOTDESK_API_URL"] = "http://127.0.0.1:1/api/v2"
	if err := c.srv.SetFaults(sandbox.Faults{CDNErrorRate: 1}); err != nil {
		t.Fatal(err)
	}
	code, stdout, errOut := c.run("pfp", "--member", strings.ToUpper(fav.Email), "--out", out)
	want := filepath.Join(out, fav.Email+"-pfp.png")
	if code != ExitOK || strings.TrimSpace(stdout) != want {
		t.Fatalf("offline pfp --member: %d %q %q", code, stdout, errOut)
	}
	if b := pfpDecodeFile(t, want).Bounds(); b.Dx() != 600 || b.Dy() != 600 {
		t.Fatalf("member PFP is %v", b)
	}
	// By member id, to an explicit file.
	byID := filepath.Join(out, "by-id.png")
	if code, _, errOut := c.run("pfp", "--member", fav.MemberID, "--out", byID, "--shape", "rounded"); code != ExitOK {
		t.Fatalf("pfp --member ID: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("pfp", "--member", fav.Email, "--out", out); code != ExitError || !strings.Contains(errOut, "already exists") {
		t.Fatalf("second run without --force: %d %q", code, errOut)
	}
	code, _, errOut = c.run("pfp", "--member", noFav.Email, "--out", out)
	if code != ExitError || !strings.Contains(errOut, noFav.Email+" has not picked a favorite yet") {
		t.Fatalf("member without favorite: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("pfp", "--member", "nobody@example.com"); code != ExitError || !strings.Contains(errOut, "no member") {
		t.Fatalf("unknown member: %d %q", code, errOut)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 2 {
		t.Fatalf("output folder holds %v", ents)
	}
}

// A favorite that is not cached yet is downloaded (and kept) when online;
// when the photo host serves a bomb, the user is told, and nothing is written.
func TestPFPMemberDownloads(t *testing.T) {
	c := newCLIEnv(t, 40)
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}
	fav, _ := pfpFindMembers(t, c)
	photoID := pfpFavoritePhotoID(t, c, fav.Email)
	out := t.TempDir()
	if code, _, errOut := c.run("pfp", "--member", fav.Email, "--out", out); code != ExitOK {
		t.Fatalf("online pfp of an uncached favorite: %d %q", code, errOut)
	}
	bc, err := blobs.Open(filepath.Join(c.dataDir, "blobs"), 0)
	if err != nil {
		t.Fatal(err)
	}
	_, cached := bc.Lookup(blobs.PhotoKey(photoID, blobs.VariantMain))
	bc.Close()
	if !cached {
		t.Fatal("the downloaded favorite was not kept in the photo cache")
	}

	// Another member's favorite arrives as a 40000×40000 header.
	code, js, _ := c.run("members", "--status", "finished", "--json")
	var fin []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(js), &fin) != nil {
		t.Fatal("members --status finished")
	}
	var other memberJSON
	for _, m := range fin {
		if m.HasFavorite && m.Email != fav.Email {
			other = m
			break
		}
	}
	if other.Email == "" {
		t.Fatal("no second member with a favorite")
	}
	if err := c.srv.SetFaults(sandbox.Faults{HugePhotos: []string{pfpFavoritePhotoID(t, c, other.Email)}}); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := c.run("pfp", "--member", other.Email, "--out", out)
	if code != ExitError || !strings.Contains(errOut, "The favorite of "+other.Email+" is too large") || !strings.Contains(errOut, "40000") {
		t.Fatalf("bomb favorite: %d %q", code, errOut)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 1 {
		t.Fatalf("output folder holds %v", ents)
	}
}

// Not cached and no connection: a clear message pointing at sync.
func TestPFPMemberOfflineNotCached(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Members: 40, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c := &cliEnv{t: t, srv: srv, baseURL: ts.URL + "/api/v2", dataDir: t.TempDir()}
	c.vars = map[string]string{"SHOTDESK_API_URL": c.baseURL, "SHOTDESK_API_KEY": srv.APIKey(), "SHOTDESK_DATA_DIR": c.dataDir}
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}
	fav, _ := pfpFindMembers(t, c)
	ts.Close() // API and photo host both gone
	out := t.TempDir()
	code, _, errOut := c.run("pfp", "--member", fav.Email, "--out", out)
	if code != ExitError || !strings.Contains(errOut, "The favorite of "+fav.Email+" is not downloaded yet and HeadshotPro cannot be reached") ||
		!strings.Contains(errOut, "Try again when you are online") {
		t.Fatalf("offline, not cached: %d %q", code, errOut)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Fatalf("output folder holds %v", ents)
	}
}

// The CLI renders with the template saved in Settings; flags override it.
func TestPFPUsesSavedTemplate(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "face.jpg")
	pfpTestJPEG(t, src, 900, 1200)
	data := t.TempDir()
	if err := config.SaveSettings(data, config.Settings{PFPTemplate: &config.PFPTemplateSettings{Shape: "circle", Size: 256, Background: "transparent", Framing: "head"}}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SHOTDESK_DATA_DIR": data}
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), args, Invocation{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string { return env[k] }})
		return code, out.String(), errOut.String()
	}
	saved := filepath.Join(dir, "saved.png")
	if code, _, errOut := run("pfp", "--in", src, "--out", saved); code != ExitOK {
		t.Fatalf("pfp with the saved template: %d %s", code, errOut)
	}
	img := pfpDecodeFile(t, saved)
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("saved template gave %v, want 256×256", b.Size())
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Fatal("circle corner is not transparent")
	}
	flagged := filepath.Join(dir, "flagged.png")
	if code, _, errOut := run("pfp", "--in", src, "--out", flagged, "--size", "300", "--shape", "square"); code != ExitOK {
		t.Fatalf("pfp with flags: %d %s", code, errOut)
	}
	img = pfpDecodeFile(t, flagged)
	if b := img.Bounds(); b.Dx() != 300 {
		t.Fatalf("--size 300 gave %v", b.Size())
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a == 0 {
		t.Fatal("--shape square still has transparent corners")
	}
}
