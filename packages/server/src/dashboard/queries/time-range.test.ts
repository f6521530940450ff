import { describe, expect, it } from 'vitest';
import { bucketStarts, DAY_MS, HOUR_MS, parseInstant, parseTimeRange } from './time-range';

const NOW = Date.parse('2026-03-10T12:34:00Z');

describe('time ranges', () => {
  it('defaults to the last 24 hours by hour', () => {
    expect(parseTimeRange({}, NOW)).toEqual({
      from: NOW - DAY_MS,
      to: NOW,
      bucket: 'hour',
      preset: '24h',
    });
  });

  it('buckets by day past two days, and always past a month', () => {
    expect(parseTimeRange({ range: '7d' }, NOW).bucket).toBe('day');
    expect(parseTimeRange({ range: '7d', bucket: 'hour' }, NOW).bucket).toBe('hour');
    expect(parseTimeRange({ range: '30d', bucket: 'hour' }, NOW).bucket).toBe('hour');
    expect(
      parseTimeRange({ from: '2026-01-01', to: '2026-03-01', bucket: 'hour' }, NOW).bucket,
    ).toBe('day');
  });

  it('reads a custom range (a datetime-local value is UTC); a bad one falls back to the preset', () => {
    expect(parseTimeRange({ from: '2026-03-01T10:00', to: '2026-03-01T12:00' }, NOW)).toMatchObject(
      {
        from: Date.parse('2026-03-01T10:00:00Z'),
        to: Date.parse('2026-03-01T12:00:00Z'),
        preset: 'custom',
      },
    );
    expect(parseTimeRange({ from: '2026-03-02', to: '2026-03-01' }, NOW).preset).toBe('24h');
    expect(parseTimeRange({ from: 'yesterday', range: '1h' }, NOW).preset).toBe('1h');
    expect(parseInstant('2026-03-01T10:00:00+02:00')).toBe(Date.parse('2026-03-01T08:00:00Z'));
    expect(parseInstant('<script>')).toBeUndefined();
  });

  it('lists aligned UTC buckets covering the range', () => {
    const starts = bucketStarts(parseTimeRange({ range: '1h' }, NOW));
    expect(starts).toEqual([
      Date.parse('2026-03-10T11:00:00Z'),
      Date.parse('2026-03-10T12:00:00Z'),
    ]);
    expect(bucketStarts(parseTimeRange({ range: '24h' }, NOW))).toHaveLength(25);
    expect(starts.every((s) => s % HOUR_MS === 0)).toBe(true);
  });
});
