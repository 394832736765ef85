package sandbox

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Seed scenario labels. Every person in the demo org is built from one of
// them; GET /_sandbox/scenarios (Server.Scenarios) lists who got which, so
// integration tests can find "the member with two shoots" without guessing.
const (
	scPendingInvite = "pending-invite"       // invited, never signed up
	scRevoked       = "revoked-invite"       // invite revoked before sign-up
	scAccepted      = "accepted-no-upload"   // joined, no model yet (name often null)
	scOnboarding    = "onboarding"           // model created, upload not finished
	scWaiting       = "waiting"              // submitted, queued for training
	scTraining      = "training"             // model status "pending"
	scGenerating    = "generating"           // model status "generatingHeadshots"
	scFailed        = "failed"               // generation failed
	scNoFavorite    = "finished-no-favorite" // active, photos, no favorite picked
	scFavorite      = "finished-favorite"    // active with a loved favorite
	scDeleted       = "deleted"              // model deleted after finishing
	scTwoShoots     = "two-shoots"           // two active models, same e-mail
	scRetryWindow   = "retry-window-closing" // finished 55-59 days ago (60-day retry window)
	scRetention     = "retention-expiring"   // finished 85-89 days ago (90-day retention, INFERRED)
	scShortURL      = "url-expiring"         // photo URLs issued with a 15-minute TTL
	scHostileTitle  = "hostile-title"        // title with / : * ? " < > | etc.
	scEmptyTitle    = "empty-title"          // model title is ""
	scNonASCII      = "non-ascii-name"       // CJK / Greek / Cyrillic / Arabic name
	scWhitelabel    = "whitelabel"           // anonymous model from POST /models (not a member)
)

// shortURLTTL is the URL lifetime of the scUrlExpiring models.
const shortURLTTL = 15 * time.Minute

// guaranteed lists the scenarios the first people get, so that even a
// 60-member org has every lifecycle state and naming hazard at least once.
func guaranteedScenarios() []string {
	g := []string{
		scFavorite, scPendingInvite, scAccepted, scOnboarding, scWaiting, scTraining,
		scGenerating, scFailed, scNoFavorite, scDeleted, scTwoShoots, scRevoked,
		scRetryWindow, scRetryWindow, scRetention, scShortURL, scEmptyTitle,
		scNonASCII, scNonASCII, scNonASCII,
	}
	for range hostileTitles {
		g = append(g, scHostileTitle)
	}
	return g
}

// weighted distribution for everyone after the guaranteed people (per mille).
var scenarioWeights = []struct {
	sc string
	w  int
}{
	{scPendingInvite, 60}, {scRevoked, 15}, {scAccepted, 60}, {scOnboarding, 40},
	{scWaiting, 15}, {scTraining, 20}, {scGenerating, 20}, {scFailed, 15},
	{scNoFavorite, 200}, {scFavorite, 490}, {scDeleted, 20}, {scTwoShoots, 25},
	{scRetryWindow, 10}, {scRetention, 10},
}

// photoSizes are the pixel sizes generated photos come in; weights favour
// the mid sizes so an average favorite is ~1.5-2.5 MB.
var photoSizes = []struct{ w, h, weight int }{
	{1024, 1536, 20}, {1365, 2048, 20}, {1536, 2048, 20}, {2000, 3000, 20}, {2304, 3072, 10}, {3000, 4000, 10},
}

const emailDomain = "northwind.example"

type seeder struct {
	o        *org
	rng      *rand.Rand
	anchor   time.Time
	emails   map[string]int
	hostile  int
	accepted int
}

// seedOrg builds the demo organization. It is a pure function of (members,
// seed, anchor): the same inputs give the same ids, names, statuses and
// times, which is what makes sandbox-backed tests reproducible.
func seedOrg(members int, seed int64, anchor time.Time) *org {
	ids := newIDSource(seed)
	o := newOrg(ids)
	b := &seeder{
		o:      o,
		rng:    rand.New(rand.NewPCG(uint64(seed), 0x5eed_0f_d3a0)),
		anchor: anchor,
		emails: map[string]int{},
	}
	o.uid = ids.token("org_", 12)
	o.name = "Northwind Labs"
	o.website = "https://" + emailDomain
	o.credits = float64(members/5) + 0.25

	nTeams := 5 + b.rng.IntN(4)
	order := b.rng.Perm(len(teamNames))
	for _, i := range order[:nTeams] {
		t := &team{id: ids.token("team_", 6), name: teamNames[i]}
		o.teams = append(o.teams, t)
		o.teamByID[t.id] = t
	}

	g := guaranteedScenarios()
	for i := 0; i < members; i++ {
		sc := ""
		if i < len(g) {
			sc = g[i]
		} else {
			sc = b.pickScenario()
		}
		b.person(sc)
	}
	if members >= 20 {
		b.whitelabel(true, statusOnboarding)
		b.whitelabel(false, statusActive)
	}
	return o
}

