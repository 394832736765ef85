package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func parse(t *testing.T, s string) Roster {
	t.Helper()
	r, err := ParseRoster(strings.NewReader(s), ImportOptions{})
	if err != nil {
		t.Fatalf("ParseRoster: %v", err)
	}
	return r
}

func emails(r Roster) []string {
	var out []string
	for _, row := range r.Rows {
		out = append(out, row.Email)
	}
	return out
}

func TestParseRosterDelimiters(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		delim rune
	}{
		{"comma", "First Name,Last Name,Email,Team\nJane,Doe,jane@example.com,Sales\nJohn,Roe,john@example.com,Ops\n", ','},
		{"semicolon", "First Name;Last Name;Email;Team\nJane;Doe;jane@example.com;Sales\nJohn;Roe;john@example.com;Ops\n", ';'},
		{"tab", "First Name\tLast Name\tEmail\tTeam\nJane\tDoe\tjane@example.com\tSales\nJohn\tRoe\tjohn@example.com\tOps\n", '\t'},
		// The ';' and ',' inside quotes must not win the vote.
		{"semicolon with quoted commas", "\"Name, full\";Email;Team\n\"Doe, Jane\";jane@example.com;Sales\nJohn;john@example.com;Ops\n", ';'},
		{"comma with quoted semicolons", "\"a;b;c\",Email,Team,First Name\nx,jane@example.com,Sales,Jane\ny,john@example.com,Ops,John\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parse(t, tt.in)
			if r.Delimiter != tt.delim {
				t.Errorf("delimiter %q, want %q", r.Delimiter, tt.delim)
			}
			if got := emails(r); !reflect.DeepEqual(got, []string{"jane@example.com", "john@example.com"}) {
				t.Errorf("emails %v", got)
			}
			if r.Rows[0].Team != "Sales" || r.Rows[1].Line != 3 {
				t.Errorf("rows %+v", r.Rows)
			}
			if len(r.Invalid)+len(r.Duplicates) != 0 {
				t.Errorf("problems: %+v %+v", r.Invalid, r.Duplicates)
			}
		})
	}
}

func TestParseRosterAliases(t *testing.T) {
	in := "  E-Mail Address ,GIVEN NAME,surname,Job_Title,Team Name,Department,Full Name,Work Email\n" +
		"jane@example.com,Jane,Doe,CFO,Finance,Accounting,Jane Q. Doe,other@example.com\n"
	r := parse(t, in)
	want := RosterRow{Line: 2, Email: "jane@example.com", FirstName: "Jane", LastName: "Doe", Name: "Jane Q. Doe", Team: "Finance", Title: "CFO"}
	if len(r.Rows) != 1 || r.Rows[0] != want {
		t.Fatalf("rows %+v, want %+v", r.Rows, want)
	}
	// Department is not a team alias; a second email column is not used.
	if !reflect.DeepEqual(r.Ignored, []string{"Department", "Work Email"}) {
		t.Errorf("ignored %q", r.Ignored)
	}
	if r.Header[0] != "E-Mail Address" {
		t.Errorf("header not trimmed: %q", r.Header[0])
	}
	for _, h := range []string{"email", "e-mail", "Email Address", "work email", "MAIL", "e_mail"} {
		if r := parse(t, h+",name\nx@example.com,X\n"); len(r.Rows) != 1 {
			t.Errorf("%q not recognised as email", h)
		}
	}
}

func TestParseRosterFullName(t *testing.T) {
	r := parse(t, "first,last,email\nJane,Doe,j@example.com\n")
	if got := r.Rows[0].FullName(); got != "Jane Doe" {
		t.Errorf("FullName = %q", got)
	}
}

