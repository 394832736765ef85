import { describe, expect, it } from 'vitest';
import { placeMenu } from '../../src/lib/placement';

const area = { top: 0, left: 220, right: 1024, bottom: 674 };
const menu = { width: 220, height: 300 };

describe('placeMenu', () => {
  it('opens below the button, right edges aligned', () => {
    expect(placeMenu({ top: 100, bottom: 130, left: 600, right: 680 }, menu, area)).toEqual({ top: 134, left: 460 });
  });

  it('flips above a button near the bottom edge', () => {
    const p = placeMenu({ top: 600, bottom: 630, left: 600, right: 680 }, menu, area);
    expect(p.top + menu.height).toBeLessThanOrEqual(600);
    expect(p.top).toBe(600 - 4 - 300);
  });

  it('never slides under the sidebar', () => {
    const p = placeMenu({ top: 100, bottom: 130, left: 240, right: 320 }, menu, area);
    expect(p.left).toBe(228);
  });

  it('never passes the right edge', () => {
    const p = placeMenu({ top: 100, bottom: 130, left: 900, right: 1100 }, menu, area);
    expect(p.left + menu.width).toBeLessThanOrEqual(1024 - 8);
  });

  it('stays inside a window too short for either side', () => {
    const short = { ...area, bottom: 360 };
    const p = placeMenu({ top: 150, bottom: 180, left: 600, right: 680 }, menu, short);
    expect(p.top).toBeGreaterThanOrEqual(8);
    expect(p.top + menu.height).toBeLessThanOrEqual(360 - 8);
  });
});
