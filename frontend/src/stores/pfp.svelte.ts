// The saved profile picture template, shared by Settings (which edits it)
// and the places that name the PFP's size (member detail, Headshots menu,
// Download Favorites). Loaded once; Settings updates it after a save.
import { pfpTemplate } from '../api/settings';
import { DEFAULT_PFP_TEMPLATE, type PFPTemplateValue } from '../lib/pfpTemplate';

export const savedPFP: { template: PFPTemplateValue; loaded: boolean } = $state({ template: { ...DEFAULT_PFP_TEMPLATE }, loaded: false });

let loading: Promise<void> | null = null;

/** loadSavedPFP fetches the saved template once (again with force). */
export function loadSavedPFP(force = false): Promise<void> {
  if (loading && !force) return loading;
  loading = pfpTemplate()
    .then((t) => {
      savedPFP.template = t;
      savedPFP.loaded = true;
    })
    .catch(() => {
      savedPFP.loaded = true; // the Settings card shows the problem; the labels keep the default
    });
  return loading;
}
