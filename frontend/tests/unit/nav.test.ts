import { describe, expect, it } from 'vitest';
import { navItems, viewForShortcut } from '../../src/lib/nav';

describe('navigation', () => {
  it('has the seven sections in order', () => {
    expect(navItems.map((n) => n.label)).toEqual(['Overview', 'Headshots', 'Members', 'Teams', 'Invites', 'Downloads', 'Settings']);
  });

  it('maps Ctrl+1…7 and ignores other keys', () => {
    expect(viewForShortcut('1')).toBe('overview');
    expect(viewForShortcut('7')).toBe('settings');
    expect(viewForShortcut('8')).toBeNull();
    expect(viewForShortcut('f')).toBeNull();
  });
});
