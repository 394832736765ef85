package bundle

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// checkSafe asserts every SafeName rule on one name.
func checkSafe(t testing.TB, in, got string) {
	t.Helper()
	fail := func(why string) { t.Helper(); t.Fatalf("SafeName(%q) = %q: %s", in, got, why) }
	switch {
	case got == "":
		fail("empty")
	case !utf8.ValidString(got):
		fail("invalid UTF-8")
	case len(got) > MaxNameBytes:
		fail("too long")
	case !norm.NFC.IsNormalString(got):
		fail("not NFC")
	case strings.ContainsAny(got, `/\:*?"<>|`):
		fail("forbidden punctuation")
	case strings.Contains(got, ".."):
		fail(`contains ".."`)
	case strings.Trim(got, ". ") != got:
		fail("leading/trailing dot or space")
	case reserved(got):
		fail("reserved device name")
	case !fs.ValidPath(got) || !filepath.IsLocal(got) || strings.Contains(got, "/"):
		fail("not a single local path element")
	case strings.Contains(got, "  "):
		fail("whitespace run")
	}
	for _, r := range got {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError {
			fail("control/format rune " + string(r))
		}
		if unicode.IsSpace(r) && r != ' ' {
			fail("non-space whitespace")
		}
	}
	if again := SafeName(got); again != got {
		t.Fatalf("SafeName not idempotent: %q → %q → %q", in, got, again)
	}
}

func TestSafeNameGolden(t *testing.T) {
	long := strings.Repeat("é", 300)
	tests := []struct{ in, want string }{
		{"ann@example.com - Lead", "ann@example.com - Lead"},
		{"../../etc/passwd", "_._etc_passwd"},
		{"a/b", "a_b"},
		{`a\b`, "a_b"},
		{`C:\x`, "C__x"},
		{"/abs", "_abs"},
		{`Ana "AJ" Jones: CEO/Founder`, "Ana _AJ_ Jones_ CEO_Founder"},
		{`R&D \ Lab * Team?`, "R&D _ Lab _ Team_"},
		{"<Maya> | Ops", "_Maya_ _ Ops"},
		{"CON", "_CON"},
		{"con.txt", "_con.txt"},
		{"LPT1 ", "_LPT1"},
		{"NUL.", "_NUL"},
		{"COM¹", "_COM¹"},
		{"CONIN$", "_CONIN$"},
		{"Com9.tar.gz", "_Com9.tar.gz"},
		{"CONSOLE", "CONSOLE"},
		{"COM10", "COM10"},
		{"a:b", "a_b"},
		{"Eve \u202Egpj.exe", "Eve _gpj.exe"},
		{"zero\u200Dwidth\u200Bjoin\uFEFF", "zero_width_join_"},
		{"nul\x00byte", "nul_byte"},
		{"Tab\tand\nnewline", "Tab and newline"},
		{"  lots   of\u00a0\u2003space  ", "lots of space"},
		{"line\u2028sep", "line sep"},
		{".", "unnamed"},
		{"..", "unnamed"},
		{"   ", "unnamed"},
		{"", "unnamed"},
		{".hidden", "hidden"},
		{"Dana Whitfield. ", "Dana Whitfield"},
		{"a..b...c", "a.b.c"},
		{"Bob.", "Bob"},
		{"Mia 🌸 Hoffmann", "Mia 🌸 Hoffmann"},
		{"Jose\u0301", "José"}, // NFD in, NFC out
		{"José", "José"},
		{"王小明 - 工程师", "王小明 - 工程师"},
		{"bad\xffutf8", "bad_utf8"},
		{long, strings.Repeat("é", MaxNameBytes/2)},
		{"x" + long, "x" + strings.Repeat("é", (MaxNameBytes-1)/2)}, // cut before a split rune
		{strings.Repeat("a", MaxNameBytes-1) + ". b", strings.Repeat("a", MaxNameBytes-1)},
	}
	for _, tc := range tests {
		got := SafeName(tc.in)
		if got != tc.want {
			t.Errorf("SafeName(%q) = %q, want %q", tc.in, got, tc.want)
			continue
		}
		checkSafe(t, tc.in, got)
	}
}

