import { describe, expect, it } from 'vitest';
import {
  budgetKeys,
  parseReservationId,
  reservationIdOf,
  windowTag,
  windowTtlSeconds,
} from './redis-budget-keys';

describe('redis budget keys', () => {
  it('encodes scope and window so that no two pairs share a key', () => {
    expect(windowTag('a:b', 'c')).not.toBe(windowTag('a', 'b:c'));
    expect(windowTag('user:{x}/y', 'day:2026-11-21')).toBe('user%3A%7Bx%7D%2Fy:day%3A2026-11-21');
    expect(budgetKeys('p:', windowTag('s', 'total'))).toEqual({
      window: 'p:budget:{s:total}',
      leases: 'p:budget:{s:total}:leases',
    });
    expect(() => windowTag('', 'total')).toThrow(RangeError);
    expect(() => windowTag('s'.repeat(513), 'total')).toThrow(RangeError);
  });

  it('reads the window back from a reservation id, and only from ours', () => {
    const tag = windowTag('user:alice', 'day:2026-11-21');
    const uuid = crypto.randomUUID();
    expect(parseReservationId(reservationIdOf(tag, uuid))).toEqual({ tag, uuid });
    for (const bad of ['', '1', `${tag}/nope`, `a/${uuid}`, `a:b:c/${uuid}`, `{a}:b/${uuid}`]) {
      expect(parseReservationId(bad)).toBeUndefined();
    }
  });

  it('keeps windows twice their period; total and unknown shapes forever', () => {
    expect(windowTtlSeconds('day:2026-11-21')).toBe(2 * 86_400);
    expect(windowTtlSeconds('week:2026-11-16')).toBe(14 * 86_400);
    expect(windowTtlSeconds('month:2026-11')).toBe(62 * 86_400);
    expect(windowTtlSeconds('total')).toBe(0);
    expect(windowTtlSeconds('year:2026')).toBe(0);
    expect(windowTtlSeconds(':day')).toBe(0);
  });
});
