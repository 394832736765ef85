package csvio

import (
	"errors"
	"net/mail"
	"strings"
)

// MaxEmailLen is the longest address accepted (RFC 5321 path limit).
const MaxEmailLen = 254

// ValidateEmail reports why email is not an address Shotdesk will send an
// invite to, or nil. It expects the normalised form (domain.NormalizeEmail)
// and checks it exactly: no trimming here, so what is validated is what is
// sent. net/mail.ParseAddress alone is too lenient (it accepts display names,
// dotless domains, quoted local parts and IP literals), so it is one check of
// several. Non-ASCII addresses are refused: whether the hosted invite mailer
// supports SMTPUTF8 or IDN domains is not documented, and a bounced invite is
// invisible to the admin.
func ValidateEmail(email string) error {
	switch {
	case email == "":
		return errors.New("no email")
	case len(email) > MaxEmailLen:
		return errors.New("longer than 254 characters")
	}
	for i := 0; i < len(email); i++ {
		c := email[i]
		switch {
		case c >= 0x80:
			return errors.New("contains non-ASCII characters")
		case c <= ' ' || c == 0x7f:
			return errors.New("contains a space or control character")
		case c == '"' || c == '(' || c == ')' || c == '<' || c == '>' || c == ',' || c == ';' || c == ':' || c == '[' || c == ']' || c == '\\':
			return errors.New("contains a character not allowed in an email address: " + string(c))
		}
	}
	local, domainPart, ok := strings.Cut(email, "@")
	switch {
	case !ok:
		return errors.New("missing @")
	case strings.Contains(domainPart, "@"):
		return errors.New("more than one @")
	case local == "":
		return errors.New("nothing before the @")
	case len(local) > 64:
		return errors.New("the part before the @ is longer than 64 characters")
	case domainPart == "":
		return errors.New("nothing after the @")
	}
	if err := checkDomain(domainPart); err != nil {
		return err
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email {
		return errors.New("not a valid email address")
	}
	return nil
}

func checkDomain(d string) error {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return errors.New("the domain has no dot")
	}
	for _, l := range labels {
		switch {
		case l == "":
			return errors.New("the domain has an empty part (.. or a dot at an end)")
		case len(l) > 63:
			return errors.New("a part of the domain is longer than 63 characters")
		case l[0] == '-' || l[len(l)-1] == '-':
			return errors.New("a part of the domain starts or ends with -")
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return errors.New("the domain contains a character other than letters, digits, - and .")
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return errors.New("the domain ends in a number")
	}
	return nil
}
