// Package dirfake starts the local fakes of the directories Shotdesk
// publishes to — Microsoft Graph (graphfake), Google's Directory API
// (googlefake) and BambooHR (bamboofake) — together, on loopback, holding
// one set of people, and says how to point Shotdesk at them: the
// environment variables the command line reads (and the window reads for
// the base URLs). `shotdesk sandbox --directories` uses it, so publishing
// can be tried end to end without a tenant, a Workspace or an HR system.
package dirfake

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shotdesk/shotdesk/internal/dirfake/bamboofake"
	"github.com/shotdesk/shotdesk/internal/dirfake/googlefake"
	"github.com/shotdesk/shotdesk/internal/dirfake/graphfake"
)

// Person is someone in all three directories.
type Person struct {
	Email, Name string
	// OldPhoto: the person starts with a photo in each directory (one to
	// replace, keep and revert to).
	OldPhoto bool
}

// Directories are the three running fakes.
type Directories struct {
	Graph  *graphfake.Server
	Google *googlefake.Server
	Bamboo *bamboofake.Server
	// Env are the variables that point Shotdesk at them, credentials
	// included (these are fakes: nothing here is secret).
	Env map[string]string
	dir string
}

// Start starts the three fakes on loopback holding people (plus a few
// accounts Shotdesk will not know, and the admin Google's service account
// acts as). keyDir receives the Google service account's JSON key (the
// command line reads it from a path).
func Start(people []Person, keyDir string) (*Directories, error) {
	if len(people) == 0 {
		return nil, errors.New("dirfake: no people")
	}
	domain := "example.com"
	if at := strings.LastIndexByte(people[0].Email, '@'); at > 0 {
		domain = people[0].Email[at+1:]
	}
	all := append([]Person(nil), people...)
	for _, extra := range []string{"reception", "it-helpdesk", "board-room"} {
		all = append(all, Person{Email: extra + "@" + domain, Name: extra})
	}
	admin := "shotdesk-admin@" + domain
	d := &Directories{Env: map[string]string{}, dir: keyDir}
	fail := func(err error) (*Directories, error) { d.Close(); return nil, err }

	var graphAccounts []graphfake.Account
	var googleUsers []googlefake.User
	var employees []bamboofake.Employee
	for i, p := range all {
		var old []byte
		if p.OldPhoto {
			old = graphfake.SamplePhoto(256, i)
		}
		graphAccounts = append(graphAccounts, graphfake.Account{UPN: p.Email, Mail: p.Email, DisplayName: p.Name, Photo: old, PhotoType: "image/jpeg"})
		googleUsers = append(googleUsers, googlefake.User{Email: p.Email, Name: p.Name, Photo: old})
		first, last, _ := strings.Cut(p.Name, " ")
		employees = append(employees, bamboofake.Employee{Email: p.Email, FirstName: first, LastName: last, Photo: old})
	}
	googleUsers = append(googleUsers, googlefake.User{Email: admin, Name: "Shotdesk admin", Admin: true})

	d.Graph = graphfake.New(graphfake.Options{}, graphAccounts...)
	if _, err := d.Graph.Start("127.0.0.1:0"); err != nil {
		return fail(fmt.Errorf("start the Graph fake: %w", err))
	}
	sa, err := googlefake.NewServiceAccount("shotdesk@fake-project.iam.gserviceaccount.com")
	if err != nil {
		return fail(err)
	}
	d.Google = googlefake.New(googlefake.Options{Domain: domain, Users: googleUsers, ServiceAccounts: []*googlefake.ServiceAccount{sa}})
	if err := d.Google.Start("127.0.0.1:0"); err != nil {
		return fail(fmt.Errorf("start the Google fake: %w", err))
	}
	d.Bamboo = bamboofake.New(bamboofake.Options{Employees: employees})
	bambooURL, err := d.Bamboo.Start("127.0.0.1:0")
	if err != nil {
		return fail(fmt.Errorf("start the BambooHR fake: %w", err))
	}
	keyFile := filepath.Join(keyDir, "google-service-account.json")
	if err := os.WriteFile(keyFile, sa.JSON(d.Google.TokenURL()), 0o600); err != nil {
		return fail(fmt.Errorf("write the fake service account key: %w", err))
	}
	for k, v := range map[string]string{
		"SHOTDESK_GRAPH_URL": d.Graph.GraphURL(), "SHOTDESK_MS_LOGIN_URL": d.Graph.URL(),
		"SHOTDESK_ENTRA_TENANT": d.Graph.Tenant(), "SHOTDESK_ENTRA_CLIENT_ID": graphfake.DefaultClientID,
		"SHOTDESK_ENTRA_CLIENT_SECRET": graphfake.DefaultClientSecret,
		"SHOTDESK_GOOGLE_ADMIN_URL":    d.Google.URL(), "SHOTDESK_GOOGLE_TOKEN_URL": d.Google.TokenURL(),
		"SHOTDESK_GOOGLE_SA_JSON": keyFile, "SHOTDESK_GOOGLE_ADMIN": admin,
		"SHOTDESK_BAMBOOHR_URL": bambooURL, "SHOTDESK_BAMBOOHR_DOMAIN": d.Bamboo.Domain(), "SHOTDESK_BAMBOOHR_KEY": d.Bamboo.Key(),
	} {
		d.Env[k] = v
	}
	return d, nil
}

// EnvLine is Env as one line of space-separated KEY=VALUE pairs, sorted
// (values never contain spaces).
func (d *Directories) EnvLine() string {
	var pairs []string
	for k, v := range d.Env {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, " ")
}

// Close stops the fakes.
func (d *Directories) Close() {
	if d.Graph != nil {
		d.Graph.Close()
	}
	if d.Google != nil {
		d.Google.Close()
	}
	if d.Bamboo != nil {
		d.Bamboo.Close()
	}
}
