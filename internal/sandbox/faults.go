package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Faults are injected failures for tests. Zero values mean "off". Counts
// (RateLimitBurst, Truncate, CDNTruncate) are consumed as requests arrive;
// rates are applied deterministically (an accumulator, not a coin flip: a
// rate of 0.25 fails exactly every 4th request), so tests do not flake.
// Control requests (/_sandbox/...) are never affected.
type Faults struct {
	// API (/api/v2/...) faults.
	RateLimitBurst int           // next N authenticated API requests answer 429 RATE_LIMIT_EXCEEDED
	BurstReset     time.Duration // X-RateLimit-Reset of burst answers = now + this; default 1s
	ErrorRate      float64       // fraction 0..1 of API requests answering 5xx INTERNAL_ERROR
	ErrorStatus    int           // 500 or 503; 0 alternates 500 and 503
	Latency        time.Duration // added before every API response
	Truncate       int           // next N API responses declare the full Content-Length but send half
	// RepeatPages makes every list answer its first page whatever offset is
	// asked, with hasMore true: a server stuck in a loop.
	RepeatPages bool

	// CDN (/cdn/photos/...) faults.
	CDNErrorRate  float64 // fraction of photo downloads answering 5xx (storage XML)
	CDNLatency    time.Duration
	CDNTruncate   int      // next N photo downloads are cut in half
	FailPhotos    []string // photo ids whose download always answers 500
	CorruptPhotos []string // photo ids served with corrupt JPEG bytes (headers intact)
	HugePhotos    []string // photo ids served as a tiny JPEG whose header claims 40000×40000

	// URLTTL, when > 0, replaces the URL lifetime for URLs issued from now
	// on ("URLs that expire early").
	URLTTL time.Duration

	// The link between client and sandbox (link.go). RTT is added before
	// the first byte of every API and CDN answer, and twice more on a new
	// connection's first request (handshakes). Bandwidth caps all photo
	// bodies together (one token bucket). SlowPhotos is the fraction 0..1
	// of photos (by id, the same ones every time) sent at SlowPhotoRate
	// (default DefaultSlowPhotoRate), within the Bandwidth cap.
	RTT           time.Duration
	Bandwidth     Bandwidth
	SlowPhotos    float64
	SlowPhotoRate Bandwidth
}

// faultsJSON is the wire form: durations as Go duration strings ("250ms")
// or numbers of milliseconds.
type faultsJSON struct {
	RateLimitBurst int          `json:"rateLimitBurst"`
	BurstReset     jsonDuration `json:"burstReset"`
	ErrorRate      float64      `json:"errorRate"`
	ErrorStatus    int          `json:"errorStatus"`
	Latency        jsonDuration `json:"latency"`
	Truncate       int          `json:"truncate"`
	RepeatPages    bool         `json:"repeatPages"`
	CDNErrorRate   float64      `json:"cdnErrorRate"`
	CDNLatency     jsonDuration `json:"cdnLatency"`
	CDNTruncate    int          `json:"cdnTruncate"`
	FailPhotos     []string     `json:"failPhotos"`
	CorruptPhotos  []string     `json:"corruptPhotos"`
	HugePhotos     []string     `json:"hugePhotos"`
	URLTTL         jsonDuration `json:"urlTTL"`
	RTT            jsonDuration `json:"rtt"`
	Bandwidth      Bandwidth    `json:"bandwidth"`
	SlowPhotos     float64      `json:"slowPhotos"`
	SlowPhotoRate  Bandwidth    `json:"slowPhotoRate"`
}

func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsJSON{
		f.RateLimitBurst, jsonDuration(f.BurstReset), f.ErrorRate, f.ErrorStatus, jsonDuration(f.Latency), f.Truncate, f.RepeatPages,
		f.CDNErrorRate, jsonDuration(f.CDNLatency), f.CDNTruncate,
		nonNil(f.FailPhotos), nonNil(f.CorruptPhotos), nonNil(f.HugePhotos), jsonDuration(f.URLTTL),
		jsonDuration(f.RTT), f.Bandwidth, f.SlowPhotos, f.SlowPhotoRate,
	})
}

