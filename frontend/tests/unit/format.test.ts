import { describe, expect, it } from 'vitest';
import { ago, formatBytes, formatCount, percent, shortDateTime } from '../../src/lib/format';

describe('format', () => {
  it('formats bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(36 * 1024 ** 3)).toBe('36.0 GB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('clamps percent and handles unknown totals', () => {
    expect(percent(5, 10)).toBe(50);
    expect(percent(15, 10)).toBe(100);
    expect(percent(3, 0)).toBe(0);
  });

  it('renders a time as date and local hour', () => {
    expect(shortDateTime(new Date(2026, 10, 21, 14, 5).toISOString())).toBe('21 Nov 2026, 14:05');
    expect(shortDateTime('')).toBe('');
    expect(shortDateTime('not a time')).toBe('');
  });

  it('formats counts', () => {
    expect(formatCount(10000)).toBe('10,000');
  });

  it('says how old data is', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(ago(null, now)).toBe('never');
    expect(ago(new Date('2026-11-21T11:59:50Z'), now)).toBe('just now');
    expect(ago(new Date('2026-11-21T11:50:00Z'), now)).toBe('10 min ago');
    expect(ago(new Date('2026-11-21T09:00:00Z'), now)).toBe('3 h ago');
    expect(ago(new Date('2026-11-20T12:00:00Z'), now)).toBe('1 day ago');
  });
});

import { formatCredits, initials, shortDate, parseTime } from '../../src/lib/format';

describe('more format', () => {
  it('shows credits', () => {
    expect(formatCredits(48.25)).toBe('48.25');
    expect(formatCredits(2000)).toBe('2,000');
  });
  it('makes initials from names and emails', () => {
    expect(initials('Mehmet Lefèvre')).toBe('ML');
    expect(initials('samuel.mueller@northwind.example')).toBe('SM');
    expect(initials('Zoë')).toBe('Z');
    expect(initials('  ')).toBe('?');
  });
  it('parses and prints dates', () => {
    expect(parseTime('')).toBeNull();
    expect(parseTime('garbage')).toBeNull();
    expect(shortDate('2026-11-12T10:00:00Z')).toBe('12 Nov 2026');
    expect(shortDate('')).toBe('');
  });
});
