package sandbox

import "strings"

// normalizeEmail trims and lower-cases an address and checks its syntax,
// returning 400 INVALID_EMAIL when it is not a plausible mailbox. The check
// is deliberately practical (dot-atom local part, DNS-style domain with a
// TLD), not full RFC 5322: quoted local parts and IP literals are refused,
// as sign-up forms refuse them. Case-insensitive matching is INFERRED.
func normalizeEmail(raw string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(raw))
	bad := errf(400, codeInvalidEmail, "Invalid email address")
	if len(e) > 254 {
		return "", bad
	}
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || domain == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return "", bad
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "", bad
	}
	for _, c := range local {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune(".!#$%&'*+/=?^_`{|}~-", c)) {
			return "", bad
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", bad
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", bad
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", bad
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 || strings.Trim(tld, "0123456789") == "" {
		return "", bad
	}
	return e, nil
}
