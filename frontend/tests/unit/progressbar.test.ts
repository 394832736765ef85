import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import ProgressBar from '../../src/components/ProgressBar.svelte';

// Server rendering gives the markup without a DOM: enough to check what
// assistive technology is told.
function attrs(props: { value: number; max: number; label: string; valuetext?: string }): Record<string, string> {
  const { body } = render(ProgressBar, { props });
  const tag = body.match(/<div [^>]*role="progressbar"[^>]*>/)?.[0] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe('ProgressBar', () => {
  it('reports value, min and max while the total is known', () => {
    const a = attrs({ value: 12, max: 40, label: 'Export progress' });
    expect(a['aria-label']).toBe('Export progress');
    expect(a['aria-valuemin']).toBe('0');
    expect(a['aria-valuemax']).toBe('40');
    expect(a['aria-valuenow']).toBe('12');
    expect(a['aria-valuetext']).toBe('12 of 40');
    expect(a.class).not.toContain('indeterminate');
  });

  it('is indeterminate without a total: no aria-valuenow, no made-up 0 %', () => {
    const a = attrs({ value: 7, max: 0, label: 'Sync progress', valuetext: 'counting' });
    expect(a.class).toContain('indeterminate');
    expect(a).not.toHaveProperty('aria-valuenow');
    expect(a).not.toHaveProperty('aria-valuemax');
    expect(a['aria-valuetext']).toBe('counting');
  });

  it('clamps a value past the total', () => {
    expect(attrs({ value: 45, max: 40, label: 'x' })['aria-valuenow']).toBe('40');
  });
});
