// Job state for the UI. Listeners are registered once at bootstrap; snapshots
// with a seq at or below the one already shown are dropped, so a late event
// never moves a progress bar backwards. Wails does not queue events, so one
// sent before the page listened (a sync at start, a page reload) is lost for
// good: views read jobs through trackJob, which asks JobService.Get until the
// job's report is in.
import { getJob, onJobDone, onJobProgress, type JobReport, type JobSnapshot, type Progress } from '../api/jobs';

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
  onJobDone((r) => {
    applyReport(jobs, r);
    stopCatchUp(r.jobId);
  });
}

/** catchUpEveryMs is how often a job without a report is asked for its state. */
export const catchUpEveryMs = 2000;

const catchingUp = new Map<string, ReturnType<typeof setInterval>>();

/** applySnapshot folds a JobService.Get answer in, with the same rules as the events. */
export function applySnapshot(store: Record<string, JobView>, s: JobSnapshot): void {
  if (s.report) {
    if (!store[s.report.jobId]?.report) applyReport(store, s.report);
  } else if (s.progress) {
    applyProgress(store, s.progress as Progress);
  }
}

function stopCatchUp(id: string): void {
  clearInterval(catchingUp.get(id));
  catchingUp.delete(id);
}

function catchUp(id: string): void {
  if (jobs[id]?.report) return stopCatchUp(id);
  getJob(id)
    .then((s) => applySnapshot(jobs, s))
    .catch((e: { code?: string }) => {
      // A job the app no longer knows (from before a restart) never ends.
      if (e?.code === 'not_found') stopCatchUp(id);
    })
    .finally(() => {
      if (jobs[id]?.report) stopCatchUp(id);
    });
}

/**
 * trackJob returns a job's view for the UI (undefined until anything is
 * known) and, until its report is in, makes sure it gets there even if
 * events were missed: it asks JobService.Get now and every catchUpEveryMs.
 * Safe to call from $derived: it starts at most one catch-up per job, which
 * stops itself when the report arrives.
 */
export function trackJob(id: string | null | undefined): JobView | undefined {
  if (!id) return undefined;
  const view = jobs[id];
  if (!view?.report && !catchingUp.has(id)) {
    catchingUp.set(id, setInterval(() => catchUp(id), catchUpEveryMs));
    catchUp(id);
  }
  return view;
}
