// Windowing math for long lists: which rows to render and which pages to
// fetch. Pure functions so they are unit-tested without a DOM.

export interface Window {
  start: number; // first row to render (inclusive)
  end: number; // last row to render (exclusive)
}

/** visibleWindow is the rows in view plus `overscan` rows on each side. */
export function visibleWindow(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): Window {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(total, first + count + overscan) };
}

/** pagesFor lists the page indexes that hold rows start..end-1. */
export function pagesFor(w: Window, pageSize: number): number[] {
  if (w.end <= w.start) return [];
  const out: number[] = [];
  for (let p = Math.floor(w.start / pageSize); p <= Math.floor((w.end - 1) / pageSize); p++) out.push(p);
  return out;
}
