import { describe, expect, it } from 'vitest';
import { addSample, estimate, formatDuration, formatRate, windowMs } from '../../src/lib/rate';

describe('rate', () => {
  it('needs two samples half a second apart', () => {
    expect(estimate([], 10, 0)).toEqual({ bytesPerSec: null, secondsLeft: null });
    const one = addSample([], { at: 0, done: 0, bytes: 0 });
    expect(estimate(one, 10, 100).bytesPerSec).toBeNull();
  });

  it('measures bytes per second and the time left from items per second', () => {
    let s = addSample([], { at: 0, done: 0, bytes: 0 });
    s = addSample(s, { at: 2000, done: 4, bytes: 4 * 1024 * 1024 });
    const e = estimate(s, 10, 2000);
    expect(e.bytesPerSec).toBeCloseTo(2 * 1024 * 1024);
    expect(e.secondsLeft).toBeCloseTo(3);
    expect(formatRate(e.bytesPerSec)).toBe('2.0 MB/s');
  });

  it('keeps only the recent window', () => {
    let s: ReturnType<typeof addSample> = [];
    for (let t = 0; t <= 20000; t += 500) s = addSample(s, { at: t, done: t / 500, bytes: t });
    expect(s[1].at).toBeGreaterThan(20000 - windowMs);
    expect(s.length).toBeLessThanOrEqual(windowMs / 500 + 2);
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('estimating…');
    expect(formatDuration(0.2)).toBe('almost done');
    expect(formatDuration(12.2)).toBe('about 13 s');
    expect(formatDuration(150)).toBe('about 3 min');
    expect(formatDuration(3900)).toBe('about 1 h 5 min');
  });
});
