import { describe, expect, it } from 'vitest';
import { navItems, viewForShortcut } from '../../src/lib/nav';

describe('navigation', () => {
  it('has the eight sections in order', () => {
    expect(navItems.map((n) => n.label)).toEqual(['Overview', 'Headshots', 'Members', 'Teams', 'Invites', 'Downloads', 'Publish', 'Settings']);
  });

  it('maps Ctrl+1…8 and ignores other keys', () => {
    expect(viewForShortcut('1')).toBe('overview');
    expect(viewForShortcut('7')).toBe('publish');
    expect(viewForShortcut('8')).toBe('settings');
    expect(viewForShortcut('9')).toBeNull();
    expect(viewForShortcut('f')).toBeNull();
  });
});
