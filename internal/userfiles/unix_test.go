//go:build unix

package userfiles

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// withUmask runs f with the process umask set to mask. The umask is
// process-wide, so no test of this package runs in parallel.
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

func perm(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestNewFilesFollowTheUmask(t *testing.T) {
	for _, c := range []struct {
		umask           int
		file, dir, priv fs.FileMode
	}{
		{0o022, 0o644, 0o755, 0o600},
		{0o077, 0o600, 0o700, 0o600},
		{0o002, 0o664, 0o775, 0o600},
	} {
		withUmask(t, c.umask, func() {
			dir := t.TempDir()
			p, err := WriteNew(dir, "team-photos.zip", text("zip"))
			if err != nil {
				t.Fatal(err)
			}
			if got := perm(t, p); got != c.file {
				t.Errorf("umask %03o: new export %v, want %v", c.umask, got, c.file)
			}
			exact := filepath.Join(dir, "status.csv")
			if err := WriteExact(exact, text("csv")); err != nil {
				t.Fatal(err)
			}
			if got := perm(t, exact); got != c.file {
				t.Errorf("umask %03o: WriteExact %v, want %v", c.umask, got, c.file)
			}
			s, err := StagingDir(dir, "team-photos")
			if err != nil {
				t.Fatal(err)
			}
			folder, err := PublishNew(s, dir, "team-photos")
			if err != nil {
				t.Fatal(err)
			}
			if got := perm(t, folder); got != c.dir {
				t.Errorf("umask %03o: folder export %v, want %v", c.umask, got, c.dir)
			}
			// Private ignores the umask: the data dir's own files.
			priv, err := WriteNew(dir, "settings.json", text("{}"), Private)
			if err != nil {
				t.Fatal(err)
			}
			if got := perm(t, priv); got != c.priv {
				t.Errorf("umask %03o: private file %v, want %v", c.umask, got, c.priv)
			}
			ps, err := StagingDir(dir, "cache", Private)
			if err != nil {
				t.Fatal(err)
			}
			if got := perm(t, ps); got != 0o700 {
				t.Errorf("umask %03o: private staging folder %v", c.umask, got)
			}
			os.Remove(ps)
		})
	}
}

func TestReplaceKeepsPermissions(t *testing.T) {
	withUmask(t, 0o077, func() { // a new file would be 0600: the old bits must win
		dir := t.TempDir()
		for _, mode := range []fs.FileMode{0o644, 0o640, 0o600, 0o664} {
			path := filepath.Join(dir, "status.csv")
			os.Remove(path)
			if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			if err := WriteExact(path, text("new"), Replace); err != nil {
				t.Fatal(err)
			}
			if got := perm(t, path); got != mode {
				t.Errorf("replaced %v file is now %v", mode, got)
			}
			if readString(t, path) != "new" {
				t.Error("not replaced")
			}
		}
		// Private keeps settings owner-only even if someone opened them up.
		settings := filepath.Join(dir, "settings.json")
		os.WriteFile(settings, []byte("{}"), 0o600)
		os.Chmod(settings, 0o644)
		if err := WriteExact(settings, text(`{"theme":"dark"}`), Replace, Private); err != nil {
			t.Fatal(err)
		}
		if got := perm(t, settings); got != 0o600 {
			t.Errorf("private replace left %v", got)
		}
	})
}

// special is something that is not a regular file at a target, and how to
// check it was left exactly as it was.
type special struct {
	name  string
	path  string
	what  string
	check func(t *testing.T)
}

func specials(t *testing.T) []special {
	dir := t.TempDir()
	var out []special

	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	fifoPerm := perm(t, fifo)
	out = append(out, special{"fifo", fifo, "a named pipe (FIFO)", func(t *testing.T) {
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 || fi.Mode().Perm() != fifoPerm {
			t.Errorf("FIFO changed: %v %v", fi.Mode(), err)
		}
	}})

	victim := filepath.Join(dir, "victim.txt")
	os.WriteFile(victim, []byte("the user's notes"), 0o644)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	out = append(out, special{"symlink", link, "a symbolic link", func(t *testing.T) {
		if dst, err := os.Readlink(link); err != nil || dst != victim {
			t.Errorf("symlink changed: %q %v", dst, err)
		}
		if readString(t, victim) != "the user's notes" || perm(t, victim) != 0o644 {
			t.Error("the symlink's target file was written through")
		}
	}})

	dangling := filepath.Join(dir, "dangling.csv")
	nowhere := filepath.Join(dir, "not-yet.txt")
	if err := os.Symlink(nowhere, dangling); err != nil {
		t.Fatal(err)
	}
	out = append(out, special{"dangling symlink", dangling, "a symbolic link", func(t *testing.T) {
		if _, err := os.Lstat(nowhere); !errors.Is(err, fs.ErrNotExist) {
			t.Error("a file was created through a dangling symlink")
		}
	}})

	folder := filepath.Join(dir, "folder.csv")
	os.Mkdir(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "keep"), []byte("keep"), 0o644)
	out = append(out, special{"folder", folder, "a folder", func(t *testing.T) {
		if got := listDir(t, folder); len(got) != 1 || readString(t, filepath.Join(folder, "keep")) != "keep" {
			t.Errorf("folder changed: %v", got)
		}
	}})

	sock := filepath.Join(dir, "s.csv")
	if l, err := net.Listen("unix", sock); err == nil {
		t.Cleanup(func() { l.Close() })
		out = append(out, special{"socket", sock, "a socket", func(t *testing.T) {
			if fi, err := os.Lstat(sock); err != nil || fi.Mode()&fs.ModeSocket == 0 {
				t.Errorf("socket changed: %v", err)
			}
		}})
	}

	if fi, err := os.Lstat("/dev/null"); err == nil && fi.Mode()&fs.ModeCharDevice != 0 {
		rdev := fi.Sys().(*syscall.Stat_t).Rdev
		out = append(out, special{"/dev/null", "/dev/null", "a device", func(t *testing.T) {
			fi, err := os.Lstat("/dev/null")
			if err != nil || fi.Mode()&fs.ModeCharDevice == 0 || fi.Sys().(*syscall.Stat_t).Rdev != rdev || fi.Mode().Perm() != 0o666 {
				t.Errorf("/dev/null changed: %v %v", fi.Mode(), err)
			}
			noTemps(t, "/dev")
		}})
	}
	return out
}

