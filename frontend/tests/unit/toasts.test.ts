import { beforeEach, describe, expect, it } from 'vitest';
import { defaultTimeout, dismissKey, expire, toast, toasts, undoLatest } from '../../src/stores/toasts.svelte';

describe('notices', () => {
  beforeEach(() => {
    toasts.list = [];
  });

  it('a notice with the same key replaces the earlier one', () => {
    toast({ key: 'headshots', text: 'Making the profile picture…', kind: 'busy' });
    toast({ key: 'other', text: 'Copied 3 email addresses' });
    toast({ key: 'headshots', text: 'Saved Downloads/a-pfp.png' });
    expect(toasts.list.map((t) => t.text)).toEqual(['Copied 3 email addresses', 'Saved Downloads/a-pfp.png']);
    dismissKey('other');
    expect(toasts.list).toHaveLength(1);
  });

  it('Undo runs the newest notice’s action once', () => {
    const undone: string[] = [];
    toast({ text: 'A moved to Actioned.', action: { label: 'Undo', run: () => undone.push('a') } });
    toast({ text: 'B moved to Actioned.', action: { label: 'Undo', run: () => undone.push('b') } });
    expect(undoLatest()).toBe(true);
    expect(undoLatest()).toBe(true);
    expect(undoLatest()).toBe(false);
    expect(undone).toEqual(['b', 'a']);
  });

  it('notices go when their time is up, unless held; busy ones stay', () => {
    const a = toast({ text: 'short' });
    toast({ text: 'working…', kind: 'busy' });
    const later = Date.now() + 60_000;
    expire(later, new Set([a]));
    expect(toasts.list).toHaveLength(2);
    expire(later);
    expect(toasts.list.map((t) => t.text)).toEqual(['working…']);
  });

  it('long notices and errors stay longer', () => {
    expect(defaultTimeout({ kind: 'ok', text: 'x'.repeat(300) })).toBeGreaterThan(defaultTimeout({ kind: 'ok', text: 'Saved' }));
    expect(defaultTimeout({ kind: 'error', text: 'Saved' })).toBeGreaterThan(defaultTimeout({ kind: 'ok', text: 'Saved' }));
    expect(defaultTimeout({ kind: 'busy', text: 'Saved' })).toBe(0);
  });
});