func (f *Faults) UnmarshalJSON(b []byte) error {
	var j faultsJSON
	if err := strictUnmarshal(b, &j); err != nil {
		return err
	}
	*f = Faults{
		j.RateLimitBurst, time.Duration(j.BurstReset), j.ErrorRate, j.ErrorStatus, time.Duration(j.Latency), j.Truncate, j.RepeatPages,
		j.CDNErrorRate, time.Duration(j.CDNLatency), j.CDNTruncate,
		j.FailPhotos, j.CorruptPhotos, j.HugePhotos, time.Duration(j.URLTTL),
		time.Duration(j.RTT), j.Bandwidth, j.SlowPhotos, j.SlowPhotoRate,
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// jsonDuration accepts "1.5s" / "250ms" or a number of milliseconds and
// renders as a Go duration string.
type jsonDuration time.Duration

func (d jsonDuration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

func (d *jsonDuration) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("invalid duration %q (use e.g. \"250ms\", \"2s\", \"25h\")", s)
		}
		*d = jsonDuration(v)
		return nil
	}
	ms, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("invalid duration %s", b)
	}
	*d = jsonDuration(time.Duration(ms * float64(time.Millisecond)))
	return nil
}

// Validate reports the first out-of-range field.
func (f Faults) Validate() error {
	switch {
	case f.RateLimitBurst < 0 || f.Truncate < 0 || f.CDNTruncate < 0:
		return fmt.Errorf("counts must not be negative")
	case f.ErrorRate < 0 || f.ErrorRate > 1 || f.CDNErrorRate < 0 || f.CDNErrorRate > 1:
		return fmt.Errorf("error rates must be between 0 and 1")
	case f.ErrorStatus != 0 && f.ErrorStatus != 500 && f.ErrorStatus != 503:
		return fmt.Errorf("errorStatus must be 500, 503 or 0 (alternate)")
	case f.Latency < 0 || f.CDNLatency < 0 || f.URLTTL < 0 || f.BurstReset < 0:
		return fmt.Errorf("durations must not be negative")
	case f.Latency > time.Minute || f.CDNLatency > time.Minute:
		return fmt.Errorf("latency must be at most 1m")
	case f.RTT < 0 || f.RTT > 10*time.Second:
		return fmt.Errorf("rtt must be between 0 and 10s")
	case f.Bandwidth < 0 || f.SlowPhotoRate < 0 ||
		(f.Bandwidth > 0 && f.Bandwidth < minBandwidth) || (f.SlowPhotoRate > 0 && f.SlowPhotoRate < minBandwidth):
		return fmt.Errorf("bandwidth and slowPhotoRate must be 0 (no limit) or at least %v", minBandwidth)
	case f.SlowPhotos < 0 || f.SlowPhotos > 1:
		return fmt.Errorf("slowPhotos must be between 0 and 1")
	}
	return nil
}

type faultState struct {
	mu               sync.Mutex
	f                Faults
	apiAcc, cdnAcc   float64
	apiFlip, cdnFlip bool
	link             *pacer // Bandwidth's bucket, shared by all photo bodies; nil = no cap
}

func (fs *faultState) set(f Faults) error {
	if err := f.Validate(); err != nil {
		return err
	}
	f.FailPhotos = slices.Clone(f.FailPhotos)
	f.CorruptPhotos = slices.Clone(f.CorruptPhotos)
	f.HugePhotos = slices.Clone(f.HugePhotos)
	fs.mu.Lock()
	fs.f = f
	fs.apiAcc, fs.cdnAcc = 0, 0
	fs.link = newPacer(f.Bandwidth)
	fs.mu.Unlock()
	return nil
}

