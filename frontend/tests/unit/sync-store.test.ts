import { describe, expect, it } from 'vitest';
import { applyStatus } from '../../src/stores/sync.svelte';
import type { SyncStatus } from '../../src/api/sync';

const status = (state: string): SyncStatus =>
  ({ state, online: true, lastSync: '', lastError: '', needsConfirmation: false, pending: 0, needsAttention: 0, jobId: '' }) as SyncStatus;

describe('sync store', () => {
  it('bumps the data version when a sync ends, not before', () => {
    const store = { status: null as SyncStatus | null, dataVersion: 0 };
    applyStatus(store, status('idle'));
    expect(store.dataVersion).toBe(0);
    applyStatus(store, status('syncing'));
    expect(store.dataVersion).toBe(0);
    applyStatus(store, status('idle'));
    expect(store.dataVersion).toBe(1);
    applyStatus(store, status('syncing'));
    applyStatus(store, status('offline'));
    expect(store.dataVersion).toBe(2);
    expect(store.status?.state).toBe('offline');
  });
});

describe('missed events', () => {
  it('a later status with a newer last sync still makes views reload', () => {
    const store = { status: null as SyncStatus | null, dataVersion: 0 };
    applyStatus(store, { ...status('idle'), lastSync: '' } as SyncStatus);
    expect(store.dataVersion).toBe(0);
    // The syncing/idle events were lost; the next fetched status shows a sync.
    applyStatus(store, { ...status('idle'), lastSync: '2026-11-22T00:00:00Z' } as SyncStatus);
    expect(store.dataVersion).toBe(1);
    applyStatus(store, { ...status('idle'), lastSync: '2026-11-22T00:00:00Z' } as SyncStatus);
    expect(store.dataVersion).toBe(1);
  });
});
