// Sync status for the status bar, the offline banner and the Overview.
// `dataVersion` goes up whenever a sync finishes or local data changes, so
// views reload what they show without each one listening to events.
import { onSyncStatus, syncStatus, type SyncStatus } from '../api/sync';
import { onJobDone } from '../api/jobs';

export const sync: { status: SyncStatus | null; dataVersion: number } = $state({ status: null, dataVersion: 0 });

/** applyStatus folds a status in; a sync that just ended bumps dataVersion. */
export function applyStatus(store: { status: SyncStatus | null; dataVersion: number }, s: SyncStatus): void {
  const wasSyncing = store.status?.state === 'syncing';
  store.status = s;
  if (wasSyncing && s.state !== 'syncing') store.dataVersion++;
}

/** dataChanged tells views that local data changed (e.g. marked actioned). */
export function dataChanged(): void {
  sync.dataVersion++;
}

let started = false;

export function listenToSync(): void {
  if (started) return;
  started = true;
  onSyncStatus((s) => applyStatus(sync, s));
  // Photos for offline use are downloaded after a sync, in their own job.
  onJobDone((r) => {
    if (r.kind === 'photos') dataChanged();
  });
  syncStatus()
    .then((s) => {
      if (!sync.status) sync.status = s;
    })
    .catch(() => {
      /* the status bar shows "unknown" until the first event */
    });
}
