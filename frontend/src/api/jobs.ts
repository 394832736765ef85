import { Cancel, Get } from '../../wailsjs/go/app/JobService';
import { app } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type JobRef = app.JobRef;
export type JobReport = app.JobReport;
export type JobSnapshot = app.JobSnapshot;

/** Progress is one throttled snapshot of a running job (internal/jobs.Progress). */
export interface Progress {
  jobId: string;
  kind: string;
  seq: number;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  phase: string;
  done: number;
  total: number;
  failed: number;
  bytes: number;
}

export function cancelJob(jobId: string): Promise<void> {
  return call(() => Cancel(jobId));
}

export function getJob(jobId: string): Promise<JobSnapshot> {
  return call(() => Get(jobId));
}

/** onJobProgress subscribes to progress snapshots; returns the unsubscribe function. */
export function onJobProgress(handler: (p: Progress) => void): () => void {
  return EventsOn('job:progress', handler);
}

/** onJobDone subscribes to final reports; returns the unsubscribe function. */
export function onJobDone(handler: (r: JobReport) => void): () => void {
  return EventsOn('job:done', handler);
}
