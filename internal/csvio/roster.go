package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// Default import limits: generous for a roster of
// name, email, team and title (~20,000 such rows fit in 5 MiB), small enough
// that a wrong file (a photo, a database dump) is refused before it is read
// into memory, and the preview stays usable.
const (
	DefaultMaxBytes    = 5 << 20
	DefaultMaxRows     = 20_000
	DefaultMaxColumns  = 256
	DefaultMaxFieldLen = 1024 // runes, for the columns we keep
)

// ImportOptions tune ParseRoster; zero values mean the defaults.
type ImportOptions struct {
	MaxBytes    int64 // raw file size
	MaxRows     int   // non-blank data rows, valid or not
	MaxColumns  int   // header columns
	MaxFieldLen int   // runes in a kept field (name, team, title)
}

func (o ImportOptions) withDefaults() ImportOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
	}
	if o.MaxFieldLen <= 0 {
		o.MaxFieldLen = DefaultMaxFieldLen
	}
	return o
}

// RosterRow is one accepted person. Email is normalised and valid; the
// other fields are trimmed, NFC-normalised text, possibly empty.
type RosterRow struct {
	Line      int // 1-based physical line where the record starts
	Email     string
	FirstName string
	LastName  string
	Name      string // from a "name"/"full name" column
	Team      string
	Title     string
}

// FullName is Name, or "First Last" when the file split the name.
func (r RosterRow) FullName() string {
	if r.Name != "" {
		return r.Name
	}
	return strings.TrimSpace(r.FirstName + " " + r.LastName)
}

// RowProblem is a rejected row: its line, the offending value as found
// (trimmed), and why, in words for the admin.
type RowProblem struct {
	Line   int
	Value  string
	Reason string
}

// Roster is a parsed roster file.
type Roster struct {
	Rows       []RosterRow
	Invalid    []RowProblem // bad or missing email, unreadable CSV, over-long field
	Duplicates []RowProblem // Reason "duplicate of line N" (N: first occurrence)
	Delimiter  rune
	// Header is the header row as found (trimmed); nil for a header-less
	// single column of emails.
	Header []string
	// Ignored lists header columns that map to nothing, for the preview.
	Ignored []string
	// Lines is the number of physical lines in the file.
	Lines int
}

type field int

const (
	fieldEmail field = iota
	fieldFirst
	fieldLast
	fieldName
	fieldTeam
	fieldTitle
	numFields
)

// headerAliases maps a header, lower-cased with everything but letters and
// digits removed ("E-mail Address" → "emailaddress"), to a field.
// "Department" is deliberately not a team alias: HR departments rarely match
// HeadshotPro sub-teams one to one, and a wrong team is worse than none.
var headerAliases = map[string]field{
	"email": fieldEmail, "emailaddress": fieldEmail, "workemail": fieldEmail,
	"workemailaddress": fieldEmail, "mail": fieldEmail,
	"firstname": fieldFirst, "givenname": fieldFirst, "first": fieldFirst, "forename": fieldFirst,
	"lastname": fieldLast, "surname": fieldLast, "familyname": fieldLast, "last": fieldLast,
	"name": fieldName, "fullname": fieldName,
	"team": fieldTeam, "teamname": fieldTeam,
	"title": fieldTitle, "jobtitle": fieldTitle, "position": fieldTitle,
}

var fieldLabels = [numFields]string{"email", "first name", "last name", "name", "team", "title"}

