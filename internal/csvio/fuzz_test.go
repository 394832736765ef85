package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shotdesk/shotdesk/internal/domain"
)

var rosterErrors = []error{ErrEmpty, ErrTooLarge, ErrTooManyRows, ErrTooManyCols, ErrNotText, ErrEncoding, ErrNoEmailColumn, ErrBadHeader}

// rawLineBound is an upper bound on the physical lines of any decoding of b:
// every line break of the decoded text contains a 0x0A or 0x0D byte.
func rawLineBound(b []byte) int {
	return 1 + bytes.Count(b, []byte{'\n'}) + bytes.Count(b, []byte{'\r'})
}

func FuzzParseRoster(f *testing.F) {
	for _, s := range []string{
		"email\na@example.com\n",
		"First Name;Email;Team\r\nJane;jane@example.com;Sales\r\n",
		"Email\tTitle\n\"a@x.com\"\t\"multi\nline\"\nA@X.COM\tdup\n",
		"email,name\na@example.com,\"Bo\"b\"\nb@example.com,\"unclosed\n",
		"jane@example.com\rjohn@example.com\r\rjane@example.com",
		"\ufeffE-mail,Name\n'=x@example.com,'=1+1\n,,\n,no email\n",
		"email\nj@x\n\"j d\"@x.com\nj@[1.2.3.4]\n",
	} {
		f.Add([]byte(s))
	}
	f.Add(utf16LE("Email\tName\r\nj@example.com\tJ\r\n", true))
	f.Add(utf16BE("Email\r\nk@example.com\r\n"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00"))

	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRoster(bytes.NewReader(data), ImportOptions{MaxRows: 2000})
		if err != nil {
			for _, want := range rosterErrors {
				if errors.Is(err, want) {
					return
				}
			}
			t.Fatalf("unexpected error kind: %v", err)
		}
		if r.Lines < 1 || r.Lines > rawLineBound(data) {
			t.Fatalf("Lines = %d, bound %d", r.Lines, rawLineBound(data))
		}
		checkLine := func(kind string, line int) {
			if line < 1 || line > r.Lines {
				t.Fatalf("%s line %d outside 1..%d", kind, line, r.Lines)
			}
		}
		seen := map[string]int{}
		prev := 0
		for _, row := range r.Rows {
			checkLine("row", row.Line)
			if row.Line <= prev {
				t.Fatalf("row lines not increasing: %d after %d", row.Line, prev)
			}
			prev = row.Line
			if err := ValidateEmail(row.Email); err != nil {
				t.Fatalf("accepted invalid email %q: %v", row.Email, err)
			}
			if row.Email != domain.NormalizeEmail(row.Email) {
				t.Fatalf("accepted email not normalised: %q", row.Email)
			}
			if _, dup := seen[row.Email]; dup {
				t.Fatalf("accepted %q twice", row.Email)
			}
			seen[row.Email] = row.Line
		}
		for _, p := range r.Invalid {
			checkLine("invalid", p.Line)
			if p.Reason == "" {
				t.Fatalf("invalid row without reason: %+v", p)
			}
		}
		for _, p := range r.Duplicates {
			checkLine("duplicate", p.Line)
			first, ok := seen[domain.NormalizeEmail(cleanCell(p.Value))]
			if !ok || first >= p.Line || !strings.HasSuffix(p.Reason, "line "+strconv.Itoa(first)) {
				t.Fatalf("duplicate %+v does not point at an earlier accepted row (first %d)", p, first)
			}
		}
	})
}

func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"", "plain", "=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "'", "'=1", "''-", "＝1+1", "x=1", `=HYPERLINK("http://x","y")`, "a,b\"c\r\nd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Neutralize(s)
		if r, _ := utf8.DecodeRuneInString(out); out != "" && isTrigger(r) {
			t.Fatalf("Neutralize(%q) = %q starts with a trigger", s, out)
		}
		if back := Unneutralize(out); back != s {
			t.Fatalf("Unneutralize(Neutralize(%q)) = %q", s, back)
		}
		if out != s && out != "'"+s {
			t.Fatalf("Neutralize(%q) = %q: only a leading apostrophe may be added", s, out)
		}
		// Through the real writer and a spreadsheet-like reader: one cell,
		// same text, still safe.
		cell := textCell(s)
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		cw.UseCRLF = true
		cw.Write([]string{cell, "x"})
		cw.Flush()
		rec, err := csv.NewReader(&buf).Read()
		if err != nil {
			t.Fatalf("re-read %q: %v", buf.String(), err)
		}
		if len(rec) != 2 || rec[0] != cell {
			t.Fatalf("cell %q came back as %q", cell, rec)
		}
		if r, _ := utf8.DecodeRuneInString(rec[0]); rec[0] != "" && isTrigger(r) {
			t.Fatalf("cell %q starts with a trigger after CSV round trip", rec[0])
		}
	})
}

func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{"j@x.com", "John <j@x.com>", "j@x", `"j d"@x.com`, "j@[1.2.3.4]", "j@x.com\u00a0", "j@@x.com", "j@x..com", "a.b+c@d-e.fg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateEmail(s) != nil {
			return
		}
		a, err := mail.ParseAddress(s)
		if err != nil || a.Name != "" || a.Address != s {
			t.Fatalf("accepted %q but ParseAddress gives %+v, %v", s, a, err)
		}
		local, dom, _ := strings.Cut(s, "@")
		if strings.Count(s, "@") != 1 || local == "" || !strings.Contains(dom, ".") || len(s) > MaxEmailLen {
			t.Fatalf("accepted %q", s)
		}
		for _, c := range []byte(s) {
			if c <= ' ' || c >= 0x7f {
				t.Fatalf("accepted %q with byte %#x", s, c)
			}
		}
	})
}
