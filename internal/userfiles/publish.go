package userfiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// MaxCandidates is how many names PublishNew and WriteNew try: "name.ext",
// then "name (2).ext" up to "name (10000).ext". One limit for every kind of
// file, high enough that only a script gone wrong reaches it.
const MaxCandidates = 10000

// candidate is the k-th name tried for name in dir (k from 1). A file's
// number goes before its extension ("report (2).csv"); a folder's at the
// end ("team-photos-2024-05-01 (2)", even with a dot in the name).
func candidate(dir, name string, k int, isDir bool) string {
	if k == 1 {
		return filepath.Join(dir, name)
	}
	base, ext := name, ""
	if !isDir {
		ext = filepath.Ext(name)
		base = strings.TrimSuffix(name, ext)
		if base == "" { // ".profile": the dot starts the name, it is no extension
			base, ext = name, ""
		}
	}
	return filepath.Join(dir, base+" ("+strconv.Itoa(k)+")"+ext)
}

// PublishNew moves tmp — a finished temp file from TempFile, or a staging
// folder from StagingDir, in dir — to dir/name or the first free "name (k)"
// candidate, never replacing anything, and returns the path it got. A name
// that another process takes at this very moment is skipped, not replaced.
//
// A temp file's content must already be synced (Sync) by its writer. A
// staging folder's files likewise; PublishNew syncs its folders, so the
// whole tree is durable before it appears under the new name. On error tmp
// is left where it was, for the caller to remove.
func PublishNew(tmp, dir, name string) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	isDir, err := checkTemp(tmp, dir)
	if err != nil {
		return "", err
	}
	if isDir {
		syncTree(tmp)
	}
	for k := 1; k <= MaxCandidates; k++ {
		dst := candidate(dir, name, k, isDir)
		err := publishOne(tmp, dst, isDir)
		if err == nil {
			syncDir(dir)
			return dst, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("save %s: %w", dst, err)
		}
	}
	return "", errNoFreeName(dir, name, isDir)
}

