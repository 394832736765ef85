// Search boxes: when typing turns into a query, and what the query is.

/** searchDelayMs is how long typing must pause before a search runs. */
export const searchDelayMs = 200;

/** minSearchLength: a single character matches nearly everyone, so it does not filter. */
export const minSearchLength = 2;

/** searchTerm is the query a search box's text stands for: trimmed, "" below minSearchLength. */
export function searchTerm(text: string): string {
  const q = text.trim();
  return q.length >= minSearchLength ? q : '';
}

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** cancel drops a call that is still waiting. */
  cancel(): void;
}

/** debounce delays fn until calls have stopped for ms; only the last call's arguments are used. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  d.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return d;
}
