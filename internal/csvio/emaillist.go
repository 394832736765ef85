package csvio

import (
	"fmt"
	"strings"

	"github.com/shotdesk/shotdesk/internal/domain"
)

// LooksLikeEmailList reports whether pasted text is a plain list of
// addresses rather than a roster with a header: its first non-blank line
// contains an "@" (a header never does).
func LooksLikeEmailList(text string) bool {
	for _, line := range strings.Split(normalizeNewlines(strings.TrimPrefix(text, "\ufeff")), "\n") {
		if strings.TrimFunc(line, isEdgeSpace) == "" {
			continue
		}
		return strings.Contains(line, "@")
	}
	return false
}

// ParseEmailList reads addresses pasted as a list: separated by commas,
// semicolons, tabs or line breaks, as the web dashboard's "Send invite"
// box accepts. Every address is validated like a roster's email column;
// Line is the line of the pasted text it was on. The same limits as
// ParseRoster apply (bytes, rows).
func ParseEmailList(text string, opts ImportOptions) (Roster, error) {
	opts = opts.withDefaults()
	if int64(len(text)) > opts.MaxBytes {
		return Roster{}, fmt.Errorf("%w: the limit is %s; split the list", ErrTooLarge, sizeText(opts.MaxBytes))
	}
	text = normalizeNewlines(strings.TrimPrefix(text, "\ufeff"))
	if strings.TrimFunc(text, isEdgeSpace) == "" {
		return Roster{}, fmt.Errorf("%w: there is nothing to import", ErrEmpty)
	}
	out := Roster{Lines: countLines(text), Delimiter: ','}
	seen := map[string]int{}
	n := 0
	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		for _, tok := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' }) {
			raw := cleanCell(tok)
			if raw == "" {
				continue
			}
			if n++; n > opts.MaxRows {
				return Roster{}, fmt.Errorf("%w: the limit is %d addresses; split the list", ErrTooManyRows, opts.MaxRows)
			}
			email := domain.NormalizeEmail(raw)
			if err := ValidateEmail(email); err != nil {
				out.Invalid = append(out.Invalid, RowProblem{Line: lineNo, Value: raw, Reason: err.Error()})
				continue
			}
			if first, dup := seen[email]; dup {
				out.Duplicates = append(out.Duplicates, RowProblem{Line: lineNo, Value: raw, Reason: fmt.Sprintf("duplicate of line %d", first)})
				continue
			}
			seen[email] = lineNo
			out.Rows = append(out.Rows, RosterRow{Line: lineNo, Email: email})
		}
	}
	return out, nil
}
