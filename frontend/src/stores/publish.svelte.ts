// The Publish screen's state, kept while the app runs: coming back to the
// screen shows the same directory, the report last checked and the jobs
// still running or just finished (their progress itself lives in the jobs
// store). The scope (target and team) travels with each job, so a report
// is only ever published to the directory and team it was made for.
import type { PublishPlanView } from '../api/publish';
import type { PublishGroup } from '../lib/publish';

export interface PublishScope {
  target: string;
  teamId: string;
}

export interface ScopedJob extends PublishScope {
  jobId: string;
}

export interface RevertJob {
  jobId: string;
  target: string;
  /** runId: the run the revert belongs to (a whole run, or one person of it). */
  runId: string;
  /** email: one person; "" = the whole run. */
  email: string;
}

export interface SavedReport {
  id: string;
  path: string;
  rows: number;
}

export const publishing: {
  /** target: the directory picked ("" until the list is there). */
  target: string;
  /** plan: the latest Check; report: its match report once read. */
  plan: ScopedJob | null;
  report: PublishPlanView | null;
  /** reportScope: the target and team the report was made for. */
  reportScope: PublishScope | null;
  group: PublishGroup;
  publish: ScopedJob | null;
  revert: RevertJob | null;
  /** handled: job ids whose end the screen has acted on (refresh once). */
  handled: string[];
  saved: SavedReport | null;
} = $state({ target: '', plan: null, report: null, reportScope: null, group: 'will_change', publish: null, revert: null, handled: [], saved: null });

/** firstTime marks a job's end as acted on; it returns false when it already was. */
export function firstTime(jobId: string): boolean {
  if (publishing.handled.includes(jobId)) return false;
  publishing.handled = [...publishing.handled.slice(-20), jobId];
  return true;
}

/** sameScope says whether a job or report was made for this target and team. */
export function sameScope(a: PublishScope | null | undefined, target: string, teamId: string): boolean {
  return !!a && a.target === target && a.teamId === teamId;
}
