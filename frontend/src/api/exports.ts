import { ChooseExportFolder, ExportCSV, ExportFolder, RevealExport, StartFavorites } from '../../wailsjs/go/app/ExportService';
import { app } from '../../wailsjs/go/models';
import { call } from './errors';
import type { JobRef } from './jobs';

export type ExportFolderInfo = app.ExportFolder;
export type ExportResult = app.ExportResult;

export type ArchiveFormat = 'zip' | 'folder';
export type NamingPreset = 'headshotpro' | 'flat-email' | 'flat-email-pfp';

/** exportFolder is where exports go now (chosen in Go; the page never sends a path). */
export function exportFolder(): Promise<ExportFolderInfo> {
  return call(() => ExportFolder());
}

/** chooseExportFolder opens the native folder dialog; `cancelled` when dismissed. */
export function chooseExportFolder(): Promise<ExportFolderInfo> {
  return call(() => ChooseExportFolder());
}

export function startFavorites(teamId: string, format: ArchiveFormat, preset: NamingPreset): Promise<JobRef> {
  return call(() => StartFavorites(app.FavoritesRequest.createFrom({ teamId, format, preset })));
}

/** A list's view for "export this view": its tab, search and order ("" = everyone). */
export interface ExportView {
  tab?: string;
  search?: string;
  hideActioned?: boolean;
  sort?: string;
}

/** exportCSV writes the status CSV (of a view, else everyone) into the export folder, or asks with a save dialog. */
export function exportCSV(teamId: string, chooseLocation = false, view: ExportView = {}): Promise<ExportResult> {
  return call(() =>
    ExportCSV(
      app.ExportCSVRequest.createFrom({
        teamId,
        chooseLocation,
        tab: view.tab ?? '',
        search: view.search ?? '',
        hideActioned: view.hideActioned ?? false,
        sort: view.sort ?? '',
      }),
    ),
  );
}

/** revealExport shows a favorites job's or a CSV export's output in the file manager. */
export function revealExport(id: string): Promise<void> {
  return call(() => RevealExport(id));
}
