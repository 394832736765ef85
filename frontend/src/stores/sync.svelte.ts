// Sync status for the status bar, the offline banner and the Overview.
// `dataVersion` goes up whenever a sync finishes or local data changes, so
// views reload what they show without each one listening to events.
import { onSyncStatus, syncStatus, type SyncStatus } from '../api/sync';
import { onJobDone } from '../api/jobs';

export const sync: { status: SyncStatus | null; dataVersion: number } = $state({ status: null, dataVersion: 0 });

/**
 * applyStatus folds a status in. Views reload (dataVersion goes up) when a
 * sync ends or when the last-sync time moved: events are not queued, so a
 * status fetched later must still tell views that a sync they missed landed.
 */
export function applyStatus(store: { status: SyncStatus | null; dataVersion: number }, s: SyncStatus): void {
  const prev = store.status;
  store.status = s;
  const syncEnded = prev?.state === 'syncing' && s.state !== 'syncing';
  const newData = !!s.lastSync && (prev?.lastSync ?? '') !== s.lastSync;
  if (syncEnded || newData) store.dataVersion++;
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
  // Wails drops events sent before the page subscribed (a sync at start
  // can finish first), so ask once now and then now and again.
  const poll = () =>
    syncStatus()
      .then((s) => applyStatus(sync, s))
      .catch(() => {
        /* the status bar keeps the last known state */
      });
  void poll();
  setInterval(poll, 15000);
}
