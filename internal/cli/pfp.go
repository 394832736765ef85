package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/userfiles"
	"github.com/shotdesk/shotdesk/internal/workflow"
)

var pfpCommand = command{"pfp", "make one profile picture (PNG) from a member's favorite or a local image", runPFP}

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

	usage := e.usage
	if (*member == "") == (*in == "") {
		return usage("give exactly one of --member EMAIL|ID or --in FILE")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err := e.resolve(); err != nil {
		return e.fail(err)
	}
	defer e.close()
	// Start from the template saved in Settings (the built-in look when
	// none is), then apply the flags that were given.
	spec, note := workflow.SavedTemplateSpec(e.dataDir, e.logger)
	if note != "" {
		fmt.Fprintln(inv.Stderr, "note: "+note)
	}
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
	tmpl, err := workflow.Template(spec)
	if err != nil {
		return usage("%s", err)
	}

	target, err := pfpTarget(*out, *force)
	if err != nil {
		return usage("%v", err)
	}
	var path string
	if *in != "" {
		path, err = workflow.SaveImagePFP(ctx, *in, tmpl, target)
	} else {
		path, err = savePFPOfMember(ctx, e, *member, tmpl, target)
	}
	if err != nil {
		code := e.fail(err)
		if errors.Is(err, userfiles.ErrExists) {
			fmt.Fprintln(inv.Stderr, "Use --force to replace it, or --out to choose another name.")
		}
		return code
	}
	abs, _ := filepath.Abs(path)
	fmt.Fprintln(inv.Stdout, abs)
	return ExitOK
}

// savePFPOfMember renders a member's favorite, from the caches or
// downloaded when an API key is set.
func savePFPOfMember(ctx context.Context, e *env, member string, t pfp.Template, target workflow.FileTarget) (string, error) {
	d, err := e.open(ctx, false)
	if err != nil {
		return "", err
	}
	defer d.Close()
	return d.SaveMemberPFP(ctx, member, t, target)
}

// pfpTarget turns --out into where the picture goes: no --out is the
// current folder, an existing folder gets "<name>-pfp.png" inside it,
// anything else is the exact file. A script gets the name it expects, so
// a taken name is an error, not " (2)": --force replaces it.
func pfpTarget(out string, force bool) (workflow.FileTarget, error) {
	if out == "" {
		out = "."
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return workflow.FileTarget{Dir: out, Exact: true, Replace: force}, nil
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return workflow.FileTarget{}, fmt.Errorf("--out %s: %w", out, err)
	}
	if info, err := os.Stat(filepath.Dir(abs)); err != nil || !info.IsDir() {
		return workflow.FileTarget{}, fmt.Errorf("cannot write %s: the folder %s does not exist", abs, filepath.Dir(abs))
	}
	return workflow.FileTarget{Path: abs, Replace: force}, nil
}
