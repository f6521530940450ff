import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './memory-rate-limiter';

describe('createMemoryRateLimiter', () => {
  it('counts a fixed window aligned to the clock and refuses past the limit', async () => {
    let now = 60_000 * 10 + 15_000;
    const limiter = createMemoryRateLimiter({ now: () => now });
    expect(await limiter.hit('k', 1, 2, 60_000)).toEqual({
      ok: true,
      limit: 2,
      remaining: 1,
      resetMs: 45_000,
    });
    expect((await limiter.hit('k', 1, 2, 60_000)).ok).toBe(true);
    expect(await limiter.hit('k', 1, 2, 60_000)).toMatchObject({ ok: false, remaining: 0 });
    expect((await limiter.hit('other', 1, 2, 60_000)).ok).toBe(true);
    now += 45_000; // the next window
    expect(await limiter.hit('k', 1, 2, 60_000)).toMatchObject({ ok: true, remaining: 1 });
  });

  it('add() counts regardless of the limit', async () => {
    const limiter = createMemoryRateLimiter({ now: () => 0 });
    await limiter.add('t', 500, 60_000);
    expect(await limiter.hit('t', 0, 100, 60_000)).toMatchObject({ remaining: 0 });
  });

  it('is atomic under concurrent hits', async () => {
    const limiter = createMemoryRateLimiter();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => limiter.hit('k', 1, 10, 60_000)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });
});
