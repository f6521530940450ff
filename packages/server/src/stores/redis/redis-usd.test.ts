import { describe, expect, it } from 'vitest';
import { limitToNanos, MAX_NANOS, nanosToUsd, usdToNanos } from './redis-usd';

describe('nano-dollar amounts', () => {
  it('converts USD to whole nano-dollars and back', () => {
    expect(usdToNanos(0.05, 'a')).toBe(50_000_000);
    expect(usdToNanos(0.1 + 0.2, 'a')).toBe(300_000_000);
    expect(usdToNanos(1.5e-9, 'a')).toBe(2);
    expect(nanosToUsd(usdToNanos(0.000015, 'a'))).toBe(0.000015);
  });

  it('refuses what is not an amount, and caps limits at what a window counts', () => {
    for (const bad of [-0.01, Number.NaN, Number.POSITIVE_INFINITY, 1e7]) {
      expect(() => usdToNanos(bad, 'amountUsd')).toThrow(RangeError);
    }
    expect(limitToNanos(Number.POSITIVE_INFINITY)).toBe(MAX_NANOS);
    expect(limitToNanos(1)).toBe(1e9);
    expect(() => limitToNanos(-1)).toThrow(RangeError);
  });
});