func TestParseRosterQuotedNewlinesLineNumbers(t *testing.T) {
	in := "Email,Name,Title\r\n" + // 1
		"\r\n" + // 2 blank
		"a@example.com,\"Ann\r\nSmith\",\"He said \"\"hi\"\"\"\r\n" + // 3-4
		"b@example.com,Bob,\"multi\nline\rtitle\"\r\n" + // 5-7
		"not-an-email,Carl,x\r\n" + // 8
		",Dora,no email here\r\n" + // 9
		",,\r\n" + // 10 padding row: skipped
		"A@Example.com ,Ann again,\r\n" + // 11
		"\"c@example.com\",\"Cy\",\"\"\r\n" // 12
	r := parse(t, in)
	if got := emails(r); !reflect.DeepEqual(got, []string{"a@example.com", "b@example.com", "c@example.com"}) {
		t.Fatalf("emails %v", got)
	}
	if r.Rows[0].Line != 3 || r.Rows[1].Line != 5 || r.Rows[2].Line != 12 {
		t.Errorf("lines %d %d %d, want 3 5 12", r.Rows[0].Line, r.Rows[1].Line, r.Rows[2].Line)
	}
	if r.Rows[0].Name != "Ann\nSmith" || r.Rows[0].Title != `He said "hi"` || r.Rows[1].Title != "multi\nline\ntitle" {
		t.Errorf("fields %q %q %q", r.Rows[0].Name, r.Rows[0].Title, r.Rows[1].Title)
	}
	wantInvalid := []RowProblem{
		{Line: 8, Value: "not-an-email", Reason: "missing @"},
		{Line: 9, Value: "", Reason: "no email"},
	}
	if !reflect.DeepEqual(r.Invalid, wantInvalid) {
		t.Errorf("invalid %+v", r.Invalid)
	}
	wantDup := []RowProblem{{Line: 11, Value: "A@Example.com", Reason: "duplicate of line 3"}}
	if !reflect.DeepEqual(r.Duplicates, wantDup) {
		t.Errorf("duplicates %+v", r.Duplicates)
	}
	if r.Lines != 12 {
		t.Errorf("Lines = %d", r.Lines)
	}
}

func TestParseRosterLineEndings(t *testing.T) {
	for name, nl := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		t.Run(name, func(t *testing.T) {
			in := strings.Join([]string{"email,title", "a@example.com,\"x" + nl + "y\"", "bad", "b@example.com,z", "", ""}, nl)
			r := parse(t, in)
			if got := emails(r); !reflect.DeepEqual(got, []string{"a@example.com", "b@example.com"}) {
				t.Fatalf("emails %v", got)
			}
			if r.Rows[1].Line != 5 || len(r.Invalid) != 1 || r.Invalid[0].Line != 4 {
				t.Errorf("lines: rows %+v invalid %+v", r.Rows, r.Invalid)
			}
			if r.Rows[0].Title != "x\ny" {
				t.Errorf("title %q", r.Rows[0].Title)
			}
		})
	}
}

func TestParseRosterHeaderless(t *testing.T) {
	r := parse(t, "\n  jane@example.com\nJOHN@example.com\n\nnope\njane@example.com\n")
	if r.Header != nil {
		t.Errorf("header %q", r.Header)
	}
	if got := emails(r); !reflect.DeepEqual(got, []string{"jane@example.com", "john@example.com"}) {
		t.Errorf("emails %v", got)
	}
	if r.Rows[0].Line != 2 || len(r.Invalid) != 1 || r.Invalid[0].Line != 5 || len(r.Duplicates) != 1 || r.Duplicates[0].Reason != "duplicate of line 2" {
		t.Errorf("roster %+v", r)
	}
}

func TestParseRosterErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		opts ImportOptions
		want error
	}{
		{"empty", nil, ImportOptions{}, ErrEmpty},
		{"blank lines", []byte("\n \r\n\t\n"), ImportOptions{}, ErrEmpty},
		{"header only", []byte("email,name\n"), ImportOptions{}, nil},
		{"no email column", []byte("name,team\nJane,Sales\n"), ImportOptions{}, ErrNoEmailColumn},
		{"two columns no header", []byte("jane@example.com,Jane\n"), ImportOptions{}, ErrNoEmailColumn},
		{"windows-1252", []byte("email,name\nj@example.com,Jos\xe9\n"), ImportOptions{}, ErrEncoding},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ImportOptions{}, ErrNotText},
		{"control chars", []byte("email\x01,name\n"), ImportOptions{}, ErrNotText},
		{"utf-16 without bom", utf16LE("email\r\nj@example.com\r\n", false), ImportOptions{}, ErrNotText},
		{"utf-16 odd length", append(utf16LE("email\n", true), 'x'), ImportOptions{}, ErrEncoding},
		{"bad header quote", []byte("\"email\"x,name\n"), ImportOptions{}, ErrBadHeader},
		{"too large", []byte("email\n" + strings.Repeat("a@example.com\n", 100)), ImportOptions{MaxBytes: 1000}, ErrTooLarge},
		{"too many rows", []byte("email\n" + strings.Repeat("a@example.com\n", 11)), ImportOptions{MaxRows: 10}, ErrTooManyRows},
		{"rows at limit", []byte("email\n" + strings.Repeat("a@example.com\n", 10)), ImportOptions{MaxRows: 10}, nil},
		{"too many columns", []byte("email" + strings.Repeat(",x", 300) + "\n"), ImportOptions{}, ErrTooManyCols},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRoster(bytes.NewReader(tt.in), tt.opts)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), ": ") {
				t.Errorf("error lacks an explanation: %v", err)
			}
		})
	}
	// The encoding error names the line and the fix.
	_, err := ParseRoster(strings.NewReader("email,name\nj@example.com,Jose\nk@example.com,Jos\xe9\n"), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "CSV UTF-8") {
		t.Errorf("encoding error = %v", err)
	}
}

