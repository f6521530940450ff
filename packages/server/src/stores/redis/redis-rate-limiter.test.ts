import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../store-contracts';
import { createRedisRateLimiter } from './redis-rate-limiter';
import { connectRedis, deleteKeys, redisUrl, sleep, testPrefix } from './redis-test-support';

describe.skipIf(!redisUrl)('createRedisRateLimiter (real Redis)', () => {
  const prefix = testPrefix('rate');
  let first: Redis;
  let second: Redis;
  let a: RateLimiter;
  let b: RateLimiter;

  beforeAll(() => {
    first = connectRedis();
    second = connectRedis();
    a = createRedisRateLimiter(first, { prefix });
    b = createRedisRateLimiter(second, { prefix });
  });

  afterAll(async () => {
    await deleteKeys(first, prefix);
    await Promise.all([first.quit(), second.quit()]);
  });

  it('lets exactly 30 of 100 concurrent hits from two instances through, then resets', async () => {
    const windowMs = 1_500;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).hit('vk_1:rpm', 1, 30, windowMs)),
    );
    const passed = results.filter((r) => r.ok);
    expect(passed).toHaveLength(30);
    // Each passing hit saw its own count: remaining 29, 28, …, 0 exactly once.
    expect(passed.map((r) => r.remaining).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    for (const r of results) {
      expect(r.limit).toBe(30);
      expect(r.resetMs).toBeGreaterThan(0);
      expect(r.resetMs).toBeLessThanOrEqual(windowMs);
      if (!r.ok) expect(r.remaining).toBe(0);
    }
    expect(await first.get(`${prefix}rate:vk_1:rpm`)).toBe('30');

    const denied = await b.hit('vk_1:rpm', 1, 30, windowMs);
    expect(denied.ok).toBe(false);
    await sleep(denied.resetMs + 30);
    const fresh = await a.hit('vk_1:rpm', 1, 30, windowMs);
    expect(fresh).toMatchObject({ ok: true, limit: 30, remaining: 29 });
    expect(fresh.resetMs).toBeGreaterThan(windowMs - 100);
  });

  it('counts amounts (tokens) and keeps the window the first hit started', async () => {
    const first10 = await a.hit('vk_2:tpm', 10, 25, 60_000);
    expect(first10).toMatchObject({ ok: true, remaining: 15 });
    await sleep(20);
    const more = await b.hit('vk_2:tpm', 15, 25, 60_000);
    expect(more).toMatchObject({ ok: true, remaining: 0 });
    expect(more.resetMs).toBeLessThan(first10.resetMs);
    expect(await a.hit('vk_2:tpm', 1, 25, 60_000)).toMatchObject({ ok: false, remaining: 0 });
  });

  it('does not count a denied hit, and an amount over the limit never fits', async () => {
    expect(await a.hit('vk_3:tpm', 5, 10, 60_000)).toMatchObject({ ok: true, remaining: 5 });
    expect(await a.hit('vk_3:tpm', 6, 10, 60_000)).toMatchObject({ ok: false, remaining: 5 });
    expect(await a.hit('vk_3:tpm', 5, 10, 60_000)).toMatchObject({ ok: true, remaining: 0 });

    const huge = await b.hit('vk_4:tpm', 11, 10, 60_000);
    expect(huge).toEqual({ ok: false, limit: 10, remaining: 10, resetMs: 60_000 });
    expect(await first.exists(`${prefix}rate:vk_4:tpm`)).toBe(0);
  });

  it('add counts past the limit and starts the window when it is the first', async () => {
    await a.add('vk_5:tpm', 40, 60_000);
    await b.add('vk_5:tpm', 40, 60_000);
    const pttl = await first.pttl(`${prefix}rate:vk_5:tpm`);
    expect(pttl).toBeGreaterThan(59_000);
    expect(await first.get(`${prefix}rate:vk_5:tpm`)).toBe('80');
    expect(await a.hit('vk_5:tpm', 1, 50, 60_000)).toMatchObject({ ok: false, remaining: 0 });
  });

  it('rejects amounts, limits and windows that are not counts', async () => {
    await expect(a.hit('k', -1, 10, 1_000)).rejects.toThrow(RangeError);
    await expect(a.hit('k', 1, Number.NaN, 1_000)).rejects.toThrow(RangeError);
    await expect(a.hit('k', 1, 10, 0)).rejects.toThrow(RangeError);
    await expect(a.add('k', Number.POSITIVE_INFINITY, 1_000)).rejects.toThrow(RangeError);
  });
});
