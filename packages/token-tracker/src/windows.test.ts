import { describe, expect, it } from 'vitest';
import { windowEnd, windowStart } from './windows.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('budget windows (UTC)', () => {
  it('day, ISO week (Monday) and calendar month starts', () => {
    const at = new Date('2026-03-01T23:30:00.000Z'); // a Sunday
    expect(iso(windowStart('day', at))).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(windowStart('week', at))).toBe('2026-02-23T00:00:00.000Z');
    expect(iso(windowStart('month', at))).toBe('2026-03-01T00:00:00.000Z');
    expect(windowStart('total', at)).toBeNull();
    expect(iso(windowStart('week', new Date('2026-03-02T00:00:00.000Z')))).toBe('2026-03-02T00:00:00.000Z');
  });

  it('ignores the local time zone: an instant has one window everywhere', () => {
    // 2026-06-30T23:30-05:00 is already July in UTC
    expect(iso(windowStart('month', new Date('2026-06-30T23:30:00.000-05:00')))).toBe(
      '2026-07-01T00:00:00.000Z',
    );
  });

  it('ends where the next window starts, across month, year and leap-day boundaries', () => {
    expect(iso(windowEnd('day', new Date('2028-02-28T00:00:00.000Z')))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(windowEnd('month', new Date('2028-02-01T00:00:00.000Z')))).toBe('2028-03-01T00:00:00.000Z');
    expect(iso(windowEnd('month', new Date('2026-12-01T00:00:00.000Z')))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(windowEnd('week', new Date('2026-12-28T00:00:00.000Z')))).toBe('2027-01-04T00:00:00.000Z');
    for (const w of ['day', 'week', 'month'] as const) {
      const start = windowStart(w, new Date('2026-05-31T12:00:00.000Z'))!;
      const end = windowEnd(w, start);
      expect(iso(windowStart(w, end))).toBe(iso(end));
      expect(iso(windowStart(w, new Date(end.getTime() - 1)))).toBe(iso(start));
    }
  });
});
