// Notices that show where the person is looking: a region near the bottom of
// the window (Toasts.svelte, aria-live) instead of a line at the top of a
// page that may be scrolled out of view. A notice can carry one action
// (Undo); Ctrl/Cmd+Z runs the newest Undo while it is shown.

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error' | 'busy';
  /** key: a new notice with the same key replaces the old one (one line per screen or task). */
  key?: string;
  action?: ToastAction;
  /** testid names the notice for tests ("headshots-notice"). */
  testid?: string;
  /** ms until it goes away by itself; 0 = stays until replaced or dismissed. */
  timeout: number;
}

export type ToastInput = Omit<Toast, 'id' | 'kind' | 'timeout'> & Partial<Pick<Toast, 'kind' | 'timeout'>>;

export const toasts: { list: Toast[] } = $state({ list: [] });

let seq = 0;
const maxShown = 4;

/** defaultTimeout: errors and notices with an action stay longer; busy ones stay until replaced. */
export function defaultTimeout(t: Pick<Toast, 'kind' | 'action'>): number {
  if (t.kind === 'busy') return 0;
  if (t.kind === 'error' || t.action) return 12000;
  return 7000;
}

/** toast shows a notice and returns its id. */
export function toast(input: ToastInput): number {
  const kind = input.kind ?? 'ok';
  const t: Toast = { ...input, kind, id: ++seq, timeout: input.timeout ?? defaultTimeout({ kind, action: input.action }) };
  const rest = input.key ? toasts.list.filter((x) => x.key !== input.key) : toasts.list;
  toasts.list = [...rest, t].slice(-maxShown);
  return t.id;
}

export function dismissToast(id: number): void {
  toasts.list = toasts.list.filter((t) => t.id !== id);
}

/** dismissKey removes the notice with this key, if any. */
export function dismissKey(key: string): void {
  toasts.list = toasts.list.filter((t) => t.key !== key);
}

/** undoLatest runs the newest notice's Undo, if one is shown; it reports whether there was one. */
export function undoLatest(): boolean {
  const t = [...toasts.list].reverse().find((x) => x.action?.label === 'Undo');
  if (!t?.action) return false;
  dismissToast(t.id);
  t.action.run();
  return true;
}
