import { describe, expect, it } from 'vitest';
import { windowId, windowOf } from './budget-window';

const at = (iso: string) => new Date(iso);

describe('windowOf', () => {
  it('gives UTC days, ISO weeks from Monday, months and the total', () => {
    const now = at('2026-11-22T10:15:00.123Z'); // a Sunday
    expect(windowOf('day', now)).toEqual({
      id: 'day:2026-11-22',
      resetAt: '2026-11-23T00:00:00Z',
    });
    expect(windowOf('week', now)).toEqual({
      id: 'week:2026-11-16',
      resetAt: '2026-11-23T00:00:00Z',
    });
    expect(windowOf('month', now)).toEqual({
      id: 'month:2026-11',
      resetAt: '2026-12-01T00:00:00Z',
    });
    expect(windowOf('total', now)).toEqual({ id: 'total', resetAt: undefined });
  });

  it('moves to the next window at UTC midnight, and back for an earlier moment', () => {
    expect(windowId('day', at('2026-11-30T23:59:59.999Z'))).toBe('day:2026-11-30');
    expect(windowId('month', at('2026-11-30T23:59:59.999Z'))).toBe('month:2026-11');
    expect(windowId('day', at('2026-12-01T00:00:00.000Z'))).toBe('day:2026-12-01');
    expect(windowId('month', at('2026-12-01T00:00:00.000Z'))).toBe('month:2026-12');
    expect(windowId('week', at('2026-11-23T00:00:00.000Z'))).toBe('week:2026-11-23');
    expect(windowId('day', at('2026-11-30T12:00:00.000Z'))).toBe('day:2026-11-30');
    expect(windowId('week', at('2026-11-22T23:59:59.999Z'))).toBe('week:2026-11-16');
  });

  it('crosses year ends', () => {
    expect(windowOf('month', at('2026-12-31T23:00:00Z'))).toEqual({
      id: 'month:2026-12',
      resetAt: '2027-01-01T00:00:00Z',
    });
    expect(windowOf('week', at('2027-01-01T08:00:00Z'))).toEqual({
      id: 'week:2026-12-28',
      resetAt: '2027-01-04T00:00:00Z',
    });
  });

  it('hands out windows that cannot be changed by a caller', () => {
    const window = windowOf('day', at('2026-11-22T10:00:00Z'));
    expect(() => {
      (window as { id: string }).id = 'day:1970-01-01';
    }).toThrow(TypeError);
    expect(windowId('day', at('2026-11-22T11:00:00Z'))).toBe('day:2026-11-22');
  });
});
