package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The link faults (RTT, Bandwidth, SlowPhotos) shape the network between
// the client and the sandbox the way an admin's office or home link would,
// so exports can be measured against what the link allows instead of
// against loopback:
//
//   - every API and CDN answer waits one RTT before its first byte (the
//     request travelling out and the answer travelling back);
//   - the first request on a new connection waits two more (TCP and TLS 1.3
//     handshakes, as on the https photo host) — only on servers that know
//     their connections: Start, or your own server with ConnContext set;
//   - photo bodies of all downloads together go through one token bucket at
//     Bandwidth, so eight parallel downloads share it as on a real link;
//   - a fraction of photos (SlowPhotos, picked by photo id, so the same ones
//     every time) are sent at SlowPhotoRate on top of that: the one slow
//     transfer that must not hold up the rest of an export.
//
// TCP slow start and packet loss are not modelled: a connection can use
// the whole link from its first byte on.

// Bandwidth is a link rate in bits per second. Its text form is a number
// and a unit, "200Mbit" (also "200 Mbit/s", "200mbps", "1.5Gbit", "800kbit",
// "9600bit"); in JSON either that string or a number of bits per second.
type Bandwidth int64

// Common rates.
const (
	Kbit Bandwidth = 1000
	Mbit Bandwidth = 1000 * Kbit
	Gbit Bandwidth = 1000 * Mbit
)

// DefaultSlowPhotoRate is the rate of SlowPhotos when SlowPhotoRate is 0:
// a hundredth of a 200 Mbit/s link.
const DefaultSlowPhotoRate = 2 * Mbit

// minBandwidth: below this a 3 MB photo takes hours; surely a typo.
const minBandwidth = 8 * Kbit

// ParseBandwidth reads "200Mbit" and the other forms Bandwidth accepts.
func ParseBandwidth(s string) (Bandwidth, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if u, ok := strings.CutSuffix(t, "bps"); ok {
		t = u + "bit"
	}
	t = strings.TrimSuffix(t, "/s")
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return 0, fmt.Errorf("invalid bandwidth %q (use e.g. \"200Mbit\", \"1.5Gbit\", \"800kbit\")", s)
	}
	num, err := strconv.ParseFloat(t[:i], 64)
	unit := map[string]Bandwidth{"bit": 1, "kbit": Kbit, "mbit": Mbit, "gbit": Gbit}[strings.TrimSpace(t[i:])]
	if err != nil || unit == 0 || num < 0 || math.IsInf(num, 0) || num*float64(unit) > math.MaxInt64/2 {
		return 0, fmt.Errorf("invalid bandwidth %q (use e.g. \"200Mbit\", \"1.5Gbit\", \"800kbit\")", s)
	}
	return Bandwidth(math.Round(num * float64(unit))), nil
}

func (b Bandwidth) String() string {
	for _, u := range []struct {
		v    Bandwidth
		name string
	}{{Gbit, "Gbit"}, {Mbit, "Mbit"}, {Kbit, "kbit"}} {
		if b >= u.v {
			return strconv.FormatFloat(float64(b)/float64(u.v), 'f', -1, 64) + u.name
		}
	}
	return strconv.FormatInt(int64(b), 10) + "bit"
}

// Set makes *Bandwidth a flag.Value (with String).
func (b *Bandwidth) Set(s string) error {
	v, err := ParseBandwidth(s)
	if err == nil {
		*b = v
	}
	return err
}

// BytesPerSecond is the rate in bytes.
func (b Bandwidth) BytesPerSecond() float64 { return float64(b) / 8 }

// TransferTime is how long n bytes take at this rate (0 for no limit).
func (b Bandwidth) TransferTime(n int64) time.Duration {
	if b <= 0 {
		return 0
	}
	return time.Duration(float64(n) / b.BytesPerSecond() * float64(time.Second))
}

func (b Bandwidth) MarshalJSON() ([]byte, error) {
	if b == 0 {
		return []byte(`"0"`), nil
	}
	return json.Marshal(b.String())
}

func (b *Bandwidth) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*b = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		if strings.TrimSpace(s) == "0" {
			*b = 0
			return nil
		}
		return b.Set(s)
	}
	v, err := strconv.ParseFloat(string(data), 64)
	if err != nil || v < 0 || v > math.MaxInt64/2 {
		return fmt.Errorf("invalid bandwidth %s (a string like \"200Mbit\" or bits per second)", data)
	}
	*b = Bandwidth(math.Round(v))
	return nil
}

