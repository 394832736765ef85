package workflow

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/shotdesk/shotdesk/internal/csvio"
)

// Links Shotdesk opens outside itself (the browser, the mail program) are
// built here and checked by CheckLink before any front-end opens them: a
// HeadshotPro web page, or a mail draft to people of the offline copy.

// CheckLink refuses any link but the two Shotdesk builds: an https page on
// HeadshotPro's site (MemberPage), and a mail draft with only Bcc, subject
// and body whose addresses are all valid (Reminder vets them against the
// offline copy). The front-ends open nothing else, whoever asks.
func CheckLink(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return invalid("Refusing to open a link Shotdesk did not make.")
	}
	switch u.Scheme {
	case "https":
		if u.Host != headshotProHost || u.User != nil || !strings.HasPrefix(u.Path, "/app/") {
			return invalid("Refusing to open a link outside HeadshotPro.")
		}
		return nil
	case "mailto":
		return checkMailto(raw, u)
	}
	return invalid("Refusing to open a link Shotdesk did not make.")
}

// mailtoChars: what a draft link may contain after escaping (the desktop's
// URL opener refuses shell metacharacters such as ! ( ) ~ and spaces).
var mailtoChars = regexp.MustCompile(`^mailto:\?[A-Za-z0-9%._@,=&-]+$`)

func checkMailto(raw string, u *url.URL) error {
	refuse := invalid("Refusing to open a mail draft Shotdesk did not make.")
	if len(raw) > MaxMailtoLen || u.Opaque != "" || u.Host != "" || u.Fragment != "" || !mailtoChars.MatchString(raw) {
		return refuse
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return refuse
	}
	for k := range q {
		if k != "bcc" && k != "subject" && k != "body" {
			return refuse
		}
	}
	if len(q["bcc"]) != 1 {
		return refuse
	}
	for _, a := range strings.Split(q.Get("bcc"), ",") {
		if csvio.ValidateEmail(a) != nil {
			return refuse
		}
	}
	return nil
}

// Member page actions: what the person wanted when a HeadshotPro page
// opens, for the words that say why and what to do there.
const (
	PageOpen       = "open"        // "Open in HeadshotPro"
	PageRetry      = "retry"       // Give retry
	PageAccessLink = "access-link" // Send access link
	PageRestart    = "restart"     // Restart shoot (a deleted shoot of a managed member)
)

// MemberPageLink is a member's HeadshotPro page and the notice to show.
type MemberPageLink struct {
	// URL is the page to open; "" in the demo organization, whose people
	// are made up and have no page on headshotpro.com.
	URL string
	// Notice says what opened, why on the web (HeadshotPro's public API
	// cannot do it) and what to do there; in the demo, what would happen.
	Notice string
}

// MemberPageFor is MemberPage for an action, with the words to show.
// demo says the Desk holds the built-in demo organization: then nothing is
// to be opened (the ids are made up) and the notice says what would happen.
func (d *Desk) MemberPageFor(ctx context.Context, memberID, action string, demo bool) (MemberPageLink, error) {
	what, ok := pageActions[action]
	if !ok {
		return MemberPageLink{}, invalid("There is no member page action %q.", action)
	}
	target, err := d.MemberPage(ctx, memberID)
	if err != nil {
		return MemberPageLink{}, err
	}
	p, err := d.Person(ctx, strings.TrimSpace(memberID))
	if err != nil {
		return MemberPageLink{}, err
	}
	name := p.Name
	if name == "" {
		name = who(p)
	}
	if demo {
		return MemberPageLink{Notice: "This is the demo organization, so nothing opened: its people are made up and have no page on headshotpro.com. " +
			"With your own organization, " + fmt.Sprintf(what.demo, name)}, nil
	}
	if err := CheckLink(target); err != nil {
		return MemberPageLink{}, err
	}
	return MemberPageLink{URL: target, Notice: fmt.Sprintf(what.real, name)}, nil
}

var pageActions = map[string]struct{ real, demo string }{
	PageOpen: {
		real: "%s’s page opened on headshotpro.com in your browser. Give retry and Send access link are done there: HeadshotPro’s public API has no way to do them from Shotdesk.",
		demo: "this opens %s’s page on headshotpro.com, where Give retry and Send access link are done (HeadshotPro’s public API has no way to do them from Shotdesk).",
	},
	PageRetry: {
		real: "HeadshotPro’s public API cannot give retries, so %s’s page opened on headshotpro.com in your browser. There, choose Give retry and confirm “Delete results and retry”: HeadshotPro resets the shoot and emails them a link to start over. The next sync shows it here.",
		demo: "Give retry opens %s’s page on headshotpro.com (HeadshotPro’s public API cannot give retries). There you choose Give retry and confirm “Delete results and retry”, and HeadshotPro emails them a link to start over.",
	},
	PageAccessLink: {
		real: "HeadshotPro’s public API cannot send access links, so %s’s page opened on headshotpro.com in your browser. There, choose Send access link: HeadshotPro emails them a link that signs them in to their results.",
		demo: "Send access link opens %s’s page on headshotpro.com (HeadshotPro’s public API cannot send access links). There you choose Send access link, and HeadshotPro emails them a link that signs them in to their results.",
	},
	PageRestart: {
		real: "HeadshotPro’s public API cannot restart a deleted shoot, so %s’s page opened on headshotpro.com in your browser. There, choose Restart shoot: HeadshotPro starts a new shoot and sends them a fresh access link (managed members only). The next sync shows it here.",
		demo: "Restart shoot opens %s’s page on headshotpro.com (HeadshotPro’s public API cannot restart a deleted shoot). There you choose Restart shoot, and HeadshotPro starts a new shoot and sends them a fresh access link.",
	},
}
