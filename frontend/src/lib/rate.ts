// Transfer rate and time left for a running job, from its progress
// snapshots. Pure: the dialog feeds it samples and reads the estimate.

export interface Sample {
  at: number; // ms
  done: number;
  bytes: number;
}

export interface Estimate {
  bytesPerSec: number | null; // null until two samples span enough time
  secondsLeft: number | null;
}

/** windowMs is how far back the rate looks: long enough to smooth bursts, short enough to follow changes. */
export const windowMs = 4000;

/** addSample appends a sample and drops those older than the window (keeping one before it). */
export function addSample(samples: Sample[], s: Sample): Sample[] {
  const out = samples.concat(s);
  let first = 0;
  while (first < out.length - 2 && out[first + 1].at <= s.at - windowMs) first++;
  return out.slice(first);
}

/** estimate gives bytes per second over the window and the seconds left for total - done items. */
export function estimate(samples: Sample[], total: number, now: number): Estimate {
  if (samples.length < 2) return { bytesPerSec: null, secondsLeft: null };
  const a = samples[0];
  const b = samples[samples.length - 1];
  const span = (Math.max(now, b.at) - a.at) / 1000;
  if (span < 0.5) return { bytesPerSec: null, secondsLeft: null };
  const bytesPerSec = Math.max(0, (b.bytes - a.bytes) / span);
  const itemsPerSec = (b.done - a.done) / span;
  const left = total - b.done;
  const secondsLeft = total > 0 && itemsPerSec > 0 ? left / itemsPerSec : left <= 0 && total > 0 ? 0 : null;
  return { bytesPerSec, secondsLeft };
}

/** formatRate renders bytes per second as MB/s with one decimal. */
export function formatRate(bytesPerSec: number | null): string {
  if (bytesPerSec === null) return '—';
  return `${(bytesPerSec / (1024 * 1024)).toFixed(1)} MB/s`;
}

/** formatDuration renders seconds left: "about 5 s", "about 2 min", "about 1 h 5 min". */
export function formatDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return 'estimating…';
  if (s < 1) return 'almost done';
  if (s < 60) return `about ${Math.ceil(s)} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `about ${m} min`;
  return `about ${Math.floor(m / 60)} h ${m % 60} min`;
}
