package entra_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shotdesk/shotdesk/internal/dirfake/graphfake"
	"github.com/shotdesk/shotdesk/internal/publish"
	"github.com/shotdesk/shotdesk/internal/publish/entra"
	"github.com/shotdesk/shotdesk/internal/store"
)

// TestPublishRun is a whole run through the core's Runner, a real store
// and kept photos on disk: match, publish (with a 429 storm and every
// token expiring half-way), match again, revert.
func TestPublishRun(t *testing.T) {
	people := graphfake.People(30, "contoso.com", 3) // person0001, 0004, … have a photo
	srv := startFake(t, graphfake.Options{}, people...)
	tg := newTarget(t, configFor(srv), publish.ClientConfig{Sleep: instant})
	st, err := store.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()

	accounts, err := tg.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Shotdesk knows the first 28 people (in lower case, whatever the
	// directory's case), the 28th without a favorite yet, and a new hire
	// the directory does not have; the last two accounts are not in
	// Shotdesk.
	var subjects []publish.Subject
	for i := range 28 {
		s := publish.Subject{MemberID: fmt.Sprintf("m%02d", i), Email: fmt.Sprintf("person%04d@contoso.com", i+1), Name: fmt.Sprintf("Person %d", i+1)}
		if i != 27 {
			s.PhotoID, s.PhotoKey = fmt.Sprintf("ph%02d", i), fmt.Sprintf("ph%02d/648", i)
		}
		subjects = append(subjects, s)
	}
	subjects = append(subjects, publish.Subject{MemberID: "new", Email: "new.hire@contoso.com", PhotoID: "phnew", PhotoKey: "phnew/648"})

	rep := publish.Match(tg.Info(), subjects, accounts, nil, "")
	want := map[publish.Status]int{publish.WillChange: 27, publish.NoFavorite: 1, publish.NotInDirectory: 1, publish.NotInShotdesk: 2}
	for status, n := range want {
		if rep.Counts[status] != n {
			t.Errorf("dry run: %d %s, want %d", rep.Counts[status], status, n)
		}
	}

	// Each person's new photo differs; half-way through, Graph throttles
	// a burst of requests and every token expires.
	var rendered sync.Map // member id → photo bytes
	var renders atomic.Int32
	render := func(_ context.Context, row publish.Row) (publish.Photo, error) {
		if renders.Add(1) == 12 {
			// At most 5: one request may meet all of them (with instant
			// sleeps the workers race), and the client gives up after 6
			// retries, the token renewal counting as one.
			srv.Storm(5, 1)
			srv.ExpireTokens()
		}
		var seed int
		fmt.Sscanf(row.MemberID, "m%d", &seed)
		p := publish.Photo{Data: graphfake.SamplePhoto(entra.Limits.Side, 100+seed), ContentType: "image/jpeg"}
		rendered.Store(row.MemberID, p.Data)
		return p, nil
	}
	kept := publish.Kept{Dir: t.TempDir()}
	var logs syncBuffer
	runner := publish.Runner{Target: tg, Store: st, Kept: kept, Render: render, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	defer func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	}()
	res, err := runner.Publish(ctx, "run1", rep.Rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 27 || res.Failed != 0 {
		failed, _ := st.PublishEntries(ctx, store.PublishQuery{Target: "entra", RunID: "run1"})
		for _, e := range failed {
			if e.Status != store.PublishDone {
				t.Logf("%s: %s", e.Email, e.Error)
			}
		}
		t.Fatalf("sent %d, failed %d; want 27 sent", res.Sent, res.Failed)
	}
	if s := srv.Stats(); s.Throttled < 5 || s.Unauthorized < 1 || s.Token < 2 {
		t.Errorf("the storm or the expiry did not happen: %+v", s)
	}

	oldPhoto := graphfake.SamplePhoto(96, 1) // what People gave every third person
	for _, row := range rep.Rows {
		if row.Status != publish.WillChange {
			continue
		}
		got, ok := srv.Photo(row.AccountID)
		sent, _ := rendered.Load(row.MemberID)
		if !ok || !bytes.Equal(got.Data, sent.([]byte)) {
			t.Errorf("%s: the directory does not have the new photo", row.Email)
			continue
		}
		if err := entra.Limits.Check(publish.Photo{Data: got.Data, ContentType: got.ContentType}); err != nil {
			t.Errorf("%s: %v", row.Email, err)
		}
		if cfg, _, _ := image.DecodeConfig(bytes.NewReader(got.Data)); cfg.Width != 648 || cfg.Height != 648 {
			t.Errorf("%s: %d×%d, want 648×648", row.Email, cfg.Width, cfg.Height)
		}
	}
	entries, err := st.PublishEntries(ctx, store.PublishQuery{Target: "entra", RunID: "run1"})
	if err != nil {
		t.Fatal(err)
	}
	withPrevious := 0
	for _, e := range entries {
		if e.Status != store.PublishDone {
			t.Errorf("%s: logged %s (%s)", e.Email, e.Status, e.Error)
		}
		if e.PreviousHash != "" {
			withPrevious++
			if data, err := kept.Read(e.PreviousHash); err != nil || !bytes.Equal(data, oldPhoto) {
				t.Errorf("%s: the kept previous photo is not the one replaced (%v)", e.Email, err)
			}
		}
	}
	if len(entries) != 27 || withPrevious != 9 {
		t.Errorf("%d entries, %d with a previous photo; want 27 and 9", len(entries), withPrevious)
	}

	// A second look: everyone is up to date, and publishing again sends nothing.
	standing, err := st.StandingPublishes(ctx, "entra")
	if err != nil {
		t.Fatal(err)
	}
	accounts, err = tg.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again := publish.Match(tg.Info(), subjects, accounts, standing, "")
	if again.Counts[publish.WillChange] != 0 || again.Counts[publish.UpToDate] != 27 {
		t.Errorf("second match: %v, want 27 up to date", again.Counts)
	}
	puts := srv.Stats().Put
	if res, err := runner.Publish(ctx, "run2", again.Rows, nil); err != nil || res.Sent != 0 {
		t.Errorf("second publish: %+v, %v", res, err)
	}
	if srv.Stats().Put != puts {
		t.Error("the second publish sent photos")
	}

	// Revert two people: one had a photo (it comes back), one had none
	// (the photo is removed).
	for _, email := range []string{"person0004@contoso.com", "person0005@contoso.com"} {
		list, err := st.PublishEntries(ctx, store.PublishQuery{Target: "entra", Email: email, Standing: true})
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: %d standing entries (%v)", email, len(list), err)
		}
		rr, err := runner.Revert(ctx, "revert-"+email, list, nil)
		if err != nil || rr.Reverted != 1 {
			t.Fatalf("revert %s: %+v, %v", email, rr, err)
		}
	}
	if got, ok := srv.Photo("person0004@contoso.com"); !ok || !bytes.Equal(got.Data, oldPhoto) {
		t.Error("person0004: the previous photo is not back")
	}
	if _, ok := srv.Photo("person0005@contoso.com"); ok {
		t.Error("person0005 had no photo before, but has one after the revert")
	}
	standing, _ = st.StandingPublishes(ctx, "entra")
	if len(standing) != 25 {
		t.Errorf("%d standing publishes after two reverts, want 25", len(standing))
	}
	for _, e := range standing {
		if strings.EqualFold(e.Email, "person0004@contoso.com") {
			t.Error("a reverted publish still stands")
		}
	}
}

// syncBuffer is a bytes.Buffer the run's workers may log into at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
