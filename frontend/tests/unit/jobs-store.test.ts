import { describe, expect, it } from 'vitest';
import { applyProgress, applyReport, type JobView } from '../../src/stores/jobs.svelte';
import type { Progress, JobReport } from '../../src/api/jobs';

function p(seq: number, done: number): Progress {
  return { jobId: 'job_1', kind: 'demo', seq, state: 'running', phase: 'counting', done, total: 10, failed: 0, bytes: done * 10 };
}

describe('jobs store', () => {
  it('drops stale and duplicate snapshots', () => {
    const store: Record<string, JobView> = {};
    expect(applyProgress(store, p(2, 5))).toBe(true);
    expect(applyProgress(store, p(1, 3))).toBe(false);
    expect(applyProgress(store, p(2, 9))).toBe(false);
    expect(store.job_1.progress.done).toBe(5);
    expect(applyProgress(store, p(3, 6))).toBe(true);
    expect(store.job_1.progress.done).toBe(6);
  });

  it('lets the report win over late progress', () => {
    const store: Record<string, JobView> = {};
    applyProgress(store, p(1, 1));
    const report = { ...p(5, 10), state: 'cancelled', failures: [], startedAt: '', finishedAt: '' } as unknown as JobReport;
    applyReport(store, report);
    expect(store.job_1.report?.state).toBe('cancelled');
    expect(applyProgress(store, p(4, 8))).toBe(false);
    expect(store.job_1.progress.state).toBe('cancelled');
  });
});
