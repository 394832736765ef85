// This session's exports and the Download Favorites dialog. Job progress
// itself lives in the jobs store; this keeps what the jobs store cannot
// know (team, format, preset) and the CSV exports, which are not jobs.
import { exportCSV, revealExport, type ArchiveFormat, type ExportView, type NamingPreset } from '../api/exports';
import { toAppError } from '../api/errors';

export interface FavoritesRun {
  jobId: string;
  teamName: string; // "" = everyone
  format: ArchiveFormat;
  preset: NamingPreset;
  folder: string;
  startedAt: number;
}

export interface CsvRun {
  id: string;
  path: string;
  rows: number;
  teamName: string;
  at: number;
}

export interface Toast {
  kind: 'ok' | 'error';
  text: string;
  detail?: string;
  revealId?: string;
}

export const downloads: {
  dialogOpen: boolean;
  dialogTeamId: string;
  /** dialogJobId shows that export's progress or result instead of the form. */
  dialogJobId: string | null;
  favorites: FavoritesRun[];
  csvs: CsvRun[];
  toast: Toast | null;
  csvBusy: boolean;
} = $state({ dialogOpen: false, dialogTeamId: '', dialogJobId: null, favorites: [], csvs: [], toast: null, csvBusy: false });

/** openFavorites opens the Download Favorites dialog, scoped to a team if given. */
export function openFavorites(teamId = ''): void {
  downloads.dialogTeamId = teamId;
  downloads.dialogJobId = null;
  downloads.dialogOpen = true;
}

/** showFavoritesRun opens the dialog on one export's progress or result. */
export function showFavoritesRun(jobId: string): void {
  downloads.dialogJobId = jobId;
  downloads.dialogOpen = true;
}

export function closeFavorites(): void {
  downloads.dialogOpen = false;
}

export function recordFavorites(run: FavoritesRun): void {
  downloads.favorites.unshift(run);
}

export function notify(t: Toast | null): void {
  downloads.toast = t;
}

/**
 * exportStatusCSV writes the status CSV (of a list's view when given, else of
 * everyone in the team) and says where it went.
 */
export async function exportStatusCSV(teamId: string, teamName: string, chooseLocation = false, view: ExportView = {}): Promise<void> {
  if (downloads.csvBusy) return;
  downloads.csvBusy = true;
  try {
    const r = await exportCSV(teamId, chooseLocation, view);
    if (r.cancelled) return;
    downloads.csvs.unshift({ id: r.id, path: r.path, rows: r.rows, teamName, at: Date.now() });
    // A note says the copy could not be refreshed first, and how old it is.
    const detail = r.note ? `${r.path} — ${r.note}` : r.path;
    notify({ kind: 'ok', text: `Status CSV saved — ${r.rows.toLocaleString('en-US')} ${r.rows === 1 ? 'row' : 'rows'}`, detail, revealId: r.id });
  } catch (e) {
    notify({ kind: 'error', text: `The CSV was not saved: ${toAppError(e).message}` });
  } finally {
    downloads.csvBusy = false;
  }
}

/** reveal shows an export in the file manager, reporting a failure as a toast. */
export async function reveal(id: string): Promise<void> {
  try {
    await revealExport(id);
  } catch (e) {
    notify({ kind: 'error', text: toAppError(e).message });
  }
}

/** fileName is the last part of a path, for compact display. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
