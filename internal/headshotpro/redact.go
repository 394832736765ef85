package headshotpro

import (
	"errors"
	"net/url"
	"strings"
)

// RedactURL returns raw without its query string, fragment and user info.
//
// Signed photo URLs carry their credential in the query (…?signature=…),
// and a URL with user info carries a password, so every URL that goes into
// a log line or an error message passes through here first. Scheme, host and
// path stay: they are what a human needs to tell which request failed.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Unparseable: cut at the first '?' or '#' by hand rather than echo
		// something that may still hold a signature.
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			raw = raw[:i]
		}
		if i := strings.Index(raw, "@"); i >= 0 {
			if j := strings.Index(raw, "://"); j >= 0 && j < i {
				raw = raw[:j+3] + raw[i+1:]
			}
		}
		return raw
	}
	u.RawQuery = ""
	u.ForceQuery = false
	u.Fragment = ""
	u.RawFragment = ""
	u.User = nil
	return u.String()
}

// redactErr rewrites the URL inside any *url.Error in err's chain. net/http
// reports transport failures as *url.Error whose message embeds the full
// request URL, query included; for a signed URL that is a credential.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = RedactURL(ue.URL)
	}
	return err
}
