package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/jobs"
)

// The window's publish flow on the demo directory: targets listed, the
// match report as a job, publish as a job whose Result is the run id, the
// run's people, revert one person, the report exported as CSV.
func TestPublishServiceOnTheDemoDirectory(t *testing.T) {
	a, _ := newTestApp(t)
	s := a.Publish
	targets, err := s.Targets()
	if err != nil || len(targets) == 0 || targets[0].Name != "demo" || !targets[0].Connected || !targets[0].Demo {
		t.Fatalf("targets %+v %v", targets, err)
	}
	if _, err := s.Connect(ConnectTargetRequest{Name: "demo"}); err == nil {
		t.Fatal("connecting the demo directory should say it needs none")
	}

	ref, _ := s.StartPlan(PublishScope{Target: "demo"})
	if rep := waitJob(t, a, ref.JobID); rep.State != jobs.StateSucceeded {
		t.Fatalf("plan: %+v", rep)
	}
	plan, err := s.Plan(ref.JobID)
	if err != nil || plan.Counts["will_change"] == 0 || plan.Side != 648 || len(plan.Rows) == 0 || plan.Rows[0].StatusWords != "Will change" {
		t.Fatalf("plan %+v %v", plan.Counts, err)
	}
	if _, err := s.Plan("nope"); err == nil {
		t.Fatal("an unknown plan id should be not_found")
	}
	a.Export.folder = t.TempDir()
	csv, err := s.ExportReport(ref.JobID)
	if err != nil || csv.Rows != len(plan.Rows) || !strings.HasPrefix(filepath.Base(csv.Path), "publish-demo-") {
		t.Fatalf("report %+v %v", csv, err)
	}
	if _, err := os.Stat(csv.Path); err != nil {
		t.Fatal(err)
	}

	ref, _ = s.StartPublish(PublishScope{Target: "demo"})
	rep := waitJob(t, a, ref.JobID)
	if rep.State != jobs.StateSucceeded || rep.Result == "" || rep.Done != plan.Counts["will_change"] {
		t.Fatalf("publish: %+v", rep)
	}
	runs, err := s.Runs("demo")
	if err != nil || len(runs) != 1 || runs[0].ID != rep.Result || runs[0].Published != rep.Done {
		t.Fatalf("runs %+v %v", runs, err)
	}
	lines, err := s.RunLog("demo", rep.Result)
	if err != nil || len(lines) != rep.Done {
		t.Fatalf("run log %d lines: %v", len(lines), err)
	}
	if _, err := s.StartRevert(RevertRequest{Target: "demo"}); err == nil {
		t.Fatal("a revert of nothing should be refused")
	}
	ref, _ = s.StartRevert(RevertRequest{Target: "demo", Email: lines[0].Email})
	if rev := waitJob(t, a, ref.JobID); rev.State != jobs.StateSucceeded || rev.Result != "1 reverted" {
		t.Fatalf("revert: %+v", rev)
	}
	lines, _ = s.RunLog("demo", rep.Result)
	reverted := 0
	for _, l := range lines {
		if l.Reverted {
			reverted++
		}
	}
	if reverted != 1 {
		t.Fatalf("%d reverted in the run log", reverted)
	}
}
