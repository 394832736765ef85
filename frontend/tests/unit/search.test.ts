import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, searchTerm } from '../../src/lib/search';

describe('searchTerm', () => {
  it('trims and ignores a single character', () => {
    expect(searchTerm('  ana ')).toBe('ana');
    expect(searchTerm('a')).toBe('');
    expect(searchTerm('  ')).toBe('');
    expect(searchTerm('zö')).toBe('zö');
  });
});

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, with the last arguments, after the calls stop', () => {
    const fn = vi.fn();
    const d = debounce(fn, 200);
    d('a');
    vi.advanceTimersByTime(150);
    d('an');
    vi.advanceTimersByTime(150);
    d('ana');
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('ana');
  });

  it('cancel drops the waiting call', () => {
    const fn = vi.fn();
    const d = debounce(fn, 200);
    d('x');
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    d('y');
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledWith('y');
  });
});
