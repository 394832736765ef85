package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/dirfake"
	"github.com/shotdesk/shotdesk/internal/sandbox"
)

var sandboxCommand = command{"sandbox", "serve the local HeadshotPro V2 API with a demo organization", runSandbox}

// runSandbox serves internal/sandbox until ctx is cancelled (SIGINT/SIGTERM).
//
// The FIRST line on stdout is machine-readable, two space-separated
// KEY=VALUE pairs whose values never contain spaces:
//
//	SANDBOX_URL=http://127.0.0.1:8787/api/v2 SANDBOX_KEY=sk_sandbox_demo
//
// so a script can `read` it or `eval "export $(head -1)"`. With
// --directories the SECOND line holds the variables that point Shotdesk at
// local fakes of Microsoft Graph, Google's Directory API and BambooHR
// holding the organization's people (publish). Everything else (what is
// served, warnings) goes to stderr.
func runSandbox(ctx context.Context, inv *Invocation) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(inv.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: shotdesk sandbox [--addr HOST:PORT] [--members N] [--seed N] [--key KEY] [--url-ttl D] [--rate-limit N] [--image-cache DIR] [--image-scale F] [--latency D] [--bandwidth R] [--slow-photos F] [--directories]")
		fmt.Fprintln(fs.Output(), "\nServes HeadshotPro's Organization API V2 with a seeded demo organization.")
		fmt.Fprintln(fs.Output(), "First stdout line: SANDBOX_URL=<base URL> SANDBOX_KEY=<key>. Control routes: <origin>/_sandbox/ (see internal/sandbox/README.md).")
		fmt.Fprintln(fs.Output())
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8787", "listen address; port 0 picks a free port")
	members := fs.Int("members", sandbox.DefaultMembers, "people in the demo organization")
	seed := fs.Int64("seed", 0, "seed for every generated id, name, status and image")
	key := fs.String("key", "", "API key clients must send as Bearer (default $SHOTDESK_SANDBOX_KEY, else "+sandbox.DefaultAPIKey+")")
	ttl := fs.Duration("url-ttl", sandbox.DefaultURLTTL, "lifetime of signed photo URLs")
	rate := fs.Int("rate-limit", sandbox.DefaultRateLimit, "API requests per minute before 429")
	cacheDir := fs.String("image-cache", "", "directory to keep generated JPEGs across runs (default: memory only)")
	imageScale := fs.Float64("image-scale", 1, "scale of the generated photos (0.05–1; smaller is faster to make, for quick tries and tests)")
	directories := fs.Bool("directories", false, "also serve local fakes of Microsoft Graph, Google Workspace and BambooHR holding the organization's people; the second stdout line has the SHOTDESK_* variables for `shotdesk publish`")
	// The link flags set the starting faults; POST /_sandbox/faults replaces
	// them like any other fault.
	latency := fs.Duration("latency", 0, "round-trip time of the simulated link, added to every API and photo answer (a new connection pays 2 more for its handshakes), e.g. 50ms")
	var bandwidth sandbox.Bandwidth
	fs.Var(&bandwidth, "bandwidth", "rate of the simulated link, shared by all photo downloads, e.g. 200Mbit (default: no limit)")
	slowPhotos := fs.Float64("slow-photos", 0, fmt.Sprintf("fraction 0..1 of photos sent at %v within the link (the same photos every time)", sandbox.DefaultSlowPhotoRate))
	if err := fs.Parse(inv.Args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: unexpected argument %q\n", fs.Arg(0))
		return ExitUsage
	case *members < 1 || *members > sandbox.MaxMembers:
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: --members must be between 1 and %d\n", sandbox.MaxMembers)
		return ExitUsage
	case *rate < 1:
		fmt.Fprintln(inv.Stderr, "shotdesk sandbox: --rate-limit must be at least 1")
		return ExitUsage
	case *imageScale < 0.05 || *imageScale > 1:
		fmt.Fprintln(inv.Stderr, "shotdesk sandbox: --image-scale must be between 0.05 and 1")
		return ExitUsage
	case *ttl <= 0:
		fmt.Fprintln(inv.Stderr, "shotdesk sandbox: --url-ttl must be positive")
		return ExitUsage
	}
	link := sandbox.Faults{RTT: *latency, Bandwidth: bandwidth, SlowPhotos: *slowPhotos}
	if err := link.Validate(); err != nil {
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: --latency, --bandwidth, --slow-photos: %v\n", err)
		return ExitUsage
	}
	if *key == "" && inv.Getenv != nil {
		*key = inv.Getenv("SHOTDESK_SANDBOX_KEY")
	}

	start := time.Now()
	srv, err := sandbox.New(sandbox.Options{
		Members: *members, Seed: *seed, APIKey: *key, URLTTL: *ttl, RateLimit: *rate, ImageCacheDir: *cacheDir, ImageScale: *imageScale,
	})
	if err != nil {
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: %v\n", err)
		return ExitError
	}
	if err := srv.SetFaults(link); err != nil {
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: %v\n", err)
		return ExitError
	}
	base, err := srv.Start(*addr)
	if err != nil {
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(inv.Stdout, "SANDBOX_URL=%s SANDBOX_KEY=%s\n", base, srv.APIKey())
	if *directories {
		dirs, keyDir, err := startDirectories(srv)
		if err != nil {
			fmt.Fprintf(inv.Stderr, "shotdesk sandbox: %v\n", err)
			srv.Close()
			return ExitError
		}
		defer os.RemoveAll(keyDir)
		defer dirs.Close()
		fmt.Fprintln(inv.Stdout, dirs.EnvLine())
		fmt.Fprintln(inv.Stderr, "shotdesk sandbox: directories for publish: Microsoft Graph at "+dirs.Graph.URL()+", Google at "+dirs.Google.URL()+", BambooHR at "+dirs.Env["SHOTDESK_BAMBOOHR_URL"])
	}
	if !isLoopback(*addr) {
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: WARNING: %s is reachable from other machines; anyone who can reach it and knows the key can use the sandbox\n", *addr)
	}
	fmt.Fprintf(inv.Stderr, "shotdesk sandbox: %d members (seed %d) ready in %v; control routes under %s/_sandbox/; Ctrl-C stops\n",
		*members, *seed, time.Since(start).Round(time.Millisecond), base[:len(base)-len("/api/v2")])
	if link.RTT > 0 || link.Bandwidth > 0 || link.SlowPhotos > 0 {
		bw := "no bandwidth limit"
		if link.Bandwidth > 0 {
			bw = link.Bandwidth.String() + "/s shared by all photo downloads"
		}
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: simulated link: %v round trip, %s, %g of photos at %v/s\n",
			link.RTT, bw, link.SlowPhotos, sandbox.DefaultSlowPhotoRate)
	}

	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(inv.Stderr, "shotdesk sandbox: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// isLoopback reports whether addr only listens on this machine. An empty
// host (":8787") or an unspecified address binds every interface.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// startDirectories starts the directory fakes with the sandbox's members
// (every third with an old photo to replace); the Google key goes into a
// private temporary folder the caller removes.
func startDirectories(srv *sandbox.Server) (*dirfake.Directories, string, error) {
	var people []dirfake.Person
	for i, sc := range srv.Scenarios() {
		if sc.MemberID == "" || sc.Email == "" {
			continue
		}
		local, _, _ := strings.Cut(sc.Email, "@")
		people = append(people, dirfake.Person{Email: sc.Email, Name: strings.ReplaceAll(local, ".", " "), OldPhoto: i%3 == 0})
	}
	keyDir, err := os.MkdirTemp("", "shotdesk-directories-")
	if err != nil {
		return nil, "", err
	}
	dirs, err := dirfake.Start(people, keyDir)
	if err != nil {
		os.RemoveAll(keyDir)
		return nil, "", err
	}
	return dirs, keyDir, nil
}
