// The open modal dialogs, bottom to top. Modal.svelte registers itself here
// so that only the top-most one answers Esc and Tab, and so that the shell
// can tell that a dialog is open and keep its shortcuts (Ctrl/Cmd+1…8,
// Ctrl/Cmd+D, Ctrl/Cmd+F) from acting on the screen behind it.

export interface ModalEntry {
  /** depth is 1 for the first modal, 2 for one opened over it… */
  readonly depth: number;
  isTop(): boolean;
  /** release removes the entry; calling it twice is harmless. */
  release(): void;
}

const stack: symbol[] = [];

/** pushModal registers a modal that has just opened. */
export function pushModal(): ModalEntry {
  const id = Symbol('modal');
  stack.push(id);
  return {
    depth: stack.length,
    isTop: () => stack[stack.length - 1] === id,
    release: () => {
      const i = stack.indexOf(id);
      if (i >= 0) stack.splice(i, 1);
    },
  };
}

/** modalOpen says whether any modal dialog is open. */
export function modalOpen(): boolean {
  return stack.length > 0;
}

const focusableSelector = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/**
 * tabStops lists the elements Tab visits inside root, in document order:
 * enabled, rendered, and one stop per radio group (the checked radio, as
 * the browser does).
 */
export function tabStops(root: Element): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter(
    (el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0 && !el.closest('[inert]'),
  );
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name || el.checked) return true;
    const group = all.filter((o) => o instanceof HTMLInputElement && o.type === 'radio' && o.name === el.name);
    const checked = group.some((o) => (o as HTMLInputElement).checked);
    return !checked && group[0] === el;
  });
}

/** nextStop is the index Tab (or Shift+Tab) moves to; from outside the list it enters at an end. */
export function nextStop(count: number, current: number, back: boolean): number {
  if (count === 0) return -1;
  if (current < 0) return back ? count - 1 : 0;
  return back ? (current - 1 + count) % count : (current + 1) % count;
}
