package bundle

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes bounds one file or folder name (UTF-8 bytes). Every file
// system we target allows 255, but a ZIP is usually extracted into something
// like C:\Users\name\Downloads\team-photos-2024-05-01\ and Windows Explorer
// still fails beyond 260 characters for the whole path, so one component
// gets 120 bytes: 120 + "\headshot.jpg" + a typical
// download folder stays well under 260.
const MaxNameBytes = 120

// unnamed replaces a name that sanitises to nothing.
const unnamed = "unnamed"

// ArchiveName is the contract's archive name for the local date of now:
// team-photos-YYYY-MM-DD.zip. Pass a local time (time.Now()); the date is
// taken in now's location.
func ArchiveName(now time.Time) string {
	return folderBase(now) + ".zip"
}

// folderBase is the archive name without extension, also the folder name of
// the plain-folder output.
func folderBase(now time.Time) string {
	return "team-photos-" + now.Format("2006-01-02")
}

// FolderName is the contract's folder of one shoot: "email - title", or
// "email" when the title is empty (or nothing of it survives SafeName),
// made safe by SafeName.
func FolderName(email, title string) string {
	// The title is cleaned on its own first only to see whether anything of
	// it survives ("..", spaces); the device-name rule is for whole names.
	if t := cleanWith(title, false); t != "" {
		return SafeName(email + " - " + t)
	}
	return SafeName(email)
}

// SafeName makes s a single file or folder name that every OS we ship to
// accepts and shows as written. The result:
//   - is NFC (macOS and Windows would otherwise show NFD and NFC forms of one
//     name as two different, or the same, file);
//   - has no / \ : * ? " < > |, no control or format characters (bidi
//     overrides like U+202E, zero-width joiners, BOM), no line or paragraph
//     separators: each becomes "_"; whitespace runs (tabs, newlines, NBSP)
//     become one space;
//   - never contains ".." (dot runs become one dot), never starts or ends
//     with a dot or space (Windows strips the trailing ones, so "Bob." and
//     "Bob" would collide on extraction; a leading dot hides the file);
//   - is not a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9,
//     COM¹²³, LPT¹²³, CONIN$, CONOUT$, with or without an extension, any
//     case): those get a "_" prefix;
//   - is at most MaxNameBytes of UTF-8, cut at a rune boundary;
//   - is never empty ("unnamed").
//
// SafeName is idempotent: SafeName(SafeName(x)) == SafeName(x).
func SafeName(s string) string {
	if s = clean(s); s == "" {
		return unnamed
	}
	return s
}

// clean applies the SafeName rules until nothing changes (a truncation can
// expose a trailing dot, a prefix can push a name over the limit), so the
// result is a fixed point. It may return "".
func clean(s string) string { return cleanWith(s, true) }

func cleanWith(s string, devices bool) string {
	for range 8 {
		t := cleanOnce(s, devices)
		if t == s {
			return t
		}
		s = t
	}
	return s
}

func cleanOnce(s string, devices bool) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending (collapsing runs)
	lastDot := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '.' && lastDot && !space:
			continue // no ".."
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		lastDot = r == '.'
		if forbidden(r) {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(r)
	}
	out := trimEdges(b.String())
	if devices && reserved(out) {
		out = "_" + out
	}
	if len(out) > MaxNameBytes {
		out = trimEdges(truncateUTF8(out, MaxNameBytes))
	}
	return out
}

// forbidden reports runes that may not appear in a name: Windows' reserved
// punctuation, controls (Cc), format characters (Cf: bidi overrides, zero
// width joiners, BOM, soft hyphen), line/paragraph separators, surrogates,
// private-use and unassigned-looking runes, and U+FFFD (invalid UTF-8 in the
// input decodes to it).
func forbidden(r rune) bool {
	switch r {
	case '/', '\\', ':', '*', '?', '"', '<', '>', '|', utf8.RuneError:
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Cs, unicode.Co) ||
		r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE // noncharacters
}

func trimEdges(s string) string {
	return strings.Trim(s, ". ")
}

// truncateUTF8 cuts s to at most n bytes without splitting a rune.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// reserved reports Windows device names: the part before the first dot,
// trailing spaces ignored, matched case-insensitively. Windows 11 relaxed
// some of these, older versions and many tools did not, so all are avoided.
func reserved(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$":
		return true
	}
	if len(stem) >= 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) {
		switch stem[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// Namer hands out unique names within one folder (or the root of an
// archive). Names that differ only in case or Unicode normalisation count as
// the same, because Windows and macOS file systems treat them so and an
// extraction would otherwise overwrite one with the other. Later names get
// " (2)", " (3)"… The zero value is ready to use; not safe for concurrent
// use (the export's single writer goroutine owns it).
type Namer struct {
	used map[string]bool
	next map[string]int // base+ext → first k worth trying (no O(k²) on many duplicates)
}

// Unique returns SafeName(name), or the first free "name (k)".
func (n *Namer) Unique(name string) string {
	return n.UniqueFile(name, "")
}

// UniqueFile is Unique for a file name with an extension (".jpg"): the
// suffix goes before it, "ann@x.com (2).jpg". ext must itself be safe
// (ASCII, starting with a dot).
func (n *Namer) UniqueFile(base, ext string) string {
	if n.used == nil {
		n.used = make(map[string]bool)
		n.next = make(map[string]int)
	}
	base = SafeName(base)
	nk := foldKey(base) + "\x00" + ext
	for k := max(1, n.next[nk]); ; k++ {
		suffix := ""
		if k > 1 {
			suffix = " (" + strconv.Itoa(k) + ")"
		}
		b := base
		if len(b)+len(suffix)+len(ext) > MaxNameBytes {
			b = trimEdges(truncateUTF8(b, MaxNameBytes-len(suffix)-len(ext)))
		}
		cand := SafeName(b + suffix + ext)
		key := foldKey(cand)
		if !n.used[key] {
			n.used[key] = true
			n.next[nk] = k + 1
			return cand
		}
	}
}

// foldKey maps a name to a canonical case-folded form: every rune becomes the
// smallest member of its simple case-folding orbit (what strings.EqualFold
// compares), after NFC.
func foldKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}
