package store

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
)

// The integrity check at Open (PRAGMA quick_check) reads and verifies every
// page: about 0.15 s for a cache of 100,000 people, paid by every command
// line run. Its job is to catch a file damaged outside SQLite (a disk fault,
// a crash in the middle of a copy, another program), so it is needed only
// when the bytes are not ones that already passed it.
//
// After a passing check, Open writes a seal beside the cache ("<file>.checked"):
// the sizes and a CRC-32C of the file and its WAL, read just before the
// check. The next Open reads the same sums (at memory speed: 30–40 ms for
// the 92 MB of those 100,000 people) and skips the check only when they are equal, byte
// for byte. Anything that changed the file, SQLite included, makes it check
// again; a missing, unreadable or torn seal simply means "check". A
// checksum, not a date: file times move in steps of milliseconds, and a
// damaging write inside one step would keep them.

// sealSuffix names the seal beside the cache file.
const sealSuffix = ".checked"

// castagnoli is CRC-32C, computed by the CPU's own instruction on amd64
// and arm64.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// contentSum is what a seal records of the cache file and its WAL (a
// missing WAL counts as empty).
type contentSum struct {
	dbSize, walSize int64
	dbCRC, walCRC   uint32
}

func (c contentSum) String() string {
	return fmt.Sprintf("shotdesk-cache-seal 1 %d %08x %d %08x", c.dbSize, c.dbCRC, c.walSize, c.walCRC)
}

// sumContent reads the cache file and its WAL once.
func sumContent(path string) (contentSum, error) {
	var c contentSum
	var err error
	if c.dbSize, c.dbCRC, err = sumFile(path); err != nil {
		return c, err
	}
	c.walSize, c.walCRC, err = sumFile(path + "-wal")
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return c, err
}

func sumFile(path string) (int64, uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	n, err := io.CopyBuffer(h, f, make([]byte, 256<<10))
	return n, h.Sum32(), err
}

// sealed reports whether path's bytes are exactly those its seal recorded.
func sealed(path string, now contentSum) bool {
	b, err := os.ReadFile(path + sealSuffix)
	return err == nil && strings.TrimSpace(string(b)) == now.String()
}

// writeSeal records sum as checked. Best effort: without a seal the next
// Open checks again, which is only slower.
func writeSeal(path string, sum contentSum) {
	_ = os.WriteFile(path+sealSuffix, []byte(sum.String()+"\n"), 0o600)
}

// dropSeal forgets the seal (the file was found damaged or set aside).
func dropSeal(path string) { _ = os.Remove(path + sealSuffix) }
