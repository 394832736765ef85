package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shotdesk/shotdesk/internal/config"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/demodir"
	"github.com/shotdesk/shotdesk/internal/store"
)

// TargetField is one setting a publish target needs, as the connect form
// shows it and the command line's environment names it.
type TargetField struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Env   string `json:"env"`
	// Secret fields are never shown again once stored.
	Secret bool `json:"secret"`
	// Multiline: a pasted key file (Google's service-account JSON).
	Multiline bool   `json:"multiline"`
	Help      string `json:"help"`
}

// TargetKind is a kind of directory Shotdesk can publish to.
type TargetKind struct {
	Name   string        `json:"name"`
	Label  string        `json:"label"`
	Fields []TargetField `json:"fields"`
	// Demo: the built-in demo directory (no credentials, nothing real).
	Demo bool `json:"demo"`

	// build makes the target from its fields (already merged with the
	// environment).
	build func(fields map[string]string, getenv func(string) string, cc publish.ClientConfig) (publish.Target, error)
}

// targetKinds lists the directories in the order the window shows them.
// Real targets register themselves in targets_*.go.
var targetKinds = []TargetKind{{Name: demodir.Name, Label: "Demo directory (not real)", Demo: true}}

func registerTarget(k TargetKind) { targetKinds = append(targetKinds, k) }

// TargetKinds lists the directories Shotdesk can publish to.
func TargetKinds() []TargetKind { return slices.Clone(targetKinds) }

// TargetNames lists the names, for usage messages.
func TargetNames() []string {
	var out []string
	for _, k := range targetKinds {
		out = append(out, k.Name)
	}
	return out
}

func targetKind(name string) (TargetKind, error) {
	for _, k := range targetKinds {
		if k.Name == name {
			return k, nil
		}
	}
	return TargetKind{}, invalid("Shotdesk cannot publish to %q; it knows %s.", name, strings.Join(TargetNames(), ", "))
}

// NeedsCredentials says whether target name has settings to load (the
// demo directory has none).
func NeedsCredentials(name string) bool {
	k, err := targetKind(name)
	return err == nil && !k.Demo
}

// TargetSource says where a target's settings come from.
type TargetSource struct {
	Fields map[string]string
	// Getenv reads the environment (the command line, and the URL
	// overrides for tests); nil = none.
	Getenv func(string) string
}

// OpenTarget connects the named target: the demo directory from the
// offline copy's people; the others from fields over the environment.
// Nothing is sent until a use case asks.
func (d *Desk) OpenTarget(ctx context.Context, name string, src TargetSource) (publish.Target, error) {
	k, err := targetKind(name)
	if err != nil {
		return nil, err
	}
	if k.Demo {
		return d.demoDirectory(ctx)
	}
	getenv := src.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	fields := map[string]string{}
	for _, f := range k.Fields {
		if v := strings.TrimSpace(src.Fields[f.Key]); v != "" {
			fields[f.Key] = v
		}
		if v := strings.TrimSpace(getenv(f.Env)); v != "" && f.Env != "" {
			fields[f.Key] = v // the environment wins: scripts and CI
		}
	}
	t, err := k.build(fields, getenv, publish.ClientConfig{Logger: d.Logger})
	if err != nil {
		var we *Error
		if errors.As(err, &we) {
			return nil, we
		}
		return nil, newError(KindInvalidInput, err, "%s cannot be connected: %s", k.Label, sentence(err.Error()))
	}
	return t, nil
}

// demoDirectory is the organization's pretend directory, made once per
// Desk from the offline copy: most members with an email (every ninth is
// left out, so "not in the directory" shows), a few accounts Shotdesk does
// not know, and an old photo for every third person.
func (d *Desk) demoDirectory(ctx context.Context) (publish.Target, error) {
	d.demoMu.Lock()
	defer d.demoMu.Unlock()
	if d.demoDir != nil {
		return d.demoDir, nil
	}
	d.demoDir = demodir.New(d.demoAccounts, func(i int) bool { return i%3 == 0 })
	return d.demoDir, nil
}

func (d *Desk) demoAccounts(ctx context.Context) ([]publish.Account, error) {
	page, err := d.Store.People(ctx, store.PeopleQuery{})
	if err != nil {
		return nil, Explain(err, "Reading the offline copy failed")
	}
	var accounts []publish.Account
	domain := "example.com"
	for i, p := range page.Items {
		if p.MemberID == "" || p.Email == "" {
			continue
		}
		if at := strings.LastIndexByte(p.Email, '@'); at > 0 {
			domain = p.Email[at+1:]
		}
		if i%9 == 8 {
			continue
		}
		accounts = append(accounts, publish.Account{ID: fmt.Sprintf("demo-%04d", len(accounts)+1), Email: p.Email, Name: p.Name})
	}
	for _, extra := range []struct{ local, name string }{{"reception", "Reception desk"}, {"it-helpdesk", "IT helpdesk"}, {"board-room", "Board room"}} {
		accounts = append(accounts, publish.Account{ID: fmt.Sprintf("demo-%04d", len(accounts)+1), Email: extra.local + "@" + domain, Name: extra.name})
	}
	return accounts, nil
}

// TargetCredentials are the stored settings of the targets, one JSON
// object of fields per target in config.TargetSecrets.
type TargetCredentials struct {
	Secrets config.TargetSecrets
}

// Load returns target name's stored fields (empty when none are stored).
func (c TargetCredentials) Load(ctx context.Context, name string) (map[string]string, error) {
	raw, err := c.Secrets.Get(ctx, name)
	if errors.Is(err, config.ErrNoSecret) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, newError(KindInternal, err, "The stored settings of %s cannot be read. Connect it again.", name)
	}
	fields := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		return nil, newError(KindInternal, err, "The stored settings of %s are damaged. Connect it again.", name)
	}
	return fields, nil
}

// Save stores target name's fields (in a file only when inFile: the person
// chose to store them without a keychain).
func (c TargetCredentials) Save(ctx context.Context, name string, fields map[string]string, inFile bool) error {
	raw, err := json.Marshal(fields)
	if err != nil {
		return Explain(err, "Storing the settings failed")
	}
	err = c.Secrets.Set(ctx, name, string(raw), inFile)
	if errors.Is(err, config.ErrNoKeychain) {
		return newError(KindKeychainUnavailable, err, "This computer has no keychain Shotdesk can use, so the credentials were not stored. You can store them in a file only you can read instead.")
	}
	if err != nil {
		return Explain(err, "Storing the credentials failed")
	}
	return nil
}

// Forget deletes target name's stored fields.
func (c TargetCredentials) Forget(ctx context.Context, name string) error {
	if err := c.Secrets.Delete(ctx, name); err != nil {
		return Explain(err, "Removing the stored credentials failed")
	}
	return nil
}
