package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/jobs"
	"github.com/shotdesk/shotdesk/internal/store"
)

// MaxMailtoLen bounds one mail draft link. Mail programs take about 2,000
// characters from a mailto: link (Outlook on Windows is the strictest), so
// a long list of people is split over several drafts.
const MaxMailtoLen = 2000

// MaxReminders bounds one reminder (the biggest organization's people).
const MaxReminders = 10_000

// MailDraft is one mail draft: a mailto: link with the people in Bcc.
type MailDraft struct {
	URL        string
	Recipients []string
}

// Reminder is a reminder email to people, as mail drafts for the admin's
// own mail program (HeadshotPro's API sends no reminders).
type Reminder struct {
	Subject string
	Drafts  []MailDraft
	People  int // addresses in the drafts
	// Skipped lists addresses left out, with why (not in the offline copy,
	// not a valid address).
	Skipped []jobs.Failure
}

// Reminder builds mail drafts reminding people of their headshot, split so
// that each mailto: link stays under MaxMailtoLen. Every address must be a
// person of the offline copy; the words fit what they have left to do
// when they all share it (accept the invite, start the shoot, pick a
// favorite).
func (d *Desk) Reminder(ctx context.Context, emails []string) (Reminder, error) {
	var r Reminder
	if len(emails) == 0 {
		return r, invalid("Select the people to remind first.")
	}
	if len(emails) > MaxReminders {
		return r, invalid("Remind at most %d people at a time.", MaxReminders)
	}
	seen := map[string]bool{}
	var to []string
	lifecycles := map[domain.Lifecycle]bool{}
	for _, raw := range emails {
		email := domain.NormalizeEmail(raw)
		if seen[email] {
			continue
		}
		seen[email] = true
		if csvio.ValidateEmail(email) != nil {
			r.Skipped = append(r.Skipped, jobs.Failure{Item: strings.TrimSpace(raw), Reason: "not a valid email address"})
			continue
		}
		p, err := d.Store.Person(ctx, email)
		if errors.Is(err, store.ErrNotFound) || (err == nil && p.Email != email) {
			r.Skipped = append(r.Skipped, jobs.Failure{Item: email, Reason: "not in the offline copy"})
			continue
		}
		if err != nil {
			return Reminder{}, Explain(err, "Reading the offline copy failed")
		}
		lifecycles[p.Lifecycle] = true
		to = append(to, email)
	}
	if len(to) == 0 {
		return r, invalid("None of these addresses is a person in the offline copy, so there is nobody to remind.")
	}
	var common domain.Lifecycle
	if len(lifecycles) == 1 {
		for lc := range lifecycles {
			common = lc
		}
	}
	w := reminderWords(common)
	r.Subject, r.People = w.subject, len(to)
	tail := "&subject=" + mailtoEscape(w.subject) + "&body=" + mailtoEscape(w.body)
	const head = "mailto:?bcc="
	var cur []string
	size := len(head) + len(tail)
	flush := func() {
		if len(cur) > 0 {
			r.Drafts = append(r.Drafts, MailDraft{URL: head + strings.Join(escapeAll(cur), ",") + tail, Recipients: cur})
			cur, size = nil, len(head)+len(tail)
		}
	}
	for _, e := range to {
		n := len(mailtoEscape(e))
		if len(cur) > 0 {
			n++ // the comma
		}
		if size+n > MaxMailtoLen {
			flush()
			n = len(mailtoEscape(e))
		}
		cur = append(cur, e)
		size += n
	}
	flush()
	return r, nil
}

// Describe says what opening draft i (1-based) did and how many there are.
func (r Reminder) Describe(i int) string {
	d := r.Drafts[i-1]
	people := plural(len(d.Recipients), "person", "people")
	if len(r.Drafts) == 1 {
		return fmt.Sprintf("A mail draft opened in your mail program with %s in Bcc. Check it and send it from there.", people)
	}
	return fmt.Sprintf("Mail draft %d of %d opened in your mail program with %s in Bcc. Mail programs take about %s characters per draft link, so %s need %d drafts: send each one.",
		i, len(r.Drafts), people, "2,000", plural(r.People, "person", "people"), len(r.Drafts))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

type words struct{ subject, body string }

func reminderWords(lc domain.Lifecycle) words {
	const sign = "\n\nThank you!"
	switch lc {
	case domain.LifecycleInvited:
		return words{"Your team headshot: please accept the HeadshotPro invite",
			"Hi,\n\nYou are invited to take your team headshot with HeadshotPro, and the invite is still waiting. Please open the welcome email from HeadshotPro and follow its link to start. If you cannot find it, reply to this email and I will send it again." + sign}
	case domain.LifecycleJoined:
		return words{"Your team headshot: please upload your photos",
			"Hi,\n\nYou have joined HeadshotPro for your team headshot but have not uploaded your photos yet. Please open your HeadshotPro link (from the welcome email) and upload them; your headshots are generated from them." + sign}
	case domain.LifecycleNoFavorite:
		return words{"Your team headshot: please pick your favorite",
			"Hi,\n\nYour headshots are ready. Please open HeadshotPro and pick your favorite: that is the photo the company will use." + sign}
	}
	return words{"Your team headshot",
		"Hi,\n\nA reminder about your team headshot with HeadshotPro: please open your HeadshotPro link (from the welcome email) and finish the next step there." + sign}
}

// mailtoEscape percent-encodes everything but letters, digits, "-", ".",
// "_" and "@" (RFC 6068 decodes it; spaces are %20, never "+", and the
// characters the desktop's URL opener refuses never appear).
func mailtoEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '@' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func escapeAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = mailtoEscape(s)
	}
	return out
}