func (b *seeder) pickScenario() string {
	n := b.rng.IntN(1000)
	for _, sw := range scenarioWeights {
		if n < sw.w {
			return sw.sc
		}
		n -= sw.w
	}
	return scFavorite
}

// between returns a uniformly random duration in [lo, hi).
func (b *seeder) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(b.rng.Int64N(int64(hi-lo)))
}

func (b *seeder) ago(lo, hi time.Duration) time.Time {
	return b.anchor.Add(-b.between(lo, hi)).Truncate(time.Millisecond)
}

const day = 24 * time.Hour

func (b *seeder) name(sc string) (display, ascii string) {
	if sc == scNonASCII || b.rng.IntN(100) < 2 {
		n := fullNames[b.rng.IntN(len(fullNames))]
		return n.display, n.ascii
	}
	f := firstNames[b.rng.IntN(len(firstNames))]
	l := lastNames[b.rng.IntN(len(lastNames))]
	return f.display + " " + l.display, f.ascii + "." + l.ascii
}

func (b *seeder) email(ascii string) string {
	b.emails[ascii]++
	if n := b.emails[ascii]; n > 1 {
		return fmt.Sprintf("%s%d@%s", ascii, n, emailDomain)
	}
	return ascii + "@" + emailDomain
}

func (b *seeder) teamID() string {
	if b.rng.IntN(100) < 8 {
		return ""
	}
	return b.o.teams[b.rng.IntN(len(b.o.teams))].id
}

func (b *seeder) person(sc string) {
	o := b.o
	display, ascii := b.name(sc)
	inv := &invite{id: o.ids.token("", 20), email: b.email(ascii), teamID: b.teamID()}
	switch sc {
	case scPendingInvite:
		inv.createdAt = b.ago(time.Hour, 40*day)
		o.addInvite(inv)
		return
	case scRevoked:
		inv.createdAt = b.ago(2*day, 60*day)
		inv.revoked = true
		o.addInvite(inv)
		return
	}

	u := &user{
		id:       o.ids.objectID(),
		uid:      o.ids.token("", 28),
		email:    inv.email,
		name:     display,
		jobTitle: jobTitles[b.rng.IntN(len(jobTitles))],
		teamID:   inv.teamID,
		invite:   inv,
	}
	inv.user = u

	title := display
	switch sc {
	case scHostileTitle:
		title = hostileTitles[b.hostile%len(hostileTitles)]
		b.hostile++
	case scEmptyTitle:
		title = ""
	}

	// Each model is described by (status, finishedAt, createdAt); the
	// user's join time and the invite time are placed before the first.
	type shoot struct {
		status   string
		created  time.Time
		finished time.Time
		favorite bool
	}
	var shoots []shoot
	finishedShoot := func(lo, hi time.Duration, fav bool) shoot {
		f := b.ago(lo, hi)
		return shoot{statusActive, f.Add(-b.between(45*time.Minute, 5*time.Hour)), f, fav}
	}
	inProgress := func(status string, lo, hi time.Duration) shoot {
		return shoot{status: status, created: b.ago(lo, hi)}
	}
	switch sc {
	case scAccepted:
		b.accepted++
		if b.accepted == 1 || b.rng.IntN(100) < 40 {
			u.name = "" // joined but never filled in a name
		}
	case scOnboarding:
		shoots = append(shoots, inProgress(statusOnboarding, 10*time.Minute, 5*day))
	case scWaiting:
		shoots = append(shoots, inProgress(statusWaiting, 10*time.Minute, 6*time.Hour))
	case scTraining:
		shoots = append(shoots, inProgress(statusPending, 20*time.Minute, 3*time.Hour))
	case scGenerating:
		shoots = append(shoots, inProgress(statusGenerating, 40*time.Minute, 4*time.Hour))
	case scFailed:
		shoots = append(shoots, inProgress(statusFailed, time.Hour, 3*day))
	case scNoFavorite:
		shoots = append(shoots, finishedShoot(time.Hour, 50*day, false))
	case scDeleted:
		shoots = append(shoots, finishedShoot(2*day, 40*day, b.rng.IntN(2) == 0))
		shoots[0].status = statusDeleted
	case scTwoShoots:
		shoots = append(shoots, finishedShoot(30*day, 50*day, true), finishedShoot(time.Hour, 20*day, true))
	case scRetryWindow:
		shoots = append(shoots, finishedShoot(55*day, 59*day, true))
	case scRetention:
		shoots = append(shoots, finishedShoot(85*day, 89*day, true))
	default: // favorite, url-expiring, hostile/empty title, non-ascii
		shoots = append(shoots, finishedShoot(time.Hour, 50*day, true))
	}

	first := b.ago(time.Hour, 20*day)
	if len(shoots) > 0 {
		first = shoots[0].created
	}
	u.joinedAt = first.Add(-b.between(5*time.Minute, 3*day))
	inv.createdAt = u.joinedAt.Add(-b.between(10*time.Minute, 7*day))
	o.addInvite(inv)
	o.addUser(u)

	for _, s := range shoots {
		t := title
		m := &model{
			id:        o.ids.objectID(),
			uid:       u.uid,
			email:     u.email,
			title:     &t,
			status:    s.status,
			teamID:    u.teamID,
			createdAt: s.created,
			user:      u,
			scenario:  sc,
		}
		if sc == scShortURL {
			m.shortURLTTL = shortURLTTL
		}
		if !s.finished.IsZero() {
			m.finishedAt = s.finished
			b.photos(m, s.favorite)
		}
		if s.status == statusDeleted {
			del := m.finishedAt.Add(b.between(time.Hour, 2*day))
			if del.After(b.anchor) {
				del = b.anchor
			}
			m.deletedAt = del
		}
		o.addModel(m)
	}
}

