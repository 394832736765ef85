// Command bench measures Shotdesk's photo and export paths against the
// tools an admin would script instead, on the same data in the same run,
// and prints one line per comparison:
//
//	NAME: RATIO (ours X s, reference Y s)
//
// RATIO is ours / reference (lower is better). It is run by `make bench`
// (scripts/bench.sh installs the reference tools: libvips-tools, zip, curl).
// Numbers, not pass/fail, are the output; the targets are in the README.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shotdesk/shotdesk/internal/blobs"
	"github.com/shotdesk/shotdesk/internal/bundle"
	"github.com/shotdesk/shotdesk/internal/cli"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/headshotpro"
	"github.com/shotdesk/shotdesk/internal/pfp"
	"github.com/shotdesk/shotdesk/internal/photos"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/store"
	"github.com/shotdesk/shotdesk/internal/syncer"
)

func main() {
	quick := flag.Bool("quick", false, "smaller data (fewer PFP sources, quarter-size photos): a smoke run, not a measurement")
	cacheDir := flag.String("cache", filepath.Join(os.TempDir(), "shotdesk-bench-cache"), "where generated images are kept between runs")
	child := flag.String("child-export", "", "internal: run one cold export in this process (for peak memory)")
	childPub := flag.String("child-publish", "", "internal: run one publish to the Graph fake in this process")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the measured part (cold Download Favorites, the 50 ms export with -only wan, or the part -only names) to this file")
	flag.IntVar(&renderers, "renderers", 0, "parallel PFP renders in the cold export (0 = one per core, the app's default)")
	flag.StringVar(&only, "only", "", "run one part: pfp, favorites, wan, memory, csv, resync or publish (scripts/bench.sh runs pfp alone for the pure-Go build)")
	flag.Parse()
	if *child != "" {
		os.Exit(childExport(*child))
	}
	if *childPub != "" {
		os.Exit(childPublish(*childPub))
	}
	if err := run(*quick, *cacheDir); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

var (
	cpuProfile string
	only       string
	renderers  int
)

func want(part string) bool { return only == "" || only == part }

func run(quick bool, cacheDir string) error {
	work, err := os.MkdirTemp("", "shotdesk-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	for _, tool := range []string{"vipsthumbnail", "curl", "zip", "cat"} {
		if only == "publish" || only == "resync" {
			break // needs none of them
		}
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: run scripts/bench.sh (it installs libvips-tools, zip and curl)", tool)
		}
	}
	scale := 1.0
	pfpSources := 8
	if quick {
		scale, pfpSources = 0.25, 3
	}

	if want("pfp") {
		if err := benchPFP(work, pfpSources); err != nil {
			return fmt.Errorf("pfp: %w", err)
		}
	}
	if want("favorites") {
		if err := benchFavorites(work, cacheDir, scale); err != nil {
			return fmt.Errorf("favorites: %w", err)
		}
	}
	if want("wan") {
		if err := benchWAN(work, cacheDir, scale); err != nil {
			return fmt.Errorf("wan: %w", err)
		}
	}
	if want("memory") {
		for _, members := range []int{800, 3200} { // ≈ 500 and ≈ 2,000 favorites
			if err := benchPeakMemory(work, cacheDir, members, scale); err != nil {
				return fmt.Errorf("peak memory: %w", err)
			}
		}
	}
	if want("csv") {
		if err := benchCSV(work, 100000); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	if want("resync") {
		if err := benchResync(work); err != nil {
			return fmt.Errorf("resync: %w", err)
		}
	}
	if want("publish") {
		sizes := []int{1000, 3000}
		if quick {
			sizes = []int{200, 600}
		}
		for i, people := range sizes {
			if err := benchPublish(work, people, i == 0); err != nil {
				return fmt.Errorf("publish: %w", err)
			}
		}
	}
	return nil
}

// report prints one comparison. (The PFP line is the median of
// alternating rounds instead, see pairedRounds.)
func report(name string, ours, ref time.Duration) {
	fmt.Printf("%s: %.2f (ours %.3f s, reference %.3f s)\n", name, ours.Seconds()/ref.Seconds(), ours.Seconds(), ref.Seconds())
}

// ---- pfp_vs_vipsthumbnail -------------------------------------------------

// benchPFP renders 600×600 PNGs from 3000×4000 JPEGs with our pure-Go
// pipeline, one after the other in one process, and with one vipsthumbnail
// invocation over the same files.
func benchPFP(work string, n int) error {
	dir := filepath.Join(work, "pfp-src")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var files []string
	for i := range n {
		f := filepath.Join(dir, fmt.Sprintf("src%d.jpg", i))
		if err := writePortraitJPEG(f, 3000, 4000, uint64(i+1)); err != nil {
			return err
		}
		files = append(files, f)
	}
	ourOut := filepath.Join(work, "pfp-ours")
	vipsOut := filepath.Join(work, "pfp-vips")
	for _, d := range []string{ourOut, vipsOut} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	renderWith := func(t pfp.Template) error {
		for i, f := range files {
			in, err := os.Open(f)
			if err != nil {
				return err
			}
			out, err := os.Create(filepath.Join(ourOut, fmt.Sprintf("%d.png", i)))
			if err != nil {
				in.Close()
				return err
			}
			err = pfp.Renderer{}.RenderTo(context.Background(), out, in, t, pfp.PNG)
			in.Close()
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	vips := func() error {
		args := append(append([]string{}, files...), "-s", "600x600", "-m", "centre", "-o", filepath.Join(vipsOut, "%s.png"))
		return runQuiet("vipsthumbnail", args...)
	}
	// The machine is shared: other work comes and goes within seconds, so
	// the two sides run in alternation (one round = ours then vips, the
	// order swapped every round) and the ratio is the median of the
	// rounds' ratios, each taken under the same conditions.
	//
	// The main line is the default template, what users get: head and
	// shoulders, which looks for a face (the drawn portraits are not faces
	// to the detector, so this is its full scan and the fallback square).
	// The secondary line is Centre framing, like vipsthumbnail -m centre:
	// the same work without the face search.
	prefix := "pfp"
	if pfp.DecoderName() == "image/jpeg" {
		prefix = "pfp_purego"
	}
	head, err := pairedRounds(pfpRounds, func() error { return renderWith(pfp.Template{}) }, vips)
	if err != nil {
		return err
	}
	centre, err := pairedRounds(pfpRounds, func() error { return renderWith(pfp.Template{Framing: pfp.Centre}) }, vips)
	if err != nil {
		return err
	}
	k := float64(len(files))
	for _, line := range []struct {
		name string
		r    paired
	}{{prefix + "_vs_vipsthumbnail", head}, {prefix + "_centre_vs_vipsthumbnail", centre}} {
		r := line.r
		fmt.Printf("%s: %.2f (ours %.3f s, reference %.3f s)\n", line.name, r.ratio, r.ours.Seconds(), r.ref.Seconds())
		fmt.Fprintf(os.Stderr, "bench: %s per image: ours %.0f ms (%s), vips %.0f ms; ratio of %d rounds %.2f–%.2f, median %.2f; CPU time ours %.0f ms, vips %.0f ms per image\n",
			line.name, r.ours.Seconds()*1000/k, pfp.DecoderName(), r.ref.Seconds()*1000/k,
			pfpRounds, r.minRatio, r.maxRatio, r.ratio, r.oursCPU.Seconds()*1000/k, r.refCPU.Seconds()*1000/k)
	}

	// What face framing costs in all: the default template against Centre
	// on the same files, in CPU time (steadier than wall time on a shared
	// machine). Not the detector alone (scripts/bench.sh prints that,
	// pfp_face_detect_ms): the two framings also decode and resize
	// different squares, so this can even come out below zero.
	perHead, perCentre := head.oursCPU.Seconds()*1000/k, centre.oursCPU.Seconds()*1000/k
	fmt.Printf("%s_face_framing_extra_ms: %.1f (CPU time per photo: head-and-shoulders %.1f ms, centre %.1f ms: %+.1f %% of the PFP)\n",
		prefix, perHead-perCentre, perHead, perCentre, 100*(perHead-perCentre)/perCentre)
	return nil
}

// pfpRounds is how many alternating rounds benchPFP runs.
const pfpRounds = 7

// paired is the outcome of pairedRounds: medians of wall time and of the
// per-round ratio ours/ref, its spread, and the median CPU time of each
// side (ours: this process; ref: its child processes).
type paired struct {
	ours, ref                 time.Duration
	ratio, minRatio, maxRatio float64
	oursCPU, refCPU           time.Duration
}

// pairedRounds runs one warm-up of each side, then n rounds of both.
func pairedRounds(n int, ours, ref func() error) (paired, error) {
	if err := ours(); err != nil {
		return paired{}, err
	}
	if err := ref(); err != nil {
		return paired{}, err
	}
	var wo, wr, co, cr []time.Duration
	var ratios []float64
	timed := func(f func() error, who int) (wall, cpu time.Duration, err error) {
		before := rusageCPU(who)
		start := time.Now()
		err = f()
		return time.Since(start), rusageCPU(who) - before, err
	}
	for i := range n {
		var o, r, oc, rc time.Duration
		var err error
		if i%2 == 0 {
			if o, oc, err = timed(ours, rusageSelf); err == nil {
				r, rc, err = timed(ref, rusageChildren)
			}
		} else {
			if r, rc, err = timed(ref, rusageChildren); err == nil {
				o, oc, err = timed(ours, rusageSelf)
			}
		}
		if err != nil {
			return paired{}, err
		}
		wo, wr, co, cr = append(wo, o), append(wr, r), append(co, oc), append(cr, rc)
		ratios = append(ratios, o.Seconds()/r.Seconds())
	}
	slices.Sort(ratios)
	return paired{
		ours: median(wo), ref: median(wr), oursCPU: median(co), refCPU: median(cr),
		ratio: ratios[len(ratios)/2], minRatio: ratios[0], maxRatio: ratios[len(ratios)-1],
	}, nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// startProfile starts the -cpuprofile CPU profile, if asked for, and
// returns the function that stops it.
func startProfile() (stop func(), err error) {
	if cpuProfile == "" {
		return func() {}, nil
	}
	f, err := os.Create(cpuProfile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writePortraitJPEG writes a noisy head-and-shoulders-like image so the
// JPEG has a realistic size (~2–4 MB at 3000×4000) and decode cost.
func writePortraitJPEG(path string, w, h int, seed uint64) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, seed*7))
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cx, cy, r := float64(w)/2, float64(h)*0.33, float64(w)*0.2
	for y := range h {
		for x := range w {
			dx, dy := (float64(x)-cx)/r, (float64(y)-cy)/(r*1.3)
			v := 120 + 40*float64(y)/float64(h)
			if dx*dx+dy*dy < 1 {
				v = 190
			} else if y > h*6/10 && float64(x) > cx-float64(w)*0.38 && float64(x) < cx+float64(w)*0.38 {
				v = 60
			}
			img.Y[y*img.YStride+x] = uint8(max(0, min(255, v+float64(rng.IntN(40))-20)))
		}
	}
	for i := range img.Cb {
		img.Cb[i] = uint8(118 + rng.IntN(20))
		img.Cr[i] = uint8(128 + rng.IntN(24))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// ---- Download Favorites -----------------------------------------------------

type org struct {
	srv    *sandbox.Server
	client *headshotpro.Client
	store  *store.Store
	favs   []store.FavoriteRow
}

// openOrg starts a sandbox whose generated images live in cacheDir (so
// only the first run pays for generating them), syncs it into a fresh
// store and warms the sandbox's image cache by fetching every favorite
// once, so both sides of a comparison download the same ready bytes.
func openOrg(work, cacheDir string, members int, scale float64) (*org, error) {
	srv, err := sandbox.New(sandbox.Options{Members: members, Seed: 42, ImageScale: scale, ImageCacheDir: filepath.Join(cacheDir, fmt.Sprintf("images-%g", scale))})
	if err != nil {
		return nil, err
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.DiscardHandler)
	c, err := headshotpro.New(base, srv.APIKey(), headshotpro.WithLogger(quiet))
	if err != nil {
		return nil, err
	}
	st, err := store.Open(filepath.Join(work, fmt.Sprintf("cache-%d.db", members)))
	if err != nil {
		return nil, err
	}
	if _, err := syncer.New(c, st, nil, quiet).Sync(context.Background(), nil, syncer.Options{}); err != nil {
		return nil, err
	}
	favs, err := st.Favorites(context.Background(), "")
	if err != nil {
		return nil, err
	}
	// Warm with one fetch per core: the sandbox generates each image on
	// first request (CPU-bound) and keeps it in ImageCacheDir.
	d := headshotpro.NewDownloader(headshotpro.WithDownloadLogger(quiet))
	errs := make(chan error, len(favs))
	next := make(chan store.FavoriteRow)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if _, err := d.Fetch(context.Background(), f.URLMain, io.Discard, 64<<20); err != nil {
					errs <- fmt.Errorf("warm %s: %w", f.Email, err)
				}
			}
		}()
	}
	for _, f := range favs {
		next <- f
	}
	close(next)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return &org{srv: srv, client: c, store: st, favs: favs}, nil
}

func (o *org) close() {
	o.store.Close()
	o.srv.Close()
}

func benchFavorites(work, cacheDir string, scale float64) error {
	o, err := openOrg(work, cacheDir, 800, scale)
	if err != nil {
		return err
	}
	defer o.close()
	fmt.Fprintf(os.Stderr, "bench: Download Favorites of %d shoots\n", len(o.favs))

	// Ours, cold: empty blob cache, everything downloaded and rendered.
	bc, err := blobs.Open(filepath.Join(work, "blobs"), 50<<30)
	if err != nil {
		return err
	}
	defer bc.Close()
	deps := bundle.Deps{Store: o.store, Blobs: bc, Fetcher: o.client}
	stopProfile, err := startProfile()
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := bundle.Export(context.Background(), deps, bundle.Options{OutDir: mkdir(work, "ours-cold"), Renderers: renderers}, nil)
	ours := time.Since(start)
	stopProfile()
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return fmt.Errorf("cold export: %d failed: %v", res.Failed, res.Failures[0])
	}

	// Reference: parallel curl of the same URLs, vipsthumbnail for the
	// PFPs, zip -0 — what an admin would script.
	ref, err := scriptedExport(work, o.favs, 1)
	if err != nil {
		return err
	}
	report("favorites_cold_vs_reference", ours, ref)
	tuned, err := scriptedExport(work, o.favs, 2)
	if err != nil {
		return err
	}
	report("favorites_cold_vs_tuned_script", ours, tuned)

	// The same cold export with the script's framing (Centre, like
	// vipsthumbnail -m centre): what the default's face search and
	// full-width decode cost on top.
	if err := withCache(filepath.Join(work, "blobs-centre"), func(bc *blobs.Cache) error {
		start := time.Now()
		res, err := bundle.Export(context.Background(), bundle.Deps{Store: o.store, Blobs: bc, Fetcher: o.client},
			bundle.Options{OutDir: mkdir(work, "ours-cold-centre"), Renderers: renderers, Template: pfp.Template{Framing: pfp.Centre}}, nil)
		if err == nil && res.Failed > 0 {
			err = fmt.Errorf("cold export (centre): %d failed: %v", res.Failed, res.Failures[0])
		}
		if err == nil {
			report("favorites_cold_centre_vs_reference", time.Since(start), ref)
		}
		return err
	}); err != nil {
		return err
	}

	// Warm: everything cached, so the export only re-zips; against cat of
	// the same cached files into one file (the disk's own speed).
	start = time.Now()
	if _, err := bundle.Export(context.Background(), deps, bundle.Options{OutDir: mkdir(work, "ours-warm")}, nil); err != nil {
		return err
	}
	warm := time.Since(start)
	var paths []string
	for _, f := range o.favs {
		for _, key := range []string{blobs.PhotoKey(f.PhotoID, blobs.VariantMain), blobs.PFPKey(f.PhotoID, pfp.Template{}.Key(), blobs.EncodingJPEG)} {
			ref, ok := bc.Lookup(key)
			if !ok {
				return fmt.Errorf("warm export: %s not cached", key)
			}
			paths = append(paths, filepath.Join(work, "blobs", ref.Hash[:2], ref.Hash))
		}
	}
	catOut := filepath.Join(work, "cat.out")
	start = time.Now()
	if err := catInto(catOut, paths); err != nil {
		return err
	}
	catTime := time.Since(start)
	report("favorites_warm_vs_cat", warm, catTime)
	return nil
}

func catInto(out string, paths []string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	// xargs keeps each cat's argument list short enough for any OS limit.
	cmd := exec.Command("xargs", "-0", "cat")
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\x00"))
	cmd.Stdout = f
	if err := cmd.Run(); err != nil {
		return err
	}
	return f.Sync()
}

// scriptedExport is the same work done with standard tools. parallel is how
// many vipsthumbnail processes run at once: 1 is the script as an admin
// would write it (one vipsthumbnail over all the files; xargs only keeps
// the argument list within the OS limit), 2 a script tuned for two cores.
func scriptedExport(work string, favs []store.FavoriteRow, parallel int) (time.Duration, error) {
	dir := mkdir(work, fmt.Sprintf("ref-%d", parallel))
	var cfg strings.Builder
	for i, f := range favs {
		d := filepath.Join(dir, strconv.Itoa(i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return 0, err
		}
		fmt.Fprintf(&cfg, "url = %q\noutput = %q\n", f.URLMain, filepath.Join(d, "headshot.jpg"))
	}
	cfgPath := filepath.Join(work, fmt.Sprintf("curl-%d.cfg", parallel))
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o600); err != nil {
		return 0, err
	}
	var heads []string
	for i := range favs {
		heads = append(heads, filepath.Join(dir, strconv.Itoa(i), "headshot.jpg"))
	}
	start := time.Now()
	if err := runQuiet("curl", "--silent", "--fail", "--parallel", "--parallel-max", "8", "--config", cfgPath); err != nil {
		return 0, err
	}
	// vipsthumbnail writes <dir>/pfp.jpg next to each headshot.
	batch := "1000"
	if parallel > 1 {
		batch = "32" // small batches keep both processes busy to the end
	}
	cmd := exec.Command("xargs", "-0", "-n", batch, "-P", strconv.Itoa(parallel), "vipsthumbnail", "-s", "600x600", "-m", "centre", "-o", "pfp.jpg")
	cmd.Stdin = strings.NewReader(strings.Join(heads, "\x00"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("vipsthumbnail: %v: %s", err, out)
	}
	zipCmd := exec.Command("zip", "-0", "-r", "-q", filepath.Join(work, fmt.Sprintf("ref-%d.zip", parallel)), ".")
	zipCmd.Dir = dir
	if out, err := zipCmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("zip: %v: %s", err, out)
	}
	return time.Since(start), nil
}

// ---- Download Favorites over a WAN link ---------------------------------------

// wanBandwidth is the simulated office link: 200 Mbit/s.
const wanBandwidth = 200 * sandbox.Mbit

// benchWAN runs Download Favorites through the sandbox's simulated link
// (a round trip on every answer, handshakes on new connections, one
// bandwidth shared by all downloads) and compares it with the least time
// the link allows: the photo bytes it carried ÷ its bandwidth. A ratio
// near 1 means the export kept the link full.
//
// favorites_wan_vs_link* are cold exports (nothing cached): the PFP
// renders overlap the downloads and show only when the CPU is slower than
// the link, which on a busy machine it is. favorites_wan_downloads_vs_link*
// are the same exports with the PFPs already rendered (the headshots are
// not cached): the downloads and the ZIP alone, whatever the CPU.
func benchWAN(work, cacheDir string, scale float64) error {
	o, err := openOrg(work, cacheDir, 800, scale)
	if err != nil {
		return err
	}
	defer o.close()
	fmt.Fprintf(os.Stderr, "bench: Download Favorites of %d shoots over a %v/s link\n", len(o.favs), wanBandwidth)
	links := []struct {
		suffix string
		link   sandbox.Faults
	}{
		{"_10ms", sandbox.Faults{RTT: 10 * time.Millisecond, Bandwidth: wanBandwidth}},
		{"", sandbox.Faults{RTT: 50 * time.Millisecond, Bandwidth: wanBandwidth}},
		{"_150ms", sandbox.Faults{RTT: 150 * time.Millisecond, Bandwidth: wanBandwidth}},
		// 1 % of the photos at 2 Mbit/s: does one slow transfer hold up the rest?
		{"_slow_photos", sandbox.Faults{RTT: 50 * time.Millisecond, Bandwidth: wanBandwidth, SlowPhotos: 0.01}},
	}
	lineName := func(kind, suffix string) string {
		if suffix == "_slow_photos" {
			return "favorites_" + kind + "_slow_photos_vs_link"
		}
		return "favorites_" + kind + "_vs_link" + suffix
	}
	for i, l := range links {
		dir := filepath.Join(work, fmt.Sprintf("wan-%d", i))
		err := withCache(dir, func(bc *blobs.Cache) error {
			return wanExport(o, bc, dir, lineName("wan", l.suffix), l.link)
		})
		if err != nil {
			return err
		}
	}

	// One cache for the download-only runs: the PFPs rendered once (over
	// loopback), the headshots forgotten before each run.
	dir := filepath.Join(work, "wan-downloads")
	return withCache(dir, func(bc *blobs.Cache) error {
		if _, err := bundle.Export(context.Background(), bundle.Deps{Store: o.store, Blobs: bc, Fetcher: o.client},
			bundle.Options{OutDir: mkdir(dir, "render"), Renderers: renderers}, nil); err != nil {
			return fmt.Errorf("render the PFPs: %w", err)
		}
		for _, l := range links {
			for _, f := range o.favs {
				photos.Forget(bc, f.PhotoID)
			}
			if err := wanExport(o, bc, dir, lineName("wan_downloads", l.suffix), l.link); err != nil {
				return err
			}
		}
		return nil
	})
}

// withCache opens a blob cache in dir for f and removes dir afterwards.
func withCache(dir string, f func(*blobs.Cache) error) error {
	defer os.RemoveAll(dir)
	bc, err := blobs.Open(filepath.Join(dir, "blobs"), 50<<30)
	if err != nil {
		return err
	}
	defer bc.Close()
	return f(bc)
}

// wanExport runs one export into dir with the link faults set and a new API
// client (no open connections, as when the app starts), and reports it.
func wanExport(o *org, bc *blobs.Cache, dir, name string, link sandbox.Faults) error {
	c, err := headshotpro.New(o.client.BaseURL(), o.srv.APIKey(), headshotpro.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	out := mkdir(dir, "out")
	defer os.RemoveAll(out)
	if err := o.srv.SetFaults(link); err != nil {
		return err
	}
	defer o.srv.ResetFaults()
	before := o.srv.Stats()
	cpuBefore := cpuTime()
	if cpuProfile != "" && only == "wan" && name == "favorites_wan_vs_link" {
		stop, err := startProfile()
		if err != nil {
			return err
		}
		defer stop()
	}
	start := time.Now()
	fetcher := &lastFetch{PhotoFetcher: c}
	res, err := bundle.Export(context.Background(), bundle.Deps{Store: o.store, Blobs: bc, Fetcher: fetcher},
		bundle.Options{OutDir: out, Renderers: renderers}, nil)
	took := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if res.Failed > 0 {
		return fmt.Errorf("%s: %d failed: %v", name, res.Failed, res.Failures[0])
	}
	downloads := time.Duration(fetcher.done.Load()) - time.Duration(start.UnixNano())
	after := o.srv.Stats()
	sent := after.CDNBytes - before.CDNBytes
	linkTime := link.Bandwidth.TransferTime(sent)
	report(name, took, linkTime)
	fmt.Fprintf(os.Stderr, "bench: %s: %v RTT, %.0f MB of photos, %d downloads on %d connections, last download done after %.1f s (%.2f× the link's time), %.1f s CPU (renders and the sandbox)\n",
		name, link.RTT, float64(sent)/1e6, res.Downloaded, after.Connections-before.Connections,
		downloads.Seconds(), downloads.Seconds()/linkTime.Seconds(), (cpuTime() - cpuBefore).Seconds())
	return nil
}

// lastFetch notes when the last photo download ended: the export's time
// minus that is its tail of renders and writing, which a machine short of
// CPU lengthens while the link is already done.
type lastFetch struct {
	bundle.PhotoFetcher
	done atomic.Int64 // unix ns
}

func (f *lastFetch) FetchPhoto(ctx context.Context, ref headshotpro.PhotoRef, w io.Writer, maxBytes int64) (int64, error) {
	n, err := f.PhotoFetcher.FetchPhoto(ctx, ref, w, maxBytes)
	f.done.Store(time.Now().UnixNano())
	return n, err
}

// ---- peak memory ------------------------------------------------------------

// benchPeakMemory runs a cold export in a child process and reads its
// peak resident memory from the kernel.
func benchPeakMemory(work, cacheDir string, members int, scale float64) error {
	o, err := openOrg(work, cacheDir, members, scale) // generates and warms the images
	if err != nil {
		return err
	}
	n := len(o.favs)
	base := o.client.BaseURL()
	key := o.srv.APIKey()
	dbPath := filepath.Join(work, fmt.Sprintf("cache-%d.db", members))
	defer o.close()
	spec := strings.Join([]string{base, key, dbPath, mkdir(work, fmt.Sprintf("mem-%d", members))}, "\n")
	cmd := exec.Command(os.Args[0], "-child-export", spec)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("child export: %w", err)
	}
	var heapMB, rssMB int
	if _, err := fmt.Sscan(string(out), &heapMB, &rssMB); err != nil {
		return fmt.Errorf("child output %q: %w", out, err)
	}
	fmt.Printf("favorites_peak_memory_%d: %d MB peak RSS, %d MB peak Go heap in use (cold export of %d shoots in %.1f s; target < 100 MB and flat)\n",
		n, rssMB, heapMB, n, time.Since(start).Seconds())
	return nil
}

func childExport(spec string) int {
	parts := strings.Split(spec, "\n")
	if len(parts) != 4 {
		fmt.Fprintln(os.Stderr, "bad child spec")
		return 2
	}
	quiet := slog.New(slog.DiscardHandler)
	c, err := headshotpro.New(parts[0], parts[1], headshotpro.WithLogger(quiet))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	st, err := store.Open(parts[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	bc, err := blobs.Open(filepath.Join(parts[3], "blobs"), 50<<30)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer bc.Close()
	peakHeap := sampleHeap()
	res, err := bundle.Export(context.Background(), bundle.Deps{Store: st, Blobs: bc, Fetcher: c}, bundle.Options{OutDir: parts[3]}, nil)
	heap := peakHeap()
	// The parent reports these. ru_maxrss of a child is useless here: on
	// Linux it starts from the parent's RSS at fork time.
	fmt.Println(heap>>20, peakRSSMB())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if res.Failed > 0 {
		fmt.Fprintf(os.Stderr, "%d failed\n", res.Failed)
		return 1
	}
	return 0
}

// peakRSSMB reads this process's peak resident set (VmHWM) from /proc.
func peakRSSMB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	return -1
}

// ---- CSV --------------------------------------------------------------------

// benchCSV times `shotdesk export-csv` over a cache holding n people.
func benchCSV(work string, n int) error {
	dataDir := mkdir(work, "csv")
	st, err := store.Open(filepath.Join(dataDir, "cache.db"))
	if err != nil {
		return err
	}
	snap := store.Snapshot{Org: domain.Organization{UID: "org_bench", Name: "Bench"}, Teams: []domain.Team{{ID: "t1", Name: "Engineering"}, {ID: "t2", Name: "Sales"}}, Credits: 10, Favorites: map[string]string{}}
	now := time.Now()
	for i := range n {
		email := fmt.Sprintf("person%06d@example.com", i)
		team := snap.Teams[i%2]
		snap.Invites = append(snap.Invites, domain.Invite{Email: email, Status: domain.InviteCompleted, TeamID: team.ID, TeamName: team.Name, CreatedAt: now.Add(-time.Duration(i) * time.Minute)})
		if i%10 == 0 {
			continue // a pending invite
		}
		mid, modelID := fmt.Sprintf("m%06d", i), fmt.Sprintf("model%06d", i)
		snap.Members = append(snap.Members, domain.Member{ID: mid, Email: email, Name: fmt.Sprintf("Person %d", i), Status: domain.MemberFinished, TeamID: team.ID, TeamName: team.Name, ModelID: modelID, ModelStatus: domain.ModelActive, JoinedAt: now.Add(-time.Duration(i) * time.Minute)})
		snap.Models = append(snap.Models, domain.Model{ID: modelID, Email: email, Title: fmt.Sprintf("Person %d", i), Status: domain.ModelActive, TeamID: team.ID, TeamName: team.Name, CreatedAt: now.Add(-48 * time.Hour), FinishedAt: now.Add(-24 * time.Hour)})
	}
	if _, err := st.ApplySnapshot(context.Background(), snap); err != nil {
		return err
	}
	st.Close()
	// Five exports, one after the other (each replaces the file); the
	// median, because other work on a shared machine comes and goes.
	out := filepath.Join(work, "status.csv")
	var walls, cpus []time.Duration
	var summary string
	stopProfile, err := startProfile()
	if err != nil {
		return err
	}
	for range csvRuns {
		var stdout, stderr bytes.Buffer
		cpu := rusageCPU(rusageSelf)
		start := time.Now()
		code := cli.Run(context.Background(), []string{"export-csv", "--out", out}, cli.Invocation{
			Stdout: &stdout, Stderr: &stderr, Version: "bench",
			Getenv: func(k string) string {
				if k == "SHOTDESK_DATA_DIR" {
					return dataDir
				}
				return ""
			},
		})
		walls = append(walls, time.Since(start))
		cpus = append(cpus, rusageCPU(rusageSelf)-cpu)
		if code != 0 {
			stopProfile()
			return fmt.Errorf("export-csv exited %d: %s", code, stderr.String())
		}
		summary = strings.TrimSpace(stdout.String())
	}
	stopProfile()
	fmt.Printf("csv_export_%dk: %.3f s (target < 0.5 s; %s)\n", n/1000, median(walls).Seconds(), summary)
	fmt.Fprintf(os.Stderr, "bench: csv_export_%dk of %d runs: %.3f–%.3f s, CPU time median %.3f s; the first (%.3f s) also ran the integrity check, the cache being new to it\n",
		n/1000, csvRuns, slices.Min(walls).Seconds(), slices.Max(walls).Seconds(), median(cpus).Seconds(), walls[0].Seconds())
	return nil
}

// csvRuns is how many exports benchCSV times.
const csvRuns = 5

// ---- helpers ---------------------------------------------------------------

func mkdir(parent, name string) string {
	d := filepath.Join(parent, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		panic(err)
	}
	return d
}

func runQuiet(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", name, err, bytes.TrimSpace(out))
	}
	return nil
}

// bestOf runs f n times and returns its fastest wall-clock time.
func bestOf(n int, f func() error) (time.Duration, error) {
	best := time.Duration(0)
	for range n {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		if d := time.Since(start); best == 0 || d < best {
			best = d
		}
	}
	return best, nil
}

// sampleHeap samples the live heap every 20 ms, to tell a leak or growth
// from GC slack; the returned function stops it and gives the peak.
func sampleHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}()
	return func() uint64 {
		close(done)
		return peak.Load()
	}
}
