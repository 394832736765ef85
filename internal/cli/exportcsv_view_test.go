package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// export-csv --status/--search writes exactly the people `members` lists
// with the same filters.
func TestExportCSVOfAView(t *testing.T) {
	c := newCLIEnv(t, 80)
	out := t.TempDir()
	if code, _, errOut := c.run("sync", "--no-photos"); code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}
	for _, args := range [][]string{{"--status", "invited"}, {"--status", "no-favorite"}, {"--search", "an"}} {
		file := filepath.Join(out, strings.Join(args, "")+".csv")
		code, _, errOut := c.run(append([]string{"export-csv", "--offline", "--out", file}, args...)...)
		if code != ExitOK {
			t.Fatalf("export-csv %v: %d %s", args, code, errOut)
		}
		recs := readStatusCSV(t, file)
		code, js, _ := c.run(append([]string{"members", "--json"}, args...)...)
		var members []memberJSON
		if code != ExitOK || json.Unmarshal([]byte(js), &members) != nil {
			t.Fatalf("members %v: %d", args, code)
		}
		if len(recs) == 0 || len(recs) != len(members) {
			t.Fatalf("%v: %d rows, members lists %d", args, len(recs), len(members))
		}
		for i, m := range members {
			if recs[i][1] != m.Email {
				t.Fatalf("%v: row %d is %s, members has %s", args, i, recs[i][1], m.Email)
			}
		}
	}
	if code, _, errOut := c.run("export-csv", "--offline", "--status", "bogus", "--out", out); code != ExitUsage || !strings.Contains(errOut, "unknown --status") {
		t.Fatalf("bogus status: %d %s", code, errOut)
	}
}