// whitelabel adds an anonymous model as POST /organization/models creates
// them: no member, no invite, title null.
func (b *seeder) whitelabel(dev bool, status string) {
	o := b.o
	m := &model{
		id:       o.ids.objectID(),
		uid:      o.ids.token("anon_", 10),
		email:    fmt.Sprintf("customer%d@%s", len(o.models)+1, "example.com"),
		status:   status,
		isDev:    dev,
		scenario: scWhitelabel,
	}
	if status == statusActive {
		m.finishedAt = b.ago(2*time.Hour, 10*day)
		m.createdAt = m.finishedAt.Add(-b.between(time.Hour, 3*time.Hour))
		b.photos(m, true)
	} else {
		m.createdAt = b.ago(10*time.Minute, 2*day)
	}
	o.addModel(m)
}

// photos gives a finished model 8-20 photos; some are liked, a few are
// soft-deleted, and with favorite one is loved and becomes the favorite.
func (b *seeder) photos(m *model, favorite bool) {
	n := 8 + b.rng.IntN(13)
	addPhotos(b.o, m, n, m.finishedAt, b.rng)
	if b.rng.IntN(100) < 25 {
		for k := 0; k < 1+b.rng.IntN(2); k++ {
			m.photos[b.rng.IntN(len(m.photos))].status = photoDeleted
		}
	}
	for _, p := range m.photos {
		if p.status == photoActive && b.rng.IntN(100) < 15 {
			p.liked = likedLiked
		}
	}
	if favorite {
		var active []*photo
		for _, p := range m.photos {
			if p.status == photoActive {
				active = append(active, p)
			}
		}
		fav := active[b.rng.IntN(len(active))]
		fav.liked = likedLoved
		m.favorite = fav
	}
}

// addPhotos creates n active photos finished at or just before t. It is
// shared by the seed and by the "finish generation" control.
func addPhotos(o *org, m *model, n int, t time.Time, rng *rand.Rand) {
	for k := 0; k < n; k++ {
		sz := pickSize(rng)
		p := &photo{
			id:        o.ids.objectID(),
			model:     m,
			status:    photoActive,
			liked:     likedNone,
			createdAt: t.Add(-time.Duration(k) * time.Duration(1+rng.IntN(20)) * time.Second).Truncate(time.Millisecond),
			width:     sz.w,
			height:    sz.h,
			seed:      o.ids.uint64(),
		}
		o.addPhoto(p)
	}
}

func pickSize(rng *rand.Rand) struct{ w, h, weight int } {
	total := 0
	for _, s := range photoSizes {
		total += s.weight
	}
	n := rng.IntN(total)
	for _, s := range photoSizes {
		if n < s.weight {
			return s
		}
		n -= s.weight
	}
	return photoSizes[0]
}
