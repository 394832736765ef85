import { describe, expect, it } from 'vitest';
import {
  connectValues,
  firstGroup,
  people,
  phaseWords,
  publishGroups,
  publishOutcome,
  reportState,
  revertEffect,
  revertOutcome,
  revertRunWords,
  revertable,
  rowsOf,
  targetNotes,
  targetState,
} from '../../src/lib/publish';

const row = (status: string, email: string, name = '', team = '') => ({ status, email, name, team });

describe('publish match report', () => {
  it('lists the five groups in the order Go reports them, with the words the CSV uses', () => {
    expect(publishGroups.map((g) => g.id)).toEqual(['will_change', 'up_to_date', 'no_favorite', 'not_in_directory', 'not_in_shotdesk']);
    expect(publishGroups.map((g) => g.label)).toEqual(['Will change', 'Already up to date', 'No favorite yet', 'Not in the directory', 'Only in the directory']);
  });

  it('opens on who will change, else on the first group with anyone in it', () => {
    expect(firstGroup({ will_change: 3, up_to_date: 5 })).toBe('will_change');
    expect(firstGroup({ will_change: 0, up_to_date: 5 })).toBe('up_to_date');
    expect(firstGroup({ not_in_shotdesk: 2 })).toBe('not_in_shotdesk');
    expect(firstGroup({})).toBe('will_change');
    expect(firstGroup(null)).toBe('will_change');
  });

  it('tells the empty and finished reports apart', () => {
    expect(reportState({})).toBe('empty');
    expect(reportState(null)).toBe('empty');
    expect(reportState({ will_change: 1, no_favorite: 4 })).toBe('ready');
    expect(reportState({ no_favorite: 4, not_in_shotdesk: 2 })).toBe('no-favorites');
    expect(reportState({ up_to_date: 7, no_favorite: 4 })).toBe('all-up-to-date');
    expect(reportState({ not_in_directory: 3, no_favorite: 1 })).toBe('nothing-to-send');
  });

  it('lists one group, searched by email, name or team, up to a limit with the full count', () => {
    const rows = [
      row('will_change', 'ana@acme.test', 'Ana Lima', 'Sales'),
      row('will_change', 'ben@acme.test', 'Ben Okafor', 'Support'),
      row('up_to_date', 'cy@acme.test', 'Cy Tan', 'Sales'),
      row('will_change', 'dee@acme.test', 'Dee Park', 'Sales'),
    ];
    expect(rowsOf(rows, 'will_change').items.map((r) => r.email)).toEqual(['ana@acme.test', 'ben@acme.test', 'dee@acme.test']);
    expect(rowsOf(rows, 'will_change', 'SALES').items.map((r) => r.email)).toEqual(['ana@acme.test', 'dee@acme.test']);
    expect(rowsOf(rows, 'will_change', ' okafor ').items.map((r) => r.email)).toEqual(['ben@acme.test']);
    expect(rowsOf(rows, 'up_to_date', 'ben').total).toBe(0);
    const limited = rowsOf(rows, 'will_change', '', 2);
    expect(limited.items).toHaveLength(2);
    expect(limited.total).toBe(3);
    expect(rowsOf(null, 'will_change')).toEqual({ items: [], total: 0 });
  });

  it('counts people in words', () => {
    expect(people(1)).toBe('1 person');
    expect(people(0)).toBe('0 people');
    expect(people(1234)).toBe('1,234 people');
  });
});

describe('publish results', () => {
  it('says what a publish did, and why it stopped', () => {
    expect(publishOutcome({ state: 'succeeded', done: 12, failed: 2 })).toBe('10 published, 2 failed');
    expect(publishOutcome({ state: 'succeeded', done: 0, failed: 0 })).toBe('0 published, 0 failed');
    expect(publishOutcome({ state: 'cancelled', done: 5, failed: 0 })).toBe('Cancelled: 5 published, 0 failed. What was published can be reverted from History.');
    expect(publishOutcome({ state: 'failed', done: 3, failed: 1, error: 'Entra ID refused: the app lacks User.ReadWrite.All.' })).toBe(
      'Entra ID refused: the app lacks User.ReadWrite.All. (2 published, 1 failed)',
    );
    expect(publishOutcome({ state: 'failed', done: 0, failed: 0 })).toBe('Publishing stopped (0 published, 0 failed)');
  });

  it('says what a revert did', () => {
    expect(revertOutcome({ state: 'succeeded', done: 1, failed: 0 })).toBe('1 reverted');
    expect(revertOutcome({ state: 'succeeded', done: 4, failed: 1 })).toBe('3 reverted, 1 not reverted');
    expect(revertOutcome({ state: 'cancelled', done: 2, failed: 0 })).toBe('Cancelled: 2 reverted.');
    expect(revertOutcome({ state: 'failed', done: 0, failed: 0, error: 'Offline.' })).toBe('Offline. (0 reverted)');
  });

  it('says what reverting does to each person and to a run', () => {
    expect(revertEffect(true)).toBe('puts back their previous photo');
    expect(revertEffect(false)).toBe('removes the photo (they had none)');
    const lines = [
      { status: 'done', reverted: false, hadPhoto: true },
      { status: 'done', reverted: false, hadPhoto: false },
      { status: 'done', reverted: false, hadPhoto: true },
      { status: 'done', reverted: true, hadPhoto: true },
      { status: 'failed', reverted: false, hadPhoto: true },
    ];
    expect(revertable(lines)).toHaveLength(3);
    expect(revertRunWords(lines)).toBe('2 people get their previous photo back; 1 person had none, so their photo is removed');
    expect(revertRunWords([{ status: 'done', reverted: false, hadPhoto: false }])).toBe('1 person had none, so their photo is removed');
    expect(revertRunWords([])).toBe('');
  });

  it('names the phases of the jobs', () => {
    expect(phaseWords('')).toBe('Starting…');
    expect(phaseWords('checking for changes')).toBe('Checking HeadshotPro for changes…');
    expect(phaseWords('reading Demo directory (not real)')).toBe('Reading Demo directory (not real)…');
    expect(phaseWords('publishing')).toBe('Publishing…');
    expect(phaseWords('reverting')).toBe('Reverting…');
  });
});

describe('publish targets', () => {
  const base = { demo: false, connected: false, inFile: false, fromEnv: false };

  it('badges the demo, connected and not connected directories', () => {
    expect(targetState({ ...base, demo: true, connected: true })).toEqual({ label: 'Demo', kind: 'demo' });
    expect(targetState({ ...base, connected: true })).toEqual({ label: 'Connected', kind: 'ok' });
    expect(targetState(base)).toEqual({ label: 'Not connected', kind: 'off' });
  });

  it('notes where the settings come from', () => {
    expect(targetNotes({ ...base, demo: true })[0]).toMatch(/nothing real changes/);
    expect(targetNotes(base)).toEqual([]);
    expect(targetNotes({ ...base, connected: true, inFile: true })).toEqual(['Stored without a keychain, in a file only you can read in the data folder.']);
    expect(targetNotes({ ...base, connected: true, fromEnv: true })[0]).toMatch(/environment variables/);
  });

  it('sends only the form fields that are filled, trimmed, and none it does not know', () => {
    expect(connectValues(['tenant', 'clientId', 'secret'], { tenant: ' acme.onmicrosoft.com ', clientId: '', secret: 's3cr3t\n', other: 'x' })).toEqual({
      tenant: 'acme.onmicrosoft.com',
      secret: 's3cr3t',
    });
    expect(connectValues(['a'], {})).toEqual({});
  });
});