func TestParseRosterLimitsPerField(t *testing.T) {
	long := strings.Repeat("é", 21)
	r, err := ParseRoster(strings.NewReader("email,title\na@example.com,"+long+"\nb@example.com,ok\n"), ImportOptions{MaxFieldLen: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 || len(r.Invalid) != 1 || r.Invalid[0].Line != 2 || !strings.Contains(r.Invalid[0].Reason, "title is longer than 20") {
		t.Errorf("roster %+v", r)
	}
}

func utf16LE(s string, withBOM bool) []byte {
	var b []byte
	if withBOM {
		b = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func utf16BE(s string) []byte {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func TestParseRosterEncodings(t *testing.T) {
	// Excel "Unicode Text": UTF-16LE with BOM and tabs.
	text := "First Name\tEmail\r\nJosé\tjose@example.com\r\n😀 Zoë\tzoe@example.com\r\n"
	for name, in := range map[string][]byte{
		"utf-8":     []byte(text),
		"utf-8 bom": append([]byte("\ufeff"), text...),
		"utf-16le":  utf16LE(text, true),
		"utf-16be":  utf16BE(text),
	} {
		t.Run(name, func(t *testing.T) {
			r, err := ParseRoster(bytes.NewReader(in), ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Header[0] != "First Name" {
				t.Errorf("header %q (BOM left in?)", r.Header[0])
			}
			if len(r.Rows) != 2 || r.Rows[0].FirstName != "José" || r.Rows[1].FirstName != "😀 Zoë" || r.Rows[1].Line != 3 {
				t.Errorf("rows %+v", r.Rows)
			}
		})
	}
}

func TestParseRosterCleansCells(t *testing.T) {
	// NBSP and zero-width around values, decomposed é (NFC), our export's
	// apostrophe before a formula character.
	in := "email,name,title\n\u00a0\u200bjane@example.com\u00a0,\u200bJose\u0301 ,'-\n'=x@example.com,'=1+1,'plain\n"
	r := parse(t, in)
	if len(r.Rows) != 2 {
		t.Fatalf("rows %+v invalid %+v", r.Rows, r.Invalid)
	}
	if r.Rows[0].Email != "jane@example.com" || r.Rows[0].Name != "José" || r.Rows[0].Title != "-" {
		t.Errorf("row 0 %+v", r.Rows[0])
	}
	if r.Rows[1].Email != "=x@example.com" || r.Rows[1].Name != "=1+1" || r.Rows[1].Title != "'plain" {
		t.Errorf("row 1 %+v", r.Rows[1])
	}
}

func TestParseRosterBadQuoteCostsOneRow(t *testing.T) {
	in := "email,name\na@example.com,Ann\nb@example.com,Bo\"b\nc@example.com,Cy\n"
	r := parse(t, in)
	if got := emails(r); !reflect.DeepEqual(got, []string{"a@example.com", "c@example.com"}) {
		t.Errorf("emails %v", got)
	}
	if len(r.Invalid) != 1 || r.Invalid[0].Line != 3 || !strings.HasPrefix(r.Invalid[0].Reason, "not valid CSV") {
		t.Errorf("invalid %+v", r.Invalid)
	}
	// An unclosed quote swallows the rest; it is reported where it opened.
	r = parse(t, "email,name\na@example.com,Ann\nb@example.com,\"Bob\nc@example.com,Cy\n")
	if len(r.Rows) != 1 || len(r.Invalid) != 1 || r.Invalid[0].Line != 3 {
		t.Errorf("unclosed quote: rows %+v invalid %+v", r.Rows, r.Invalid)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	rows := goldenRows()
	rows[1].Email = "zoe@example.fr" // non-ASCII addresses are refused on import
	if _, err := WriteStatus(&buf, SliceRows(rows), ExportOptions{Location: berlin, Now: exportNow}); err != nil {
		t.Fatal(err)
	}
	r := parse(t, buf.String())
	if len(r.Invalid) != 0 || len(r.Duplicates) != 0 || len(r.Rows) != len(rows) {
		t.Fatalf("rows %d invalid %+v dups %+v", len(r.Rows), r.Invalid, r.Duplicates)
	}
	for i, got := range r.Rows {
		want := rows[i]
		if got.Email != want.Email {
			t.Errorf("row %d email %q, want %q", i, got.Email, want.Email)
		}
		// Titles come back exactly, except that line breaks are LF and edge
		// whitespace (the TAB/CR formula cells) is trimmed.
		wantTitle := strings.TrimSpace(normalizeNewlines(want.Title))
		if got.Title != wantTitle || got.Team != want.TeamName {
			t.Errorf("row %d: title %q team %q, want %q %q", i, got.Title, got.Team, wantTitle, want.TeamName)
		}
	}
}

func TestValidateEmail(t *testing.T) {
	valid := []string{"j@x.com", "first.last+tag@sub.example.co.uk", "o'brien@example.ie", "-x@example.com", "a_b@x-y.org", "x@xn--bcher-kva.example"}
	for _, e := range valid {
		if err := ValidateEmail(e); err != nil {
			t.Errorf("%q rejected: %v", e, err)
		}
	}
	invalid := map[string]string{
		"":                                       "no email",
		"john <j@x.com>":                         "space",
		"j@x":                                    "no dot",
		`"j d"@x.com`:                            "not allowed",
		`"jd"@x.com`:                             "not allowed",
		"j@[1.2.3.4]":                            "not allowed",
		"j@1.2.3.4":                              "ends in a number",
		"j@x.com\u00a0":                          "non-ASCII",
		" j@x.com":                               "space",
		"j@@x.com":                               "more than one @",
		"j@x..com":                               "empty part",
		"j@x.com.":                               "empty part",
		".j@x.com":                               "not a valid",
		"j..k@x.com":                             "not a valid",
		"j@-x.com":                               "starts or ends with -",
		"j@x_y.com":                              "domain contains",
		"@x.com":                                 "nothing before",
		"j@":                                     "nothing after",
		"jx.com":                                 "missing @",
		"bücher@例え.jp":                           "non-ASCII",
		strings.Repeat("a", 65) + "@x.com":       "longer than 64",
		"a@" + strings.Repeat("b", 250) + ".com": "longer than 254",
		"j@x.com(comment)":                       "not allowed",
	}
	for e, want := range invalid {
		err := ValidateEmail(e)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateEmail(%q) = %v, want containing %q", e, err, want)
		}
	}
}

func TestSummary(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("email\n")
	for i := range 150 {
		fmt.Fprintf(&sb, "p%d@example.com\n", i)
	}
	sb.WriteString("bad\nP1@example.com\nworse@\n")
	r := parse(t, sb.String())
	existing := map[string]bool{"p0@example.com": true, "p1@example.com": true, "p2@example.com": true}
	s := Summary(r, func(e string) bool { return existing[e] })
	if len(s.ToInvite) != 147 || len(s.Existing) != 3 {
		t.Errorf("to invite %d existing %d", len(s.ToInvite), len(s.Existing))
	}
	if got, want := s.String(), "147 to invite, 3 already invited, 2 invalid (lines 152, 154), 1 duplicate (line 153)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := Summary(parse(t, "email\na@example.com\n"), nil).String(); got != "1 to invite" {
		t.Errorf("String() = %q", got)
	}
	many := InviteSummary{Duplicates: make([]RowProblem, 7)}
	for i := range many.Duplicates {
		many.Duplicates[i].Line = i + 2
	}
	if got := many.String(); got != "0 to invite, 7 duplicates (lines 2, 3, 4, 5, 6 and 2 more)" {
		t.Errorf("String() = %q", got)
	}
}

func BenchmarkParseRoster20k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("First Name;Last Name;Email;Team;Job Title;Notes\r\n")
	for i := range 20_000 {
		fmt.Fprintf(&sb, "Zoë;O'Brien-%d;zoe.obrien%d@example.com;Ventes;\"Directrice; \"\"Grands\"\" comptes\";%s\r\n", i, i, strings.Repeat("n", 150))
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := ParseRoster(bytes.NewReader(data), ImportOptions{})
		if err != nil || len(r.Rows) != 20_000 {
			b.Fatal(err, len(r.Rows))
		}
	}
}
