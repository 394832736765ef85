package workflow

import (
	"context"
	"testing"

	"github.com/shotdesk/shotdesk/internal/dirfake/bamboofake"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/bamboohr"
	"github.com/shotdesk/shotdesk/internal/sandbox"
	"github.com/shotdesk/shotdesk/internal/sandbox/sandboxtest"
	"github.com/shotdesk/shotdesk/internal/store"
)

// A real target through the use cases: the organization's people in a
// local BambooHR, connected from the form's fields with the base URL from
// the environment; publish, then a second run sends nothing. A wrong key
// stops with words before anything is sent.
func TestPublishToBambooHRThroughTheUseCases(t *testing.T) {
	ctx := context.Background()
	base, srv := sandboxtest.NewTest(t, sandbox.Options{Members: 30, Seed: 6, ImageScale: 0.1})
	d := openDesk(t, t.TempDir(), base, srv.APIKey())
	if _, err := d.Freshen(ctx, false, nil); err != nil {
		t.Fatal(err)
	}
	page, _ := d.Store.People(ctx, store.PeopleQuery{})
	var emails []string
	for _, p := range page.Items {
		if p.MemberID != "" && p.Email != "" {
			emails = append(emails, p.Email)
		}
	}
	fake := bamboofake.New(bamboofake.Options{Employees: bamboofake.Employees(emails...)})
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	env := func(k string) string {
		if k == bamboohr.EnvURL {
			return url
		}
		return ""
	}
	open := func(key string) publish.Target {
		t.Helper()
		target, err := d.OpenTarget(ctx, "bamboohr", TargetSource{Fields: map[string]string{"domain": fake.Domain(), "key": key}, Getenv: env})
		if err != nil {
			t.Fatal(err)
		}
		return target
	}

	if _, err := d.Publish(ctx, open("wrong-key"), PublishRequest{}, nil); KindOf(err) != KindDirectoryRefused {
		t.Fatalf("a wrong key: %v", err)
	}
	if fake.Accepted() != 0 {
		t.Fatalf("%d photos accepted with a wrong key", fake.Accepted())
	}
	out, err := d.Publish(ctx, open(fake.Key()), PublishRequest{}, nil)
	if err != nil || out.Sent == 0 || out.Failed != 0 || out.Sent != out.Plan.Counts[publish.WillChange] {
		t.Fatalf("publish: %+v %v", out.Result, err)
	}
	for _, r := range out.Plan.Rows {
		if r.Status == publish.WillChange {
			if _, ok := fake.Photo(fake.IDOf(r.Email)); !ok {
				t.Fatalf("%s has no photo in BambooHR", r.Email)
			}
		}
	}
	again, err := d.Publish(ctx, open(fake.Key()), PublishRequest{}, nil)
	if err != nil || again.Sent != 0 || again.Plan.Counts[publish.UpToDate] != out.Sent {
		t.Fatalf("second run: %+v %v %v", again.Result, again.Plan.Counts, err)
	}
}
