import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobReport, JobSnapshot, Progress } from '../../src/api/jobs';
import { AppError } from '../../src/api/errors';

// JobService.Get, as the store sees it through src/api/jobs.ts.
const getJob = vi.fn<(id: string) => Promise<JobSnapshot>>();
vi.mock('../../src/api/jobs', () => ({
  getJob: (id: string) => getJob(id),
  onJobProgress: () => () => {},
  onJobDone: () => () => {},
}));

const { jobs, trackJob, applyReport, applyProgress, catchUpEveryMs } = await import('../../src/stores/jobs.svelte');

function progress(jobId: string, seq: number, done: number): Progress {
  return { jobId, kind: 'favorites', seq, state: 'running', phase: 'exporting', done, total: 10, failed: 0, bytes: done };
}
function report(jobId: string, seq: number): JobReport {
  return { ...progress(jobId, seq, 10), state: 'succeeded', failures: [], startedAt: '', finishedAt: '', result: '/tmp/x.zip' } as unknown as JobReport;
}
const snapshot = (p: Progress, r?: JobReport) => ({ progress: p, report: r }) as unknown as JobSnapshot;

// Lets the promise chains of one catch-up round settle.
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('trackJob: catching up on missed job events', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    getJob.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('a view that missed every event still gets the progress and then the report', async () => {
    getJob.mockResolvedValueOnce(snapshot(progress('job_late', 4, 6)));
    expect(trackJob('job_late')).toBeUndefined(); // nothing known yet
    await settle();
    expect(getJob).toHaveBeenCalledWith('job_late');
    expect(jobs.job_late.progress.done).toBe(6);
    expect(jobs.job_late.report).toBeNull();

    getJob.mockResolvedValueOnce(snapshot(progress('job_late', 9, 10), report('job_late', 9)));
    await vi.advanceTimersByTimeAsync(catchUpEveryMs);
    expect(jobs.job_late.report?.state).toBe('succeeded');
    expect(jobs.job_late.report?.result).toBe('/tmp/x.zip');

    // Finished: no more questions.
    const calls = getJob.mock.calls.length;
    await vi.advanceTimersByTimeAsync(catchUpEveryMs * 5);
    expect(getJob.mock.calls.length).toBe(calls);
  });

  it('asks once per job however many views track it, and never for a finished job', async () => {
    getJob.mockResolvedValue(snapshot(progress('job_shared', 1, 1)));
    trackJob('job_shared');
    trackJob('job_shared');
    trackJob('job_shared');
    await settle();
    expect(getJob).toHaveBeenCalledTimes(1);

    applyReport(jobs, report('job_done', 3));
    getJob.mockClear();
    expect(trackJob('job_done')?.report?.state).toBe('succeeded');
    await vi.advanceTimersByTimeAsync(catchUpEveryMs * 3);
    expect(getJob).not.toHaveBeenCalledWith('job_done');
    // job_shared's catch-up goes on until its report comes.
    expect(getJob).toHaveBeenCalledWith('job_shared');
    applyReport(jobs, report('job_shared', 2));
    await vi.advanceTimersByTimeAsync(catchUpEveryMs);
    getJob.mockClear();
    await vi.advanceTimersByTimeAsync(catchUpEveryMs * 3);
    expect(getJob).not.toHaveBeenCalled();
  });

  it('an older snapshot never moves progress back; live events and the catch-up agree', async () => {
    applyProgress(jobs, progress('job_live', 7, 7));
    getJob.mockResolvedValueOnce(snapshot(progress('job_live', 5, 5)));
    trackJob('job_live');
    await settle();
    expect(getJob).toHaveBeenCalledWith('job_live');
    expect(jobs.job_live.progress.done).toBe(7);
    expect(jobs.job_live.progress.seq).toBe(7);
  });

  it('stops asking about a job the app does not know', async () => {
    getJob.mockRejectedValue(new AppError('not_found', 'get job_gone: job not found'));
    trackJob('job_gone');
    await settle();
    await vi.advanceTimersByTimeAsync(catchUpEveryMs * 3);
    expect(getJob).toHaveBeenCalledTimes(1);
    expect(jobs.job_gone).toBeUndefined();
  });

  it('keeps asking after a transient error', async () => {
    getJob.mockRejectedValueOnce(new AppError('internal', 'busy'));
    getJob.mockResolvedValueOnce(snapshot(progress('job_flaky', 2, 10), report('job_flaky', 2)));
    trackJob('job_flaky');
    await settle();
    await vi.advanceTimersByTimeAsync(catchUpEveryMs);
    expect(jobs.job_flaky.report?.state).toBe('succeeded');
  });

  it('ignores a missing id', () => {
    expect(trackJob('')).toBeUndefined();
    expect(trackJob(null)).toBeUndefined();
    expect(getJob).not.toHaveBeenCalled();
  });
});
