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
  /** until is when it goes (Date.now() based; 0 = never); pointing at it postpones it. */
  until: number;
}

export type ToastInput = Omit<Toast, 'id' | 'kind' | 'timeout' | 'until'> & Partial<Pick<Toast, 'kind' | 'timeout'>>;

export const toasts: { list: Toast[] } = $state({ list: [] });

let seq = 0;
const maxShown = 4;

/**
 * defaultTimeout: long enough to read (a second per ~15 characters on top of
 * a base), longer for errors and notices with an action; busy ones stay
 * until replaced.
 */
export function defaultTimeout(t: Pick<Toast, 'kind' | 'action' | 'text'>): number {
  if (t.kind === 'busy') return 0;
  const base = t.kind === 'error' || t.action ? 10000 : 5000;
  return Math.min(base + Math.round((t.text.length / 15) * 1000), 30000);
}

/** toast shows a notice and returns its id. */
export function toast(input: ToastInput): number {
  const kind = input.kind ?? 'ok';
  const timeout = input.timeout ?? defaultTimeout({ kind, action: input.action, text: input.text });
  const t: Toast = { ...input, kind, id: ++seq, timeout, until: timeout > 0 ? Date.now() + timeout : 0 };
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

/** expire removes the notices whose time is up, except those listed (pointed at). */
export function expire(now: number, keep: Set<number> = new Set()): void {
  if (toasts.list.some((t) => t.until > 0 && t.until <= now && !keep.has(t.id))) {
    toasts.list = toasts.list.filter((t) => t.until === 0 || t.until > now || keep.has(t.id));
  }
}

/** postpone gives a notice at least ms more, after the pointer or focus left it. */
export function postpone(id: number, ms: number): void {
  const t = toasts.list.find((x) => x.id === id);
  if (t && t.until > 0) t.until = Math.max(t.until, Date.now() + ms);
}
