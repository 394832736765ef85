package sandbox

import (
	"slices"
	"strings"
	"time"
)

// The org state is a small in-memory object graph guarded by Server.mu.
// Derived values (invite status, member status) are computed on read from
// the underlying facts, so a lifecycle change made anywhere (API, control
// route, Go method) shows up consistently in every endpoint.

// Model statuses (the ModelStatus enum of openapi.yaml).
const (
	statusOnboarding = "onboarding"
	statusWaiting    = "waiting"
	statusPending    = "pending"
	statusGenerating = "generatingHeadshots"
	statusActive     = "active"
	statusFailed     = "failed"
	statusDeleted    = "deleted"
)

var modelStatuses = []string{statusOnboarding, statusWaiting, statusPending, statusGenerating, statusActive, statusFailed, statusDeleted}

// Member statuses (the MemberStatus enum of openapi.yaml).
const (
	memberAccepted = "accepted"
	memberPending  = "pending"
	memberFinished = "finished"
)

var memberStatuses = []string{memberAccepted, memberPending, memberFinished}

// Photo enums (PhotoStatus and LikedStatus of openapi.yaml).
const (
	photoActive  = "active"
	photoDeleted = "deleted"
	likedNone    = "none"
	likedLiked   = "liked"
	likedLoved   = "loved"
)

var (
	photoStatuses = []string{photoActive, photoDeleted}
	likedStatuses = []string{likedNone, likedLiked, likedLoved}
)

type team struct {
	id   string
	name string
}

// invite is one invitation e-mail. user is set once the invitee signed up.
type invite struct {
	id        string
	email     string // lower-cased
	teamID    string // "" = no team
	createdAt time.Time
	revoked   bool
	user      *user
}

// user is an organization member: someone who accepted an invite.
type user struct {
	id       string
	uid      string
	email    string
	name     string // "" = null in the API
	jobTitle string // not exposed by the API; kept for demo realism
	teamID   string
	joinedAt time.Time
	invite   *invite
	models   []*model // oldest first
}

// model is one photoshoot. user is nil for whitelabel (anonymous) models.
type model struct {
	id         string
	uid        string
	email      string
	title      *string
	status     string
	teamID     string
	isDev      bool
	createdAt  time.Time
	finishedAt time.Time // zero = null
	deletedAt  time.Time
	user       *user
	photos     []*photo // newest first
	favorite   *photo
	scenario   string // seed scenario label, see scenarios.go
	// shortURLTTL > 0 issues this model's photo URLs with a short lifetime
	// (the "results near URL expiry" seed scenario).
	shortURLTTL time.Duration
}

type photo struct {
	id        string
	model     *model
	status    string
	liked     string
	createdAt time.Time
	width     int
	height    int
	seed      uint64 // drives the generated portrait
}

type org struct {
	uid     string
	name    string
	website string
	credits float64

	teams    []*team // creation order, as GET /teams lists them
	teamByID map[string]*team

	invites       []*invite          // newest first
	inviteByEmail map[string]*invite // latest invite per e-mail
	users         []*user            // newest joinedAt first
	userByEmail   map[string]*user
	models        []*model // newest createdAt first
	modelByID     map[string]*model
	photoByID     map[string]*photo

	whitelabel         bool
	pendingInviteLimit int // 0 = unlimited

	ids *idSource
}

func newOrg(ids *idSource) *org {
	return &org{
		teamByID:      map[string]*team{},
		inviteByEmail: map[string]*invite{},
		userByEmail:   map[string]*user{},
		modelByID:     map[string]*model{},
		photoByID:     map[string]*photo{},
		whitelabel:    true,
		ids:           ids,
	}
}

// newer reports whether (t1,id1) sorts before (t2,id2) in newest-first
// order. Ties on the timestamp fall back to the id so that pages stay
// stable even when many records share a creation time.
func newer(t1 time.Time, id1 string, t2 time.Time, id2 string) bool {
	if !t1.Equal(t2) {
		return t1.After(t2)
	}
	return id1 > id2
}

func cmpNewest[T any](key func(T) (time.Time, string)) func(a, b T) int {
	return func(a, b T) int {
		ta, ia := key(a)
		tb, ib := key(b)
		switch {
		case newer(ta, ia, tb, ib):
			return -1
		case newer(tb, ib, ta, ia):
			return 1
		}
		return 0
	}
}

func inviteKey(i *invite) (time.Time, string) { return i.createdAt, i.id }
func userKey(u *user) (time.Time, string)     { return u.joinedAt, u.id }
func modelKey(m *model) (time.Time, string)   { return m.createdAt, m.id }
func photoKey(p *photo) (time.Time, string)   { return p.createdAt, p.id }

// insertNewest inserts v into the newest-first slice s at its sorted place.
func insertNewest[T any](s []T, v T, key func(T) (time.Time, string)) []T {
	i, _ := slices.BinarySearchFunc(s, v, cmpNewest(key))
	return slices.Insert(s, i, v)
}

func (o *org) addInvite(inv *invite) {
	o.invites = insertNewest(o.invites, inv, inviteKey)
	o.inviteByEmail[inv.email] = inv
}

func (o *org) addUser(u *user) {
	o.users = insertNewest(o.users, u, userKey)
	o.userByEmail[u.email] = u
}

func (o *org) addModel(m *model) {
	o.models = insertNewest(o.models, m, modelKey)
	o.modelByID[m.id] = m
	if m.user != nil {
		m.user.models = append(m.user.models, m)
	}
}

func (o *org) addPhoto(p *photo) {
	m := p.model
	m.photos = insertNewest(m.photos, p, photoKey)
	o.photoByID[p.id] = p
}

func (o *org) teamByName(name string) *team {
	for _, t := range o.teams {
		if strings.EqualFold(t.name, name) {
			return t
		}
	}
	return nil
}

// currentModel is the model that represents a member in member and invite
// listings: the newest one that is not deleted, else the newest one.
func (u *user) currentModel() *model {
	for i := len(u.models) - 1; i >= 0; i-- {
		if u.models[i].status != statusDeleted {
			return u.models[i]
		}
	}
	if n := len(u.models); n > 0 {
		return u.models[n-1]
	}
	return nil
}

// memberStatus maps the member's current model to the three member
// statuses (the docs name the statuses, the mapping is our inference). A
// member whose only shoot was deleted counts as accepted: joined, nothing
// finished.
func (u *user) memberStatus() string {
	m := u.currentModel()
	if m == nil {
		return memberAccepted
	}
	switch m.status {
	case statusActive:
		return memberFinished
	case statusDeleted:
		return memberAccepted
	default:
		return memberPending
	}
}

// status derives the V2 invite status (the docs name the statuses, the
// mapping is our inference).
func (i *invite) status() string {
	if i.revoked {
		return "revoked"
	}
	if i.user == nil {
		return "pending"
	}
	m := i.user.currentModel()
	if m == nil {
		return "accepted"
	}
	switch m.status {
	case statusOnboarding:
		return "uploading"
	case statusActive:
		return "completed"
	case statusDeleted:
		return "deleted"
	default: // waiting, pending, generatingHeadshots, failed (auto-restarted)
		return "generating"
	}
}

// moveToTeam sets a person's team on the user, their models and invite.
func (o *org) moveToTeam(email, teamID string) {
	if u := o.userByEmail[email]; u != nil {
		u.teamID = teamID
		for _, m := range u.models {
			m.teamID = teamID
		}
	}
	if inv := o.inviteByEmail[email]; inv != nil {
		inv.teamID = teamID
	}
}
