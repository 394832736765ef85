package workflow

import (
	"context"
	"errors"
	"strings"

	"github.com/shotdesk/shotdesk/internal/store"
)

// Person finds someone in the offline copy by email, member id, model id or
// person key, with words for a miss that say whether a sync could help.
func (d *Desk) Person(ctx context.Context, key string) (store.Person, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return store.Person{}, invalid("Say which member: an email address or a member id.")
	}
	p, err := d.Store.Person(ctx, key)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return store.Person{}, Explain(err, "Reading the offline copy failed")
	}
	if m, merr := d.Store.Model(ctx, key); merr == nil && m.Email != "" {
		if p, err := d.Store.Person(ctx, m.Email); err == nil {
			return p, nil
		}
	}
	if last, lerr := d.Store.LastSync(ctx); lerr == nil && last.IsZero() {
		return store.Person{}, notFound("There is no member “%s”: the offline copy has never been synced. Sync first.", key)
	}
	return store.Person{}, notFound("There is no member “%s” in the offline copy. If they joined recently, sync and try again.", key)
}

// SetActioned marks (or, with on false, unmarks) a person's current shoot
// as actioned: a local marker that sync never overwrites and that is never
// sent to HeadshotPro. key is an email, member id or model id.
func (d *Desk) SetActioned(ctx context.Context, key string, on bool) (store.Person, error) {
	p, err := d.Person(ctx, key)
	if err != nil {
		return p, err
	}
	if p.ModelID == "" {
		who := p.Email
		if who == "" {
			who = p.Name
		}
		return p, invalid("%s has no photo shoot yet, so there is nothing to mark as actioned.", who)
	}
	if err := d.Store.SetActioned(ctx, p.ModelID, on, d.now()); err != nil {
		return p, Explain(err, "Saving the actioned mark failed")
	}
	p.Actioned = on
	return p, nil
}