func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseRoster reads an HR roster for bulk invites.
//
// The first non-blank record is the header. Columns are found by alias,
// ignoring case, spaces and punctuation: email (email, e-mail, email address,
// work email, mail), first name (first name, firstname, given name, first,
// forename), last name (last name, lastname, surname, family name, last),
// name (name, full name), team (team, team name) and title (title, job
// title, position). The first column of each kind wins; the others and
// unknown columns are listed in Roster.Ignored. A file whose first record is
// a single cell containing "@" is read as a header-less list of emails.
//
// Every cell is trimmed (Unicode spaces, NBSP and zero-width characters), has
// the apostrophe our own export adds before formula characters removed
// (Unneutralize), and is NFC-normalised. Emails are normalised with
// domain.NormalizeEmail and checked with ValidateEmail. Blank records are
// skipped; a record without an email, with an invalid email, with an
// over-long kept field or that is not valid CSV goes to Invalid; a repeat of
// an earlier email goes to Duplicates. Line numbers are physical lines, so
// they stay right after quoted cells that span lines.
//
// Whole-file problems return an error wrapping one of the Err* values with a
// message for the admin: empty, over MaxBytes / MaxRows / MaxColumns, not
// text, not UTF-8, no email column, unreadable header.
func ParseRoster(r io.Reader, opts ImportOptions) (Roster, error) {
	opts = opts.withDefaults()
	raw, err := io.ReadAll(io.LimitReader(r, opts.MaxBytes+1))
	if err != nil {
		return Roster{}, fmt.Errorf("read roster: %w", err)
	}
	if int64(len(raw)) > opts.MaxBytes {
		return Roster{}, fmt.Errorf("%w: the limit is %s; split the file", ErrTooLarge, sizeText(opts.MaxBytes))
	}
	text, err := decodeText(raw)
	if err != nil {
		return Roster{}, err
	}
	text = normalizeNewlines(text)
	if strings.TrimSpace(text) == "" {
		return Roster{}, fmt.Errorf("%w: there is nothing to import", ErrEmpty)
	}

	p := rosterParser{opts: opts, seen: map[string]int{}}
	p.out.Lines = countLines(text)
	p.out.Delimiter = sniffDelimiter(text)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = p.out.Delimiter
	cr.FieldsPerRecord = -1 // ragged rows are checked per row, not fatal

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// Read resumes after the bad record, so one stray quote costs
			// one row, not the file. An unclosed quote does swallow the rest
			// of the file; it is reported at the line where it opened.
			if p.cols == nil {
				return Roster{}, fmt.Errorf("%w: line %d: %v", ErrBadHeader, pe.StartLine, pe.Err)
			}
			if err := p.count(); err != nil {
				return Roster{}, err
			}
			p.out.Invalid = append(p.out.Invalid, RowProblem{Line: pe.StartLine, Reason: "not valid CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return Roster{}, fmt.Errorf("read roster: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if isBlank(rec) {
			continue
		}
		if p.cols == nil {
			headerless, err := p.header(rec)
			if err != nil {
				return Roster{}, err
			}
			if !headerless {
				continue
			}
		}
		if err := p.count(); err != nil {
			return Roster{}, err
		}
		p.row(line, rec)
	}
	if p.cols == nil {
		return Roster{}, fmt.Errorf("%w: there is nothing to import", ErrEmpty)
	}
	return p.out, nil
}

type rosterParser struct {
	opts ImportOptions
	out  Roster
	cols []int // index per field, -1 when absent; nil until the header is known
	rows int
	seen map[string]int // normalised email → line of first occurrence
}

// header maps the first non-blank record. It reports headerless when the
// record is itself data (a single column of emails).
func (p *rosterParser) header(rec []string) (headerless bool, err error) {
	if len(rec) > p.opts.MaxColumns {
		return false, fmt.Errorf("%w: the header has %d columns; the limit is %d", ErrTooManyCols, len(rec), p.opts.MaxColumns)
	}
	cols := make([]int, numFields)
	for i := range cols {
		cols[i] = -1
	}
	names := make([]string, len(rec))
	var ignored []string
	for i, h := range rec {
		names[i] = cleanCell(h)
		f, ok := headerAliases[headerKey(names[i])]
		if ok && cols[f] < 0 {
			cols[f] = i
		} else if names[i] != "" {
			ignored = append(ignored, names[i])
		}
	}
	if cols[fieldEmail] >= 0 {
		p.cols, p.out.Header, p.out.Ignored = cols, names, ignored
		return false, nil
	}
	if i, ok := singleCell(rec); ok && strings.Contains(rec[i], "@") {
		for f := range cols {
			cols[f] = -1
		}
		cols[fieldEmail] = i
		p.cols = cols
		return true, nil
	}
	return false, fmt.Errorf("%w: the first row must be a header with an Email column (found: %s)",
		ErrNoEmailColumn, quoteList(names, 8))
}

func (p *rosterParser) count() error {
	p.rows++
	if p.rows > p.opts.MaxRows {
		return fmt.Errorf("%w: the limit is %d rows; split the file", ErrTooManyRows, p.opts.MaxRows)
	}
	return nil
}

func (p *rosterParser) row(line int, rec []string) {
	get := func(f field) string {
		i := p.cols[f]
		if i < 0 || i >= len(rec) {
			return ""
		}
		return cleanCell(rec[i])
	}
	raw := get(fieldEmail)
	if raw == "" {
		p.out.Invalid = append(p.out.Invalid, RowProblem{Line: line, Reason: "no email"})
		return
	}
	email := domain.NormalizeEmail(raw)
	if err := ValidateEmail(email); err != nil {
		p.out.Invalid = append(p.out.Invalid, RowProblem{Line: line, Value: raw, Reason: err.Error()})
		return
	}
	row := RosterRow{
		Line: line, Email: email,
		FirstName: get(fieldFirst), LastName: get(fieldLast), Name: get(fieldName),
		Team: get(fieldTeam), Title: get(fieldTitle),
	}
	for f, v := range [...]string{fieldFirst: row.FirstName, fieldLast: row.LastName, fieldName: row.Name, fieldTeam: row.Team, fieldTitle: row.Title} {
		if utf8.RuneCountInString(v) > p.opts.MaxFieldLen {
			p.out.Invalid = append(p.out.Invalid, RowProblem{Line: line, Value: raw,
				Reason: fmt.Sprintf("%s is longer than %d characters", fieldLabels[f], p.opts.MaxFieldLen)})
			return
		}
	}
	// Checked after validation, so a duplicate always points at an accepted
	// row the admin can find in the preview.
	if first, dup := p.seen[email]; dup {
		p.out.Duplicates = append(p.out.Duplicates, RowProblem{Line: line, Value: raw, Reason: fmt.Sprintf("duplicate of line %d", first)})
		return
	}
	p.seen[email] = line
	p.out.Rows = append(p.out.Rows, row)
}

// isEdgeSpace covers what HR exports leave around values: Unicode spaces
// (NBSP included) and the zero-width characters Word and web copies add.
func isEdgeSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

func cleanCell(s string) string {
	s = strings.TrimFunc(s, isEdgeSpace)
	s = strings.TrimFunc(Unneutralize(s), isEdgeSpace)
	return norm.NFC.String(s)
}

func isBlank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimFunc(c, isEdgeSpace) != "" {
			return false
		}
	}
	return true
}

// singleCell returns the index of the only non-blank cell of rec.
func singleCell(rec []string) (int, bool) {
	idx := -1
	for i, c := range rec {
		if strings.TrimFunc(c, isEdgeSpace) == "" {
			continue
		}
		if idx >= 0 {
			return 0, false
		}
		idx = i
	}
	return idx, idx >= 0
}

func quoteList(names []string, max int) string {
	var parts []string
	for _, n := range names {
		if n == "" {
			continue
		}
		if len(parts) == max {
			parts = append(parts, "…")
			break
		}
		if utf8.RuneCountInString(n) > 40 {
			n = string([]rune(n)[:40]) + "…"
		}
		parts = append(parts, fmt.Sprintf("%q", n))
	}
	if len(parts) == 0 {
		return "no column names"
	}
	return strings.Join(parts, ", ")
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
