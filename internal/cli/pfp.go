package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func init() {
	register("pfp", "make one profile picture (PNG) from a member's favorite or a local image", runPFP)
}

// defaultPFPOutlineWidth is used when --outline is given without a width:
// asking for an outline colour and getting nothing drawn would be a trap.
const defaultPFPOutlineWidth = 4

func runPFP(ctx context.Context, inv *Invocation) int {
	e := newEnv(inv)
	fs := newFlagSet("pfp", "(--member EMAIL|ID | --in FILE) [--out FILE.png] [--force] [--size N] [--shape square|rounded|circle]\n"+
		"       [--background '#RRGGBB'|transparent] [--outline '#RRGGBB'] [--outline-width N] [--grayscale] [--framing head|centre|smart]\n"+
		"Colours may be written with or without '#' (quote '#RRGGBB': an unquoted # starts a shell comment).", inv.Stderr)
	addEnvFlags(fs, e)
	member := fs.String("member", "", "the member's email or member id: renders their favorite")
	in := fs.String("in", "", "a local JPEG or PNG to render instead (no cache or network needed)")
	out := fs.String("out", "", "PNG file to write, or an existing folder (default ./<email>-pfp.png, or ./<input name>-pfp.png)")
	force := fs.Bool("force", false, "replace the output file if it exists")
	// Unset style flags keep the template saved in Settings (else the
	// built-in 600×600 head-and-shoulders square).
	size := fs.Int("size", pfp.DefaultSize, fmt.Sprintf("side in pixels (%d–%d)", pfp.MinSize, pfp.MaxSize))
	shape := fs.String("shape", "square", "square, rounded or circle")
	background := fs.String("background", "transparent", "#RRGGBB or transparent: fills corners and transparent pixels")
	outline := fs.String("outline", "", "#RRGGBB outline colour (default none)")
	outlineWidth := fs.Int("outline-width", 0, fmt.Sprintf("outline width in pixels (0–%d; %d when --outline is given)", pfp.MaxOutlineWidth, defaultPFPOutlineWidth))
	grayscale := fs.Bool("grayscale", false, "render the photo in gray")
	framing := fs.String("framing", "head", "head (head and shoulders), centre or smart (find the face)")
	if code, ok := parseFlags(fs, inv.Args); !ok {
		return code
	}

	usage := func(format string, args ...any) int {
		fmt.Fprintf(inv.Stderr, "shotdesk pfp: "+format+"\n", args...)
		return ExitUsage
	}
	if (*member == "") == (*in == "") {
		return usage("give exactly one of --member EMAIL|ID or --in FILE")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err := e.resolve(); err != nil {
		return fail(inv, "pfp", err)
	}
	// Start from the template saved in Settings (the built-in look when
	// none is), then apply the flags that were given.
	spec := savedPFPSpec(e)
	if set["size"] {
		spec.Size = *size
	}
	if set["shape"] {
		spec.Shape = *shape
	}
	if set["background"] {
		spec.Background = *background
	}
	if set["outline"] {
		spec.Outline = *outline
		if !set["outline-width"] && spec.OutlineWidth == 0 {
			spec.OutlineWidth = defaultPFPOutlineWidth
		}
	}
	if set["outline-width"] {
		if *outlineWidth > 0 && strings.TrimSpace(spec.Outline) == "" {
			return usage("--outline-width needs --outline COLOR")
		}
		spec.OutlineWidth = *outlineWidth
	}
	if set["grayscale"] {
		spec.Grayscale = *grayscale
	}
	if set["framing"] {
		spec.Framing = *framing
	}
	tmpl, err := spec.Template()
	if err != nil {
		return usage("%s", strings.TrimPrefix(err.Error(), pfp.ErrInvalidTemplate.Error()+": "))
	}

	if *in != "" {
		return pfpFromFile(ctx, inv, *in, *out, *force, tmpl)
	}
	return pfpFromMember(ctx, inv, e, *member, *out, *force, tmpl)
}

// savedPFPSpec is the profile picture template saved in Settings
// (settings.json in the data dir), or the built-in look when there is none
// or the file cannot be read (then a note goes to stderr).
func savedPFPSpec(e *env) pfp.Spec {
	set, err := config.LoadSettings(e.dataDir)
	if err != nil {
		fmt.Fprintf(e.inv.Stderr, "note: %v; using the built-in profile picture template\n", err)
		return pfp.Spec{}
	}
	if set.PFPTemplate == nil {
		return pfp.Spec{}
	}
	return pfp.Spec(*set.PFPTemplate)
}

func pfpFromFile(ctx context.Context, inv *Invocation, in, out string, force bool, t pfp.Template) int {
	stem := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	target, err := pfpTarget(out, stem, force)
	if err != nil {
		return fail(inv, "pfp", err)
	}
	f, err := os.Open(in)
	if err != nil {
		return fail(inv, "pfp", fmt.Errorf("open the image: %w", err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return fail(inv, "pfp", fmt.Errorf("--in %s is a folder, not an image", in))
	}
	if err := writePFP(ctx, f, target, force, t); err != nil {
		return fail(inv, "pfp", explainPFPError(err, in))
	}
	fmt.Fprintln(inv.Stdout, target)
	return ExitOK
}

func pfpFromMember(ctx context.Context, inv *Invocation, e *env, member, out string, force bool, t pfp.Template) int {
	st, err := e.openStore()
	if err != nil {
		return fail(inv, "pfp", err)
	}
	defer st.Close()
	p, err := st.Person(ctx, member)
	if errors.Is(err, store.ErrNotFound) {
		if last, lerr := st.LastSync(ctx); lerr == nil && last.IsZero() {
			return fail(inv, "pfp", fmt.Errorf("no member %q: the offline copy has never been synced (run 'shotdesk sync')", member))
		}
		return fail(inv, "pfp", fmt.Errorf("no member %q in the offline copy (run 'shotdesk sync' if they joined recently)", member))
	}
	if err != nil {
		return fail(inv, "pfp", err)
	}
	who := p.Email
	if who == "" {
		who = member
	}
	if !p.HasFavorite || p.FavoritePhotoID == "" {
		return fail(inv, "pfp", fmt.Errorf("%s has not picked a favorite yet", who))
	}
	stem := p.Email
	if stem == "" {
		stem = p.MemberID
	}
	target, err := pfpTarget(out, stem, force)
	if err != nil {
		return fail(inv, "pfp", err)
	}

	bc, err := e.openBlobs()
	if err != nil {
		return fail(inv, "pfp", err)
	}
	defer bc.Close() // also writes the index, so a download made here stays cached
	src, err := pfpFavoriteSource(ctx, e, st, bc, &p, who)
	if err != nil {
		return fail(inv, "pfp", err)
	}
	defer src.Close()
	if err := writePFP(ctx, src, target, force, t); err != nil {
		return fail(inv, "pfp", explainPFPError(err, "the favorite of "+who))
	}
	fmt.Fprintln(inv.Stdout, target)
	return ExitOK
}

// pfpFavoriteSource opens the member's favorite from the photo cache, filling
// the cache first when it is missing and an API key is configured.
func pfpFavoriteSource(ctx context.Context, e *env, st *store.Store, bc *blobs.Cache, p *store.Person, who string) (io.ReadCloser, error) {
	key := blobs.PhotoKey(p.FavoritePhotoID, blobs.VariantMain)
	if ref, ok := bc.Lookup(key); ok {
		rc, err := bc.Open(ref.Hash)
		if err == nil {
			return rc, nil
		}
		// Evicted between Lookup and Open: download it again below.
	}
	notYet := fmt.Sprintf("the favorite of %s is not downloaded yet and", who)
	client, err := e.client(ctx)
	if errors.Is(err, config.ErrNoAPIKey) {
		return nil, fmt.Errorf("%s there is no API key: run 'shotdesk sync' with %s set", notYet, config.EnvAPIKey)
	}
	if err != nil {
		return nil, err
	}
	if _, err := syncer.New(client, st, bc, e.logger).FetchPhoto(ctx, p.ModelID, p.FavoritePhotoID, blobs.VariantMain); err != nil {
		if headshotpro.IsOffline(err) {
			return nil, fmt.Errorf("%s there is no connection to %s: run 'shotdesk sync' when online", notYet, e.apiURL)
		}
		return nil, fmt.Errorf("download the favorite of %s: %w", who, err)
	}
	ref, ok := bc.Lookup(key)
	if !ok {
		return nil, fmt.Errorf("download the favorite of %s: the photo cache did not keep it (is the disk full?)", who)
	}
	rc, err := bc.Open(ref.Hash)
	if err != nil {
		return nil, fmt.Errorf("open the favorite of %s: %w", who, err)
	}
	return rc, nil
}

// pfpTarget decides the output file: --out as given, an existing folder
// gets the default name inside it, and no --out means the default name in
// the current folder. Without --force an existing file is refused here,
// before any work, and again atomically when the file is put in place.
func pfpTarget(out, stem string, force bool) (string, error) {
	name := pfpFileStem(stem) + "-pfp.png"
	if out == "" {
		out = name
	} else if info, err := os.Stat(out); err == nil && info.IsDir() {
		out = filepath.Join(out, name)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("--out %s: %w", out, err)
	}
	dir := filepath.Dir(abs)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", fmt.Errorf("cannot write %s: the folder %s does not exist", abs, dir)
	}
	if !force {
		if _, err := os.Lstat(abs); err == nil {
			return "", fmt.Errorf("%s already exists; use --force to replace it or --out to choose another name", abs)
		}
	}
	return abs, nil
}

// writePFP renders src into a temp file beside target and moves it into
// place only when complete, so a failed or interrupted render never leaves
// a half-written PNG under the target's name.
func writePFP(ctx context.Context, src io.Reader, target string, force bool, t pfp.Template) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	tmpName := tmp.Name()
	placed := false
	defer func() {
		if !placed {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err := (pfp.Renderer{}).RenderTo(ctx, tmp, src, t, pfp.PNG); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	// CreateTemp makes 0600. A profile picture is made to be shared (unlike
	// the status CSV, which lists staff emails), so give it the mode a
	// plain os.Create gets under the usual umask.
	_ = os.Chmod(tmpName, 0o644)
	if force {
		if err := os.Rename(tmpName, target); err != nil {
			return fmt.Errorf("write %s: %w", target, err)
		}
		placed = true
		return nil
	}
	// Without --force, a hard link is the atomic "create only if absent":
	// a file that appeared since pfpTarget checked is never replaced.
	err = os.Link(tmpName, target)
	switch {
	case err == nil:
		os.Remove(tmpName)
		placed = true
		return nil
	case errors.Is(err, os.ErrExist):
		return fmt.Errorf("%s already exists; use --force to replace it", target)
	}
	// No hard links on this filesystem (FAT, some network shares): check
	// and rename, which leaves only a tiny window.
	if _, serr := os.Lstat(target); serr == nil {
		return fmt.Errorf("%s already exists; use --force to replace it", target)
	}
	if err := os.Rename(tmpName, target); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	placed = true
	return nil
}

// explainPFPError turns pfp's typed errors into what the user can do.
func explainPFPError(err error, what string) error {
	detail := func(sentinel error) string {
		return strings.TrimPrefix(strings.TrimPrefix(err.Error(), sentinel.Error()), ": ")
	}
	switch {
	case errors.Is(err, pfp.ErrTooLarge):
		l := pfp.DefaultLimits
		return fmt.Errorf("%s is too large to make a profile picture from (%s); the limits are %d px per side, %d megapixels and %d MB: scale it down and try again",
			what, detail(pfp.ErrTooLarge), l.MaxSide, l.MaxPixels/1_000_000, l.MaxBytes>>20)
	case errors.Is(err, pfp.ErrUnsupported):
		return fmt.Errorf("%s is not a JPEG or PNG image (%s): convert it to JPEG or PNG and try again", what, detail(pfp.ErrUnsupported))
	case errors.Is(err, pfp.ErrCorrupt):
		return fmt.Errorf("%s is damaged or incomplete (%s): download or export it again", what, detail(pfp.ErrCorrupt))
	}
	return err
}

// pfpFileStem makes s usable as a file name on every OS, with the same
// rules as the Download Favorites folders (bundle.SafeName).
func pfpFileStem(s string) string {
	if out := bundle.SafeName(s); out != "unnamed" {
		return out
	}
	return "profile"
}