// PublishExact moves tmp (as for PublishNew, in the folder of path) to
// exactly path. Without Replace an existing name is ErrExists (a
// *NotRegularError when it is not a file, so the user learns why). With
// Replace an existing regular file is replaced atomically — never a
// symlink, device, FIFO, socket or folder — and the new file keeps the
// replaced one's permission bits (Private: 0600); a folder is never
// replaced.
func PublishExact(tmp, path string, opts ...Option) error {
	dir, name := filepath.Dir(path), filepath.Base(path)
	if err := checkName(name); err != nil {
		return err
	}
	isDir, err := checkTemp(tmp, dir)
	if err != nil {
		return err
	}
	if isDir {
		syncTree(tmp)
	}
	if has(opts, Replace) {
		if isDir {
			return fmt.Errorf("userfiles: PublishExact %s: a folder is never replaced", path)
		}
		return replace(tmp, path, has(opts, Private))
	}
	if err := publishOne(tmp, path, isDir); err != nil {
		if errors.Is(err, fs.ErrExist) {
			if cerr := CheckTarget(path); cerr != nil && !isDir {
				return cerr
			}
			return errExists(path)
		}
		return fmt.Errorf("save %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// replace renames the temp file tmp over path, which may hold a regular
// file.
func replace(tmp, path string, private bool) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
	// A replaced file keeps its permission bits: a CSV the user made
	// readable for the team stays so. A race that swaps the file for a
	// symlink after this check still cannot make us write through it:
	// rename replaces the name itself.
	perm := os.FileMode(0)
	if private {
		perm = privateFilePerm
	} else if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}
	if perm != 0 {
		if err := os.Chmod(tmp, perm); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
	}
	if err := renameRetry(tmp, path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// checkName refuses what is not a single file or folder name.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || name != filepath.Base(name) || strings.ContainsRune(name, '/') {
		return fmt.Errorf("userfiles: %q is not a file name", name)
	}
	return nil
}

// checkTemp makes sure tmp is a file or folder directly in dir: publishing
// is a rename or link within one folder, hence one file system.
func checkTemp(tmp, dir string) (isDir bool, err error) {
	if filepath.Dir(tmp) != filepath.Clean(dir) {
		return false, fmt.Errorf("userfiles: temp %s is not in %s", tmp, dir)
	}
	fi, err := os.Lstat(tmp)
	if err != nil {
		return false, fmt.Errorf("userfiles: temp: %w", err)
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return false, fmt.Errorf("userfiles: temp %s is neither a file nor a folder", tmp)
	}
	return fi.IsDir(), nil
}

func publishOne(tmp, dst string, isDir bool) error {
	if isDir {
		return publishDir(tmp, dst)
	}
	return publishFile(tmp, dst)
}

// link is os.Link; a test replaces it to take the path of file systems
// without hard links on real files.
var link = os.Link

// publishFile gives the temp file tmp the name dst unless dst exists,
// atomically.
//
// os.Rename would silently replace dst. A hard link fails with EEXIST
// instead (for anything at dst: a file, a folder, a dangling symlink), and
// is atomic: dst either does not exist or is the complete file; then the
// temp name is removed. File systems without hard links (FAT/exFAT sticks,
// some network shares) fail the link with another error; there dst is
// first claimed with O_EXCL (so a racing writer loses; O_EXCL also refuses
// a symlink) and the temp file renamed over our own empty claim. A crash
// between the two leaves an empty file at dst; a crash in the link path at
// most a stray temp name, which Sweep removes.
func publishFile(tmp, dst string) error {
	err := link(tmp, dst)
	if err == nil {
		// Best effort: the file is published. A temp name that cannot be
		// removed (held by an antivirus on Windows) is only a second name
		// of the same file, and Sweep removes it once this process is gone.
		_ = os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	claim, cerr := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateFilePerm)
	if cerr != nil {
		return cerr // fs.ErrExist when taken
	}
	claim.Close()
	if err := renameRetry(tmp, dst); err != nil {
		os.Remove(dst) // our empty claim
		return err
	}
	return nil
}

// publishDir renames the staging folder tmp to dst unless dst exists.
//
// Folders cannot be hard-linked, so dst is claimed with Mkdir (which fails
// if anything exists there), then the staging folder is renamed onto the
// empty claim: POSIX rename replaces an empty folder atomically, and the
// staging folder keeps its own permissions. Windows refuses to rename onto
// an existing folder; there the claim is removed and the rename retried (a
// tiny window in which another process could take the name: the rename
// then fails and nothing is replaced).
func publishDir(tmp, dst string) error {
	if err := os.Mkdir(dst, privateDirPerm); err != nil {
		return err // fs.ErrExist when taken
	}
	if err := os.Rename(tmp, dst); err != nil {
		if rerr := os.Remove(dst); rerr != nil {
			return err // not empty any more: someone else's now; keep it
		}
		if err2 := os.Rename(tmp, dst); err2 != nil {
			return err2
		}
	}
	return nil
}

// renameRetry renames, retrying for about two seconds on Windows while the
// target is held open without delete sharing (Explorer's preview, an
// antivirus scanning the previous export). Other errors return at once.
func renameRetry(from, to string) error {
	err := os.Rename(from, to)
	if err == nil || !sharingError(err) {
		return err
	}
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if err = os.Rename(from, to); err == nil || !sharingError(err) {
			return err
		}
	}
	return err
}

// syncDir persists the folder's entries (a rename, a link) on Unix. Best
// effort: the content is already durable, and Windows cannot open a folder
// for syncing.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}

// syncTree syncs every folder of a staging tree (best effort, like
// syncDir), deepest first, so the tree's entries are durable before it is
// published.
func syncTree(root string) {
	if runtime.GOOS == "windows" {
		return
	}
	var dirs []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		syncDir(dirs[i])
	}
}