func (fs *faultState) get() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f := fs.f
	f.FailPhotos = slices.Clone(f.FailPhotos)
	f.CorruptPhotos = slices.Clone(f.CorruptPhotos)
	f.HugePhotos = slices.Clone(f.HugePhotos)
	return f
}

// takeBurst consumes one injected 429 and returns the reset time to report.
func (fs *faultState) takeBurst(now time.Time) (time.Time, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.f.RateLimitBurst <= 0 {
		return time.Time{}, false
	}
	fs.f.RateLimitBurst--
	d := fs.f.BurstReset
	if d <= 0 {
		d = time.Second
	}
	return now.Add(d), true
}

type faultDecision struct {
	latency  time.Duration
	status   int
	truncate bool
}

// decide draws the latency / 5xx / truncation outcome of one request.
func (fs *faultState) decide(cdn bool) faultDecision {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var d faultDecision
	rate, acc, flip, trunc := fs.f.ErrorRate, &fs.apiAcc, &fs.apiFlip, &fs.f.Truncate
	d.latency = fs.f.Latency
	if cdn {
		rate, acc, flip, trunc = fs.f.CDNErrorRate, &fs.cdnAcc, &fs.cdnFlip, &fs.f.CDNTruncate
		d.latency = fs.f.CDNLatency
	}
	if rate > 0 {
		*acc += rate
		if *acc >= 1-1e-9 {
			*acc--
			d.status = fs.f.ErrorStatus
			if d.status == 0 {
				d.status = http.StatusInternalServerError
				if *flip {
					d.status = http.StatusServiceUnavailable
				}
				*flip = !*flip
			}
		}
	}
	if *trunc > 0 {
		*trunc--
		d.truncate = true
	}
	return d
}

const (
	photoFaultNone = iota
	photoFaultFail
	photoFaultCorrupt
	photoFaultHuge
)

func (fs *faultState) photoFault(id string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	switch {
	case slices.Contains(fs.f.FailPhotos, id):
		return photoFaultFail
	case slices.Contains(fs.f.HugePhotos, id):
		return photoFaultHuge
	case slices.Contains(fs.f.CorruptPhotos, id):
		return photoFaultCorrupt
	}
	return photoFaultNone
}

func (fs *faultState) rtt() time.Duration {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.f.RTT
}

// photoPacers are the buckets photo id's body goes through: its own slow
// rate if it is one of the slow photos, then the link's.
func (fs *faultState) photoPacers(id string) []*pacer {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var ps []*pacer
	if slowPhoto(id, fs.f.SlowPhotos) {
		rate := fs.f.SlowPhotoRate
		if rate == 0 {
			rate = DefaultSlowPhotoRate
		}
		ps = append(ps, newPacer(rate))
	}
	if fs.link != nil {
		ps = append(ps, fs.link)
	}
	return ps
}

func (fs *faultState) urlTTL() time.Duration {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.f.URLTTL
}

// truncatingWriter buffers a response and, on finish, sends the headers
// with the full Content-Length but only the first half of the body. The
// net/http server then closes the connection (it wrote less than it
// declared), so the client sees io.ErrUnexpectedEOF mid-body.
type truncatingWriter struct {
	w      http.ResponseWriter
	status int
	buf    []byte
}

func newTruncatingWriter(w http.ResponseWriter) *truncatingWriter {
	return &truncatingWriter{w: w, status: http.StatusOK}
}

func (t *truncatingWriter) Header() http.Header  { return t.w.Header() }
func (t *truncatingWriter) WriteHeader(code int) { t.status = code }
func (t *truncatingWriter) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	return len(p), nil
}

func (t *truncatingWriter) finish() {
	t.w.Header().Set("Content-Length", strconv.Itoa(len(t.buf)))
	t.w.WriteHeader(t.status)
	t.w.Write(t.buf[:len(t.buf)/2])
}
