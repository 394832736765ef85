import { ConfirmSync, Status, SyncNow } from '../../wailsjs/go/app/SyncService';
import type { app } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type SyncStatus = app.SyncStatus;
export type JobRef = app.JobRef;

export function syncStatus(): Promise<SyncStatus> {
  return call(() => Status());
}

export function syncNow(): Promise<JobRef> {
  return call(() => SyncNow());
}

export function confirmSync(): Promise<JobRef> {
  return call(() => ConfirmSync());
}

/** onSyncStatus subscribes to sync status changes; returns the unsubscribe function. */
export function onSyncStatus(handler: (s: SyncStatus) => void): () => void {
  return EventsOn('sync:status', handler);
}

/** onOrganizationSwitched calls handler when another organization is open (connected, or the demo after signing out). */
export function onOrganizationSwitched(handler: () => void): () => void {
  return EventsOn('app:switched', handler);
}
