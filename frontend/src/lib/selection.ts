// Selecting people in a list: a click toggles one, Shift+click applies the
// clicked box's new state to every row between it and the last one clicked
// (the anchor), as file managers and mail programs do.

/** rangeBetween lists the row indexes from a to b, both included, in order. */
export function rangeBetween(a: number, b: number): number[] {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** emailList is how copied addresses are written: "a@x.com, b@y.com" (mail programs take it as it is). */
export function emailList(emails: string[]): string {
  return emails.filter(Boolean).join(', ');
}