func TestFolderName(t *testing.T) {
	tests := []struct{ email, title, want string }{
		{"ann@example.com", "Lead Engineer", "ann@example.com - Lead Engineer"},
		{"ann@example.com", "", "ann@example.com"},
		{"ann@example.com", "   ", "ann@example.com"},
		{"ann@example.com", "..", "ann@example.com"}, // nothing of the title survives
		{"ann@example.com", "\u202E", "ann@example.com - _"},
		{"ann@example.com", "CON", "ann@example.com - CON"}, // not a device name as a whole
		{"con@example.com", "", "con@example.com"},          // stem is "con@example"
		{"ann@example.com", "Dana Whitfield. ", "ann@example.com - Dana Whitfield"},
		{"ann@example.com", "Ops/Lead", "ann@example.com - Ops_Lead"},
	}
	for _, tc := range tests {
		if got := FolderName(tc.email, tc.title); got != tc.want {
			t.Errorf("FolderName(%q, %q) = %q, want %q", tc.email, tc.title, got, tc.want)
		}
	}
	// A very long title is cut, the email survives at the front.
	got := FolderName("ann@example.com", strings.Repeat("Senior Vice President ", 20))
	if !strings.HasPrefix(got, "ann@example.com - Senior Vice President") || len(got) > MaxNameBytes {
		t.Errorf("long title: %q (%d bytes)", got, len(got))
	}
	checkSafe(t, "long", got)
}

func TestNamerCollisions(t *testing.T) {
	var n Namer
	in := []string{
		"ann@x.com - Lead", "Ann@X.com - Lead", "ann@x.com - lead", // case-only
		"José", "Jose\u0301", // NFC vs NFD
		"Bob.", "Bob", // Windows strips the dot
		"a/b", "a_b", // sanitise to the same
		"ann@x.com - Lead (2)", // a natural name equal to a generated one
		"ÉCOLE", "école",       // non-ASCII case folding
		"ǅ", "ǆ", "Ǆ", // a three-member case orbit
	}
	want := []string{
		"ann@x.com - Lead", "Ann@X.com - Lead (2)", "ann@x.com - lead (3)",
		"José", "José (2)",
		"Bob", "Bob (2)",
		"a_b", "a_b (2)",
		"ann@x.com - Lead (2) (2)",
		"ÉCOLE", "école (2)",
		"ǅ", "ǆ (2)", "Ǆ (3)",
	}
	seen := map[string]bool{}
	for i, s := range in {
		got := n.Unique(s)
		if got != want[i] {
			t.Errorf("Unique(%q) = %q, want %q", s, got, want[i])
		}
		checkSafe(t, s, got)
		k := strings.ToLower(got)
		if seen[k] {
			t.Errorf("duplicate (case-insensitive) name %q", got)
		}
		seen[k] = true
	}
}

func TestNamerLongNamesKeepSuffix(t *testing.T) {
	var n Namer
	long := strings.Repeat("ü", 200)
	first := n.Unique(long)
	second := n.Unique(long)
	if !strings.HasSuffix(second, " (2)") || len(second) > MaxNameBytes || first == second {
		t.Fatalf("long collision: %q / %q", first, second)
	}
	checkSafe(t, long, second)
	f1 := n.UniqueFile("ann@x.com", ".jpg")
	f2 := n.UniqueFile("ANN@x.com", ".jpg")
	if f1 != "ann@x.com.jpg" || f2 != "ANN@x.com (2).jpg" {
		t.Fatalf("files: %q, %q", f1, f2)
	}
	f3 := n.UniqueFile(strings.Repeat("b", 300), ".jpg")
	if !strings.HasSuffix(f3, ".jpg") || len(f3) > MaxNameBytes {
		t.Fatalf("long file name %q", f3)
	}
}

func TestArchiveName(t *testing.T) {
	loc := time.FixedZone("UTC+9", 9*3600)
	// 20:00 UTC on the 1st is already the 2nd in UTC+9: the local date counts.
	now := time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC).In(loc)
	if got := ArchiveName(now); got != "team-photos-2024-03-02.zip" {
		t.Fatalf("ArchiveName = %q", got)
	}
}

func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"", "..", "CON", "con.txt", "Jose\u0301", "a/b\\c", "\u202E", "x\x00y",
		strings.Repeat("é", 130), "COM¹.x", " . . ", "a\xff\xfe", "ǅ", "\u0301\u0301e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeName(s)
		checkSafe(t, s, got)
		var n Namer
		a, b := n.Unique(s), n.Unique(s)
		if foldKey(a) == foldKey(b) {
			t.Fatalf("Namer gave colliding names %q, %q", a, b)
		}
		checkSafe(t, s, b)
	})
}
