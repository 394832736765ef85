package pfp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A photo read from a file is held in a buffer of its own size (an export
// reads one per core: 4 MB each for 600 KB photos was most of its live
// heap), and a file over the limit is refused from its size alone.
func TestReadSourceSizesItsBufferFromTheFile(t *testing.T) {
	data := encJPEG(t, fill(1200, 1600, opaque(90, 120, 200)))
	path := filepath.Join(t.TempDir(), "head.jpg")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := readSource(f, Limits{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s.data, data) || s.w != 1200 || s.h != 1600 {
		t.Fatalf("read %d bytes %d×%d, want the file's %d bytes, 1200×1600", len(s.data), s.w, s.h, len(data))
	}
	if c := cap(s.data); c > len(data)+bytes.MinRead {
		t.Fatalf("buffer of %d bytes for a %d-byte file", c, len(data))
	}

	f2, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	small := Limits{MaxBytes: int64(len(data)) - 1}.withDefaults()
	if _, err := readSource(f2, small); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a file over the limit: %v, want ErrTooLarge", err)
	}
	if off, _ := f2.Seek(0, 1); off != 0 {
		t.Fatalf("%d bytes read from a file refused by its size", off)
	}
}
