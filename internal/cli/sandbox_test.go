package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestSandboxCommandServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		code := Run(ctx, []string{"sandbox", "--addr", "127.0.0.1:0", "--members", "40", "--seed", "3", "--key", "sk_test_cli"},
			Invocation{Stdout: outW, Stderr: &stderr, Getenv: func(string) string { return "" }})
		outW.Close()
		done <- code
	}()

	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("first stdout line: %v (stderr: %s)", err, stderr.String())
	}
	fields := map[string]string{}
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		fields[k] = v
	}
	base, key := fields["SANDBOX_URL"], fields["SANDBOX_KEY"]
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/api/v2") || key != "sk_test_cli" {
		t.Fatalf("first line %q: want SANDBOX_URL=http://127.0.0.1:PORT/api/v2 SANDBOX_KEY=sk_test_cli", line)
	}

	req, _ := http.NewRequest("GET", base+"/organization/credits", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Success bool    `json:"success"`
		Credits float64 `json:"credits"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !body.Success {
		t.Fatalf("GET credits: %d %v %+v", resp.StatusCode, err, body)
	}

	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit code %d, stderr: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox did not stop after cancel")
	}
	if _, err := http.Get(base + "/organization"); err == nil {
		t.Fatal("server still answering after shutdown")
	}
}

func TestSandboxCommandLinkFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		code := Run(ctx, []string{"sandbox", "--addr", "127.0.0.1:0", "--members", "30", "--key", "sk_test_link",
			"--latency", "50ms", "--bandwidth", "200Mbit", "--slow-photos", "0.01"},
			Invocation{Stdout: outW, Stderr: &stderr, Getenv: func(string) string { return "" }})
		outW.Close()
		done <- code
	}()
	defer cancel()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("first stdout line: %v (stderr: %s)", err, stderr.String())
	}
	go io.Copy(io.Discard, outR)
	base, _ := strings.CutPrefix(strings.Fields(line)[0], "SANDBOX_URL=")
	req, _ := http.NewRequest("GET", strings.TrimSuffix(base, "/api/v2")+"/_sandbox/faults", nil)
	req.Header.Set("Authorization", "Bearer sk_test_link")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Faults map[string]any `json:"faults"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"rtt": "50ms", "bandwidth": "200Mbit", "slowPhotos": 0.01} {
		if body.Faults[k] != want {
			t.Errorf("faults[%q] = %v, want %v", k, body.Faults[k], want)
		}
	}
	cancel()
	if code := <-done; code != ExitOK {
		t.Fatalf("exit code %d, stderr: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "simulated link: 50ms round trip, 200Mbit/s shared") {
		t.Errorf("stderr does not describe the link: %s", stderr.String())
	}
}

func TestSandboxCommandUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--bogus"},
		{"--members", "0"},
		{"--members", "x"},
		{"--rate-limit", "0"},
		{"--url-ttl", "-1s"},
		{"--latency", "-1s"},
		{"--bandwidth", "fast"},
		{"--bandwidth", "10bit"},
		{"--slow-photos", "2"},
		{"extra"},
	} {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), append([]string{"sandbox"}, args...), Invocation{Stdout: &stdout, Stderr: &stderr})
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, ExitUsage, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: wrote to stdout: %q", args, stdout.String())
		}
	}
}

func TestSandboxCommandWarnsOffLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8787": true, "localhost:1": true, "[::1]:80": true,
		":8787": false, "0.0.0.0:8787": false, "192.168.1.5:80": false, "example.com:80": false,
	} {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

// --directories: the second line points `shotdesk publish` at local
// directories holding the sandbox's people, and publishing to each works.
func TestSandboxDirectoriesServePublish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		code := Run(ctx, []string{"sandbox", "--addr", "127.0.0.1:0", "--members", "30", "--seed", "8", "--directories",
			"--rate-limit", "100000", "--image-scale", "0.1"},
			Invocation{Stdout: outW, Stderr: &stderr, Getenv: func(string) string { return "" }})
		outW.Close()
		done <- code
	}()
	r := bufio.NewReader(outR)
	vars := map[string]string{}
	for range 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stdout: %v (stderr: %s)", err, stderr.String())
		}
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
	}
	go io.Copy(io.Discard, r)
	if len(vars) != 14 {
		t.Fatalf("%d variables: %v", len(vars), vars)
	}
	vars["SHOTDESK_API_URL"], vars["SHOTDESK_API_KEY"] = vars["SANDBOX_URL"], vars["SANDBOX_KEY"]
	vars["SHOTDESK_DATA_DIR"] = t.TempDir()
	for _, target := range []string{"entra", "google", "bamboohr"} {
		var out, errOut bytes.Buffer
		code := Run(ctx, []string{"publish", "--to", target}, Invocation{Stdout: &out, Stderr: &errOut, Version: "test",
			Getenv: func(k string) string { return vars[k] }})
		if code != ExitOK || !strings.Contains(errOut.String(), "(0 failed)") || strings.Contains(errOut.String(), "Published 0 ") {
			t.Fatalf("publish --to %s: exit %d\n%s", target, code, errOut.String())
		}
	}
	cancel()
	if code := <-done; code != ExitOK {
		t.Fatalf("sandbox exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(vars["SHOTDESK_GOOGLE_SA_JSON"]); !os.IsNotExist(err) {
		t.Fatalf("the fake Google key was left behind: %v", err)
	}
}