// pacer sends bytes at a fixed rate, shared by every transfer that uses it.
// Each chunk books the next free slot on the link, after everything booked
// before it, and is written when its slot ends; so n parallel transfers each
// get 1/n of the rate, and a transfer of N bytes alone takes N/rate. Slots
// are kept on an absolute timeline, so a writer that wakes late does not
// slow the link down, and an idle link may catch up on at most pacerSlack
// of sending (the buffers of a real path), never more.
type pacer struct {
	bytesPerSec float64
	mu          sync.Mutex
	free        time.Time // when everything booked so far has been sent
}

// pacerChunk is the unit of booking: small enough that parallel transfers
// interleave finely (1.3 ms at 200 Mbit/s), large enough to keep the
// number of sleeps low.
const pacerChunk = 32 << 10

const pacerSlack = 10 * time.Millisecond

func newPacer(b Bandwidth) *pacer {
	if b <= 0 {
		return nil
	}
	return &pacer{bytesPerSec: b.BytesPerSecond()}
}

// book reserves the link for n bytes and returns when they may go out.
func (p *pacer) book(n int) time.Time {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	start := p.free
	if floor := now.Add(-pacerSlack); start.Before(floor) {
		start = floor
	}
	p.free = start.Add(time.Duration(float64(n) / p.bytesPerSec * float64(time.Second)))
	return p.free
}

// shapedWriter paces a response body through one or more pacers (the slow
// photo's own, then the shared link's).
type shapedWriter struct {
	http.ResponseWriter
	ctx    context.Context
	pacers []*pacer
	sent   *atomic.Int64 // bytes of photo bodies sent, for Stats
}

func (w *shapedWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		n := min(len(p), pacerChunk)
		for _, pc := range w.pacers {
			if !sleepUntil(w.ctx, pc.book(n)) {
				return written, w.ctx.Err()
			}
		}
		// Counted before the write, so a client that has read the whole
		// body never sees Stats lag behind it.
		w.sent.Add(int64(n))
		k, err := w.ResponseWriter.Write(p[:n])
		written += k
		w.sent.Add(int64(k - n))
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

func sleepUntil(ctx context.Context, t time.Time) bool {
	return sleepCtx(ctx, time.Until(t))
}

// slowPhoto reports whether photo id is one of the fraction of photos the
// SlowPhotos fault slows down. The choice hashes the id, so it is the same
// photos in every run and every request.
func slowPhoto(id string, fraction float64) bool {
	if fraction <= 0 {
		return false
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	// FNV leaves the top bits of similar ids alike; splitmix64's finaliser
	// spreads every bit over the whole word.
	x := h.Sum64()
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x)/float64(math.MaxUint64) < fraction
}

// connKey carries a connection's handshake state in its context.
type connKey struct{}

type linkConn struct{ fresh atomic.Bool }

// ConnContext marks each new connection so the link faults can charge its
// handshakes to its first request. Start sets it; set it as your
// http.Server's ConnContext (httptest: on Config before Start) to get the
// same on your own server. Without it there is no handshake delay.
func (s *Server) ConnContext(ctx context.Context, c net.Conn) context.Context {
	lc := &linkConn{}
	lc.fresh.Store(true)
	return context.WithValue(ctx, connKey{}, lc)
}

// firstOnConn reports (once per connection) that r is the first request of
// a connection the server saw open.
func (s *Server) firstOnConn(r *http.Request) bool {
	lc, ok := r.Context().Value(connKey{}).(*linkConn)
	if !ok || !lc.fresh.Swap(false) {
		return false
	}
	s.stats.connections.Add(1)
	return true
}

// handshakeRTTs is what opening a connection costs before the request can
// be sent: TCP's handshake and TLS 1.3's.
const handshakeRTTs = 2

// linkDelay waits the round trip of r (and the handshakes of a new
// connection) before anything is answered; false means the client gave up.
func (s *Server) linkDelay(r *http.Request) bool {
	rtt := s.faults.rtt()
	wait := rtt
	if s.firstOnConn(r) {
		wait += handshakeRTTs * rtt
	}
	return sleepCtx(r.Context(), wait)
}
