import { describe, expect, it } from 'vitest';
import { pagesFor, visibleWindow } from '../../src/lib/virtual';

describe('virtual list windowing', () => {
  it('renders only what is in view plus overscan', () => {
    expect(visibleWindow(0, 560, 56, 10000, 8)).toEqual({ start: 0, end: 19 });
    const w = visibleWindow(56 * 5000, 560, 56, 10000, 8);
    expect(w).toEqual({ start: 4992, end: 5019 });
    expect(w.end - w.start).toBeLessThan(40);
  });

  it('clamps at the ends and handles empty lists', () => {
    expect(visibleWindow(56 * 9999, 560, 56, 10000, 8)).toEqual({ start: 9991, end: 10000 });
    expect(visibleWindow(100, 560, 56, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleWindow(-50, 560, 56, 3, 8)).toEqual({ start: 0, end: 3 });
  });

  it('lists the pages a window needs', () => {
    expect(pagesFor({ start: 0, end: 19 }, 200)).toEqual([0]);
    expect(pagesFor({ start: 190, end: 215 }, 200)).toEqual([0, 1]);
    expect(pagesFor({ start: 400, end: 400 }, 200)).toEqual([]);
  });
});
