import { describe, expect, it } from 'vitest';
import { modalOpen, nextStop, pushModal } from '../../src/lib/modals';

describe('modal stack', () => {
  it('knows the top-most modal and whether any is open', () => {
    expect(modalOpen()).toBe(false);
    const detail = pushModal();
    expect(detail.isTop()).toBe(true);
    expect(modalOpen()).toBe(true);
    const over = pushModal();
    expect(over.depth).toBe(detail.depth + 1);
    expect(over.isTop()).toBe(true);
    expect(detail.isTop()).toBe(false);
    over.release();
    over.release(); // twice is harmless
    expect(detail.isTop()).toBe(true);
    expect(modalOpen()).toBe(true);
    detail.release();
    expect(modalOpen()).toBe(false);
  });

  it('releasing a lower modal keeps the top one on top', () => {
    const a = pushModal();
    const b = pushModal();
    a.release();
    expect(b.isTop()).toBe(true);
    b.release();
    expect(modalOpen()).toBe(false);
  });
});

describe('Tab order inside a modal', () => {
  it('cycles forwards and backwards and enters from outside at an end', () => {
    expect(nextStop(3, 0, false)).toBe(1);
    expect(nextStop(3, 2, false)).toBe(0);
    expect(nextStop(3, 0, true)).toBe(2);
    expect(nextStop(3, -1, false)).toBe(0);
    expect(nextStop(3, -1, true)).toBe(2);
    expect(nextStop(0, -1, false)).toBe(-1);
  });
});
