// Pure helpers of the Publish screen: the match report's groups, the rows of
// one group, the words for results and reverts. No binding imports here.

/** The match report's groups, in the order Go reports them (publish.Statuses). */
export type PublishGroup = 'will_change' | 'up_to_date' | 'no_favorite' | 'not_in_directory' | 'not_in_shotdesk';

export interface GroupInfo {
  id: PublishGroup;
  label: string;
  /** hint says what happens to these people when you publish. */
  hint: string;
}

export const publishGroups: GroupInfo[] = [
  { id: 'will_change', label: 'Will change', hint: 'get their new profile picture when you publish' },
  { id: 'up_to_date', label: 'Already up to date', hint: 'the directory has this photo from Shotdesk' },
  { id: 'no_favorite', label: 'No favorite yet', hint: 'in the directory, no favorite picked: left alone' },
  { id: 'not_in_directory', label: 'Not in the directory', hint: 'a favorite, but no account with their email' },
  { id: 'not_in_shotdesk', label: 'Only in the directory', hint: 'accounts Shotdesk does not know: left alone' },
];

export type Counts = Record<string, number>;

/** count reads a group's count; a group Go left out is 0. */
export function count(counts: Counts | null | undefined, group: PublishGroup): number {
  return counts?.[group] ?? 0;
}

/** firstGroup is the group to show first: who will change, else the first group with anyone in it. */
export function firstGroup(counts: Counts | null | undefined): PublishGroup {
  if (count(counts, 'will_change') > 0) return 'will_change';
  return publishGroups.find((g) => count(counts, g.id) > 0)?.id ?? 'will_change';
}

/** What the report as a whole says, for its empty and finished states. */
export type ReportState = 'empty' | 'no-favorites' | 'all-up-to-date' | 'nothing-to-send' | 'ready';

export function reportState(counts: Counts | null | undefined): ReportState {
  const total = publishGroups.reduce((n, g) => n + count(counts, g.id), 0);
  if (total === 0) return 'empty';
  if (count(counts, 'will_change') > 0) return 'ready';
  const withFavorite = count(counts, 'up_to_date') + count(counts, 'not_in_directory');
  if (withFavorite === 0 && count(counts, 'no_favorite') + count(counts, 'not_in_shotdesk') > 0) return 'no-favorites';
  if (count(counts, 'up_to_date') > 0) return 'all-up-to-date';
  return 'nothing-to-send';
}

export interface ReportRow {
  status: string;
  email: string;
  name: string;
  team: string;
}

/**
 * rowsOf lists the rows of one group that match a search (email, name or
 * team, case-insensitive), at most limit of them, with how many match.
 */
export function rowsOf<R extends ReportRow>(rows: readonly R[] | null | undefined, group: PublishGroup, search = '', limit = 500): { items: R[]; total: number } {
  const q = search.trim().toLowerCase();
  const items: R[] = [];
  let total = 0;
  for (const r of rows ?? []) {
    if (r.status !== group) continue;
    if (q && !`${r.email}\n${r.name}\n${r.team}`.toLowerCase().includes(q)) continue;
    total++;
    if (items.length < limit) items.push(r);
  }
  return { items, total };
}

/** people is "1 person" or "N people", with thousands separators. */
export function people(n: number): string {
  return `${new Intl.NumberFormat('en-US').format(n)} ${n === 1 ? 'person' : 'people'}`;
}

/** A job's final report, as far as these words need it. */
export interface FinishedJob {
  state: string;
  done: number;
  failed: number;
  error?: string;
}

/** publishOutcome is the one line a finished publish job ends with: "N published, M failed", and why it stopped. */
export function publishOutcome(r: FinishedJob): string {
  const sent = Math.max(0, r.done - r.failed);
  const counts = `${new Intl.NumberFormat('en-US').format(sent)} published, ${new Intl.NumberFormat('en-US').format(r.failed)} failed`;
  if (r.state === 'cancelled') return `Cancelled: ${counts}. What was published can be reverted from History.`;
  if (r.state === 'failed') return `${r.error || 'Publishing stopped'} (${counts})`;
  return counts;
}

/** revertOutcome is the line a finished revert job ends with. */
export function revertOutcome(r: FinishedJob): string {
  const back = Math.max(0, r.done - r.failed);
  const counts = `${new Intl.NumberFormat('en-US').format(back)} reverted${r.failed ? `, ${new Intl.NumberFormat('en-US').format(r.failed)} not reverted` : ''}`;
  if (r.state === 'cancelled') return `Cancelled: ${counts}.`;
  if (r.state === 'failed') return `${r.error || 'Reverting stopped'} (${counts})`;
  return counts;
}

/** revertEffect says what reverting one person does, from whether a previous photo was kept. */
export function revertEffect(hadPhoto: boolean): string {
  return hadPhoto ? 'puts back their previous photo' : 'removes the photo (they had none)';
}

export interface LogLine {
  status: string;
  reverted: boolean;
  hadPhoto: boolean;
}

/** revertable lists the lines a run's revert would touch: published and not reverted yet. */
export function revertable<L extends LogLine>(lines: readonly L[]): L[] {
  return lines.filter((l) => l.status === 'done' && !l.reverted);
}

/** revertRunWords says what reverting a run does to its people, for the confirmation. */
export function revertRunWords(lines: readonly LogLine[]): string {
  const todo = revertable(lines);
  const back = todo.filter((l) => l.hadPhoto).length;
  const removed = todo.length - back;
  const parts: string[] = [];
  if (back) parts.push(`${people(back)} get their previous photo back`);
  if (removed) parts.push(`${people(removed)} had none, so their photo is removed`);
  return parts.join('; ');
}

export interface TargetLike {
  demo: boolean;
  connected: boolean;
  inFile: boolean;
  fromEnv: boolean;
}

/** targetState is the badge of a directory in the picker. */
export function targetState(t: TargetLike): { label: string; kind: 'demo' | 'ok' | 'off' } {
  if (t.demo) return { label: 'Demo', kind: 'demo' };
  return t.connected ? { label: 'Connected', kind: 'ok' } : { label: 'Not connected', kind: 'off' };
}

/** targetNotes are the remarks under a directory: how its settings are stored. */
export function targetNotes(t: TargetLike): string[] {
  if (t.demo) return ['Always connected, nothing to set up; it lives on this computer until Shotdesk closes and nothing real changes.'];
  const notes: string[] = [];
  if (t.fromEnv) notes.push('Some settings come from environment variables, which win over the stored ones.');
  if (t.inFile) notes.push('Stored without a keychain, in a file only you can read in the data folder.');
  return notes;
}

/** connectValues is what a connect form sends: the filled fields, trimmed. */
export function connectValues(keys: readonly string[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = (values[k] ?? '').trim();
    if (v) out[k] = v;
  }
  return out;
}

/** phaseWords turns a publish job's phase into what the progress line says. */
export function phaseWords(phase: string): string {
  switch (phase) {
    case '':
      return 'Starting…';
    case 'checking for changes':
      return 'Checking HeadshotPro for changes…';
    case 'publishing':
      return 'Publishing…';
    case 'reverting':
      return 'Reverting…';
  }
  return `${phase.charAt(0).toUpperCase()}${phase.slice(1)}…`;
}
