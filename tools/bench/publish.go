package main

// publish_vs_throttle: publishing to a directory that throttles should
// take no longer than the throttle itself allows. The Graph fake answers
// after 50 ms and lets through N requests a second (a bucket of N,
// refilled at N a second; beyond it 429 with Retry-After); publishing one
// person is two requests (read the current photo, put the new one), so
// the throttle allows people×2/N seconds. Each size runs in its own
// process, whose peak memory is read back: it should not grow with the
// number of people (the fake keeps one copy of the identical photos).

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/shotdesk/shotdesk/internal/dirfake/graphfake"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/entra"
	"github.com/shotdesk/shotdesk/internal/store"
)

const (
	publishRate    = 100 // requests a second the fake lets through
	publishLatency = 50 * time.Millisecond
)

// benchPublish runs one publish of people in a child process and prints
// the ratio to the throttle's time (named publish_vs_throttle for the main
// size, with the size appended for others) and the peak memory.
func benchPublish(work string, people int, main bool) error {
	dir := mkdir(work, fmt.Sprintf("publish-%d", people))
	cmd := exec.Command(os.Args[0], "-child-publish", fmt.Sprintf("%d,%d,%s", people, publishRate, dir))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("child publish: %w", err)
	}
	var secs float64
	var requests, throttled, heapMB, rssMB int
	if _, err := fmt.Sscan(string(out), &secs, &requests, &throttled, &heapMB, &rssMB); err != nil {
		return fmt.Errorf("child output %q: %w", out, err)
	}
	allowed := time.Duration(float64(people*2) / publishRate * float64(time.Second))
	name := "publish_vs_throttle"
	if !main {
		name = fmt.Sprintf("publish_vs_throttle_%d", people)
	}
	report(name, time.Duration(secs*float64(time.Second)), allowed)
	fmt.Printf("publish_peak_memory_%d: %d MB peak RSS, %d MB peak Go heap in use (%d people to the Graph fake at %d requests/s and %d ms latency; %d requests sent, %d answered 429)\n",
		people, rssMB, heapMB, people, publishRate, publishLatency.Milliseconds(), requests, throttled)
	return nil
}

// childPublish is the measured process: fake tenant, store, runner.
func childPublish(spec string) int {
	parts := strings.Split(spec, ",")
	if len(parts) != 3 {
		fmt.Fprintln(os.Stderr, "bad child spec")
		return 2
	}
	people, _ := strconv.Atoi(parts[0])
	rate, _ := strconv.Atoi(parts[1])
	if err := runPublish(people, rate, parts[2]); err != nil {
		fmt.Fprintln(os.Stderr, "publish:", err)
		return 1
	}
	return 0
}

func runPublish(people, rate int, dir string) error {
	ctx := context.Background()
	// A third of the people have a photo already, to be read and kept.
	fake := graphfake.New(graphfake.Options{RatePerSecond: rate, Latency: publishLatency},
		graphfake.People(people, "bench.example", 3)...)
	root, err := fake.Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer fake.Close()
	target, err := entra.New(entra.Config{Tenant: fake.Tenant(), ClientID: graphfake.DefaultClientID,
		ClientSecret: graphfake.DefaultClientSecret, GraphURL: fake.GraphURL(), LoginURL: root}, publish.ClientConfig{})
	if err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(dir, "cache.db"))
	if err != nil {
		return err
	}
	defer st.Close()

	accounts, err := target.Accounts(ctx)
	if err != nil {
		return err
	}
	subjects := make([]publish.Subject, len(accounts))
	for i, a := range accounts {
		subjects[i] = publish.Subject{MemberID: fmt.Sprintf("m%d", i), Email: a.Email, Name: a.Name,
			PhotoID: fmt.Sprintf("p%d", i), PhotoKey: fmt.Sprintf("p%d/648", i)}
	}
	rep := publish.Match(target.Info(), subjects, accounts, nil, "")
	if rep.Counts[publish.WillChange] != people {
		return fmt.Errorf("%d will change, want %d", rep.Counts[publish.WillChange], people)
	}
	photo := publish.Photo{Data: graphfake.SamplePhoto(648, 7), ContentType: "image/jpeg"}
	runner := publish.Runner{Target: target, Store: st, Kept: publish.Kept{Dir: filepath.Join(dir, "kept")},
		Render: func(context.Context, publish.Row) (publish.Photo, error) { return photo, nil }}

	before := fake.Stats()
	runtime.GC()
	peakHeap := sampleHeap()
	start := time.Now()
	res, err := runner.Publish(ctx, "bench", rep.Rows, nil)
	took := time.Since(start)
	heap := peakHeap()
	if err != nil {
		return err
	}
	if res.Sent != people || res.Failed != 0 {
		return fmt.Errorf("sent %d, failed %d of %d", res.Sent, res.Failed, people)
	}
	after := fake.Stats()
	requests := after.Get + after.Put - before.Get - before.Put
	fmt.Println(took.Seconds(), requests, after.Throttled-before.Throttled, heap>>20, peakRSSMB())
	return nil
}
