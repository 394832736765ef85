// Pure formatting helpers; no binding imports here.

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** formatBytes renders a byte count with one decimal above 1 KB: 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** percent of done in total, clamped to 0..100; 0 when total is unknown. */
export function percent(done: number, total: number): number {
  if (!total || total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/** formatCount adds thousands separators: 10000 → "10,000". */
export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-US').format(n);
}

/** formatCredits shows whole credits without decimals and fractional ones with two. */
export function formatCredits(n: number): string {
  return Number.isInteger(n) ? formatCount(n) : n.toFixed(2);
}

/** ago says how long ago a time was, for "last sync" and data age. */
export function ago(then: Date | null, now: Date = new Date()): string {
  if (!then) return 'never';
  const s = Math.round((now.getTime() - then.getTime()) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** parseTime turns an RFC 3339 string ("" = none) into a Date or null. */
export function parseTime(s: string | undefined | null): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** shortDate renders an RFC 3339 string as "21 Nov 2026"; "" stays "". */
export function shortDate(s: string | undefined | null): string {
  const d = parseTime(s);
  return d ? d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '';
}

/** initials of a name or email, for avatar placeholders. */
export function initials(nameOrEmail: string): string {
  const base = nameOrEmail.includes('@') && !nameOrEmail.includes(' ') ? nameOrEmail.split('@')[0].replace(/[._-]+/g, ' ') : nameOrEmail;
  const parts = base.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = [...parts[0]][0] ?? '';
  const last = parts.length > 1 ? ([...parts[parts.length - 1]][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** shortDateTime renders an RFC 3339 string as "21 Nov 2026, 14:05" in local time; "" stays "". */
export function shortDateTime(s: string | undefined | null): string {
  const d = parseTime(s);
  if (!d) return '';
  return `${shortDate(s)}, ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}
