package csvio

import (
	"strings"
	"unicode/utf8"
)

// isTrigger reports whether a spreadsheet may treat a cell starting with r as
// a formula or split it: OWASP's = + - @ TAB CR, plus the full-width forms,
// which some spreadsheet locales normalise to ASCII before evaluating, plus
// LF: the export writes every line break as CRLF, so a cell starting with LF
// starts with CR in the file.
func isTrigger(r rune) bool {
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// needsPrefix reports whether s, after any leading apostrophes, starts with a
// trigger. Counting the apostrophes too is what makes Unneutralize an exact
// inverse: a cell a human already protected, "'=1", gets a second apostrophe
// and comes back as "'=1" instead of losing its own on a round trip.
func needsPrefix(s string) bool {
	s = strings.TrimLeft(s, "'")
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isTrigger(r)
}

// Neutralize returns s with a leading apostrophe when a spreadsheet could run
// it as a formula; otherwise s itself (no allocation).
func Neutralize(s string) string {
	if !needsPrefix(s) {
		return s
	}
	return "'" + s
}

// Unneutralize undoes Neutralize: it strips one leading apostrophe when the
// rest of s would need one. Used on import so that our own export reads back
// unchanged; an apostrophe a human typed before ordinary text is kept.
func Unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsPrefix(s[1:]) {
		return s[1:]
	}
	return s
}