// TestSpecialTargetsRefused: a FIFO, a symlink (to a file, or dangling), a
// folder, a socket and /dev/null are refused by every exact write, with or
// without Replace, in words, and are left exactly as they were.
func TestSpecialTargetsRefused(t *testing.T) {
	for _, s := range specials(t) {
		t.Run(s.name, func(t *testing.T) {
			for _, opts := range [][]Option{nil, {Replace}, {Replace, Private}} {
				called := false
				err := WriteExact(s.path, func(w io.Writer) error { called = true; _, err := io.WriteString(w, "x"); return err }, opts...)
				var nr *NotRegularError
				if !errors.Is(err, ErrNotRegular) || !errors.As(err, &nr) || nr.What != s.what {
					t.Fatalf("WriteExact %v: %v, want %s", opts, err, s.what)
				}
				if !strings.HasPrefix(err.Error(), s.path+" is "+s.what) || !strings.Contains(err.Error(), "choose a file name") {
					t.Errorf("message %q", err)
				}
				if called {
					t.Error("written before the target was checked")
				}
				if err := CheckTarget(s.path); !errors.Is(err, ErrNotRegular) {
					t.Errorf("CheckTarget: %v", err)
				}
			}
			// A finished temp is not published over it either.
			if s.path != "/dev/null" {
				dir := filepath.Dir(s.path)
				tmp, err := TempFile(dir, filepath.Base(s.path))
				if err != nil {
					t.Fatal(err)
				}
				tmp.WriteString("x")
				tmp.Close()
				for _, opts := range [][]Option{nil, {Replace}} {
					if err := PublishExact(tmp.Name(), s.path, opts...); err == nil {
						t.Fatalf("PublishExact %v succeeded", opts)
					}
				}
				os.Remove(tmp.Name())
				noTemps(t, dir)
			}
			s.check(t)
		})
	}
}

// TestWriteNewBesideSpecials: a numbered write takes the next name and
// leaves the special file alone.
func TestWriteNewBesideSpecials(t *testing.T) {
	for _, s := range specials(t) {
		if s.path == "/dev/null" {
			continue // no writing into /dev
		}
		p, err := WriteNew(filepath.Dir(s.path), filepath.Base(s.path), text("x"))
		if err != nil || p == s.path || !strings.HasSuffix(p, " (2).csv") {
			t.Errorf("%s: %s, %v", s.name, p, err)
		}
		s.check(t)
	}
}
