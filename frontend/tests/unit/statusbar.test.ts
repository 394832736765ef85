import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import StatusBar from '../../src/components/StatusBar.svelte';
import type { SyncStatus } from '../../src/api/sync';

const status = (s: Partial<SyncStatus>) =>
  ({ state: 'idle', online: true, lastSync: '', lastError: '', errorCode: '', needsConfirmation: false, pending: 0, needsAttention: 0, jobId: '', ...s }) as SyncStatus;

function connection(s: SyncStatus, browserOnline = true): string {
  const { body } = render(StatusBar, { props: { status: s, browserOnline, demo: false, version: '1' } });
  return body;
}

describe('StatusBar', () => {
  it('says Online only after a good sync', () => {
    const html = connection(status({}));
    expect(html).toMatch(/data-testid="connection"[^>]*>[\s\S]*Online/);
    expect(html).not.toContain('Sync failed');
  });

  it('never shows a green Online when HeadshotPro answered the last sync with an error', () => {
    const words = 'HeadshotPro had a problem on its side (HTTP 503), so the last sync did not finish.';
    const html = connection(status({ state: 'error', online: true, lastError: words, errorCode: 'offline' }));
    expect(html).toContain('Sync failed');
    expect(html).not.toMatch(/>\s*Online\s*</);
    expect(html).toContain(words);
    expect(html).toMatch(/class="[^"]*failed/);
  });

  it('says Offline when HeadshotPro cannot be reached', () => {
    expect(connection(status({ state: 'offline', online: false }))).toContain('Offline');
    expect(connection(status({}), false)).toContain('Offline');
  });
});
