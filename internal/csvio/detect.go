package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors ParseRoster wraps; the wrapping message is written for the admin.
var (
	ErrEmpty         = errors.New("roster file is empty")
	ErrTooLarge      = errors.New("roster file is too large")
	ErrTooManyRows   = errors.New("roster has too many rows")
	ErrTooManyCols   = errors.New("roster has too many columns")
	ErrNotText       = errors.New("roster file is not a text file")
	ErrEncoding      = errors.New("roster file is not UTF-8")
	ErrNoEmailColumn = errors.New("roster has no email column")
	ErrBadHeader     = errors.New("roster header row is not valid CSV")
)

const saveAsHint = `save it from Excel as "CSV UTF-8 (Comma delimited)" and try again`

// decodeText turns the raw file into UTF-8 text without a BOM. UTF-16 is
// accepted only with a BOM (Excel's "Unicode Text" always writes one);
// without a BOM its NUL bytes make it look binary, and the message says how
// to re-save. Invalid UTF-8 is rejected rather than guessed as Windows-1252,
// since a wrong guess silently corrupts names.
func decodeText(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if !utf8.Valid(b) {
			return "", invalidUTF8(b)
		}
		s = string(b)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		var err error
		if s, err = decodeUTF16(b[2:], false); err != nil {
			return "", err
		}
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		var err error
		if s, err = decodeUTF16(b[2:], true); err != nil {
			return "", err
		}
	default:
		if i := bytes.IndexByte(b, 0); i >= 0 {
			return "", fmt.Errorf("%w: it contains NUL bytes (line %d); if it is a spreadsheet, %s",
				ErrNotText, lineAt(string(b[:i])), saveAsHint)
		}
		if !utf8.Valid(b) {
			return "", invalidUTF8(b)
		}
		s = string(b)
	}
	// A DOS end-of-file marker is harmless; anything else below space other
	// than TAB, LF, CR, VT and FF means this is not a CSV someone exported.
	s = strings.TrimRight(s, "\x1a")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' || c == 0x7f {
			return "", fmt.Errorf("%w: it contains control characters (line %d); %s",
				ErrNotText, lineAt(s[:i]), saveAsHint)
		}
	}
	return s, nil
}

func invalidUTF8(b []byte) error {
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	return fmt.Errorf("%w: line %d has characters in another encoding; %s",
		ErrEncoding, lineAt(string(b[:i])), saveAsHint)
}

func decodeUTF16(b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", fmt.Errorf("%w: the UTF-16 text has an odd number of bytes; %s", ErrEncoding, saveAsHint)
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	var sb strings.Builder
	sb.Grow(len(units))
	for i := 0; i < len(units); i++ {
		u := units[i]
		var r rune
		switch {
		case u == 0:
			return "", fmt.Errorf("%w: it contains NUL characters (line %d); %s", ErrNotText, lineAt(sb.String()), saveAsHint)
		case utf16.IsSurrogate(rune(u)):
			if i+1 < len(units) {
				r = utf16.DecodeRune(rune(u), rune(units[i+1]))
			}
			if r == 0 || r == utf8.RuneError {
				return "", fmt.Errorf("%w: broken UTF-16 at line %d; %s", ErrEncoding, lineAt(sb.String()), saveAsHint)
			}
			i++
		default:
			r = rune(u)
		}
		sb.WriteRune(r)
	}
	return sb.String(), nil
}

// lineAt is the 1-based line number of the position just after prefix, with
// CRLF, LF and a lone CR each ending one line (as normalizeNewlines does).
func lineAt(prefix string) int {
	return 1 + strings.Count(prefix, "\n") + strings.Count(prefix, "\r") - strings.Count(prefix, "\r\n")
}

// normalizeNewlines makes every line end in LF. encoding/csv understands
// CRLF and LF but keeps a lone CR (classic Mac, some Excel for Mac exports)
// as data, which would merge the whole file into one record.
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// countLines is the number of physical lines in LF-normalised text.
func countLines(s string) int {
	if s == "" {
		return 0
	}
	n := strings.Count(s, "\n")
	if !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}

// sniffDelimiter picks ',', ';' or TAB, whichever occurs most often outside
// quotes on the first non-blank line (the header). Ties go in that order;
// a line with none of them (a single column) gets ','.
func sniffDelimiter(s string) rune {
	// Skip leading blank lines.
	for {
		line, rest, found := strings.Cut(s, "\n")
		if strings.TrimSpace(line) != "" || !found {
			break
		}
		s = rest
	}
	var comma, semi, tab int
	inQuotes := false
scan:
	for i := 0; i < len(s) && i < 1<<16; i++ {
		switch s[i] {
		case '"':
			inQuotes = !inQuotes // "" inside quotes toggles twice: still inside
		case '\n':
			if !inQuotes {
				break scan
			}
		case ',':
			if !inQuotes {
				comma++
			}
		case ';':
			if !inQuotes {
				semi++
			}
		case '\t':
			if !inQuotes {
				tab++
			}
		}
	}
	switch {
	case comma >= semi && comma >= tab:
		return ','
	case semi >= tab:
		return ';'
	default:
		return '\t'
	}
}
