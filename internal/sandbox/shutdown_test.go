package sandbox

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// startedServer is a sandbox listening on loopback, closed at the test's end.
func startedServer(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, base
}

// An HTTP client may open a connection ahead of need and never send a
// request on it. net/http's own Shutdown counts such a connection as busy for
// 5 seconds; the sandbox's stop must not wait for it, nor fail on it (this
// made `shotdesk sandbox` exit 1 on Ctrl-C now and then).
func TestShutdownDoesNotWaitForAnUnusedConnection(t *testing.T) {
	srv, base := startedServer(t, Options{Members: 10, Seed: 4})
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(base, "/api/v2"), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for deadline := time.Now().Add(10 * time.Second); srv.openConns() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server never accepted the connection")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown with an unused connection open: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil || os.IsTimeout(err) {
		t.Fatalf("the unused connection was left open: read gave %v, want it closed", err)
	}
}

// A request in progress is waited for; one that outlasts ctx is cut off and
// the error says so.
func TestShutdownWaitsForRequestsInProgress(t *testing.T) {
	for _, tc := range []struct {
		rtt, grace time.Duration
		cutOff     bool
	}{
		{rtt: 300 * time.Millisecond, grace: 10 * time.Second},
		{rtt: 5 * time.Second, grace: 200 * time.Millisecond, cutOff: true},
	} {
		srv, base := startedServer(t, Options{Members: 10, Seed: 4})
		if err := srv.SetFaults(Faults{RTT: tc.rtt}); err != nil {
			t.Fatal(err)
		}
		status := make(chan int, 1)
		go func() {
			req, _ := http.NewRequest("GET", base+"/organization", nil)
			req.Header.Set("Authorization", "Bearer "+srv.APIKey())
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				status <- 0
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			status <- resp.StatusCode
		}()
		for deadline := time.Now().Add(10 * time.Second); srv.busyConns() == 0; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the request never reached the server")
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), tc.grace)
		err := srv.Shutdown(ctx)
		cancel()
		got := <-status
		if tc.cutOff {
			if err == nil || !strings.Contains(err.Error(), "cut off 1 request(s) still running") {
				t.Fatalf("RTT %v, grace %v: shutdown gave %v, want the cut-off request reported", tc.rtt, tc.grace, err)
			}
			if got == 200 {
				t.Fatalf("RTT %v, grace %v: the request finished although it was cut off", tc.rtt, tc.grace)
			}
			continue
		}
		if err != nil || got != 200 {
			t.Fatalf("RTT %v, grace %v: shutdown gave %v and the request %d; want nil and 200", tc.rtt, tc.grace, err, got)
		}
	}
}

func (s *Server) openConns() int { open, _ := s.conns.count(); return open }
func (s *Server) busyConns() int { _, busy := s.conns.count(); return busy }
