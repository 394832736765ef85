// Job state for the UI. Listeners are registered once at bootstrap (Wails
// does not queue events for late subscribers); snapshots with a seq at or
// below the one already shown are dropped, so a late event never moves a
// progress bar backwards.
import { onJobDone, onJobProgress, type JobReport, type Progress } from '../api/jobs';

export interface JobView {
  progress: Progress;
  report: JobReport | null;
}

export const jobs: Record<string, JobView> = $state({});

/** applyProgress folds one snapshot in; it returns false when the snapshot was stale. */
export function applyProgress(store: Record<string, JobView>, p: Progress): boolean {
  const cur = store[p.jobId];
  if (cur && (cur.report || cur.progress.seq >= p.seq)) return false;
  store[p.jobId] = { progress: p, report: null };
  return true;
}

/** applyReport records a job's final report; it always wins over progress. */
export function applyReport(store: Record<string, JobView>, r: JobReport): void {
  store[r.jobId] = {
    progress: {
      jobId: r.jobId,
      kind: r.kind,
      seq: r.seq,
      state: r.state as Progress['state'],
      phase: r.phase,
      done: r.done,
      total: r.total,
      failed: r.failed,
      bytes: r.bytes,
    },
    report: r,
  };
}

let started = false;

/** listenToJobs wires the job events into the store; call once at startup. */
export function listenToJobs(): void {
  if (started) return;
  started = true;
  onJobProgress((p) => applyProgress(jobs, p));
  onJobDone((r) => applyReport(jobs, r));
}
