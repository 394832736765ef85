package sandbox

import (
	"encoding/hex"
	"math/rand/v2"
)

// idSource hands out deterministic identifiers in the formats the API
// documentation shows (24-hex ObjectIds, team_xxx, org_xxx, anon_xxx). It
// draws from its own PCG stream so that ids do not depend on how many random
// numbers the seed code consumed for names or times.
type idSource struct {
	rng  *rand.Rand
	used map[string]bool
}

func newIDSource(seed int64) *idSource {
	return &idSource{
		rng:  rand.New(rand.NewPCG(uint64(seed), 0x1d5_a11d_0b5e55ed)),
		used: map[string]bool{},
	}
}

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// objectID returns a fresh 24-hex id (Mongo ObjectId style).
func (s *idSource) objectID() string {
	for {
		var b [12]byte
		u1, u2 := s.rng.Uint64(), s.rng.Uint32()
		for i := 0; i < 8; i++ {
			b[i] = byte(u1 >> (8 * i))
		}
		for i := 0; i < 4; i++ {
			b[8+i] = byte(u2 >> (8 * i))
		}
		id := hex.EncodeToString(b[:])
		if !s.used[id] {
			s.used[id] = true
			return id
		}
	}
}

// token returns prefix + n random lowercase alphanumerics, unique per source.
func (s *idSource) token(prefix string, n int) string {
	for {
		b := make([]byte, len(prefix)+n)
		copy(b, prefix)
		for i := len(prefix); i < len(b); i++ {
			b[i] = alnum[s.rng.IntN(len(alnum))]
		}
		id := string(b)
		if !s.used[id] {
			s.used[id] = true
			return id
		}
	}
}

func (s *idSource) uint64() uint64 { return s.rng.Uint64() }
