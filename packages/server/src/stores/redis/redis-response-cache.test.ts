import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedAnswer } from '../store-contracts';
import { createRedisResponseCache } from './redis-response-cache';
import { connectRedis, deleteKeys, redisUrl, sleep, testPrefix } from './redis-test-support';

describe.skipIf(!redisUrl)('createRedisResponseCache (real Redis)', () => {
  const prefix = testPrefix('cache');
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = connectRedis();
    second = connectRedis();
  });

  afterAll(async () => {
    await deleteKeys(first, prefix);
    await Promise.all([first.quit(), second.quit()]);
  });

  const answer: CachedAnswer = {
    kind: 'stream',
    body: 'data: {"choices":[{"delta":{"content":"héllo ✓"}}]}\n\ndata: [DONE]\n\n',
    provider: 'openai',
    model: 'gpt-4o-mini',
  };

  it('stores an answer for another instance to read back as it was', async () => {
    const writer = createRedisResponseCache(first, { prefix, maxEntryBytes: 4096 });
    const reader = createRedisResponseCache(second, { prefix, maxEntryBytes: 4096 });
    await writer.set('k1', { ...answer, extra: 'dropped' } as CachedAnswer, 60);
    expect(await reader.get('k1')).toEqual(answer);
    const json: CachedAnswer = {
      kind: 'json',
      body: '{"id":"x"}',
      provider: 'anthropic',
      model: 'c',
    };
    await writer.set('k2', json, 60);
    expect(await reader.get('k2')).toEqual(json);
    expect(await reader.get('missing')).toBeUndefined();
    expect(await first.ttl(`${prefix}cache:k1`)).toBeGreaterThan(55);
  });

  it('drops entries when their TTL ends', async () => {
    const cache = createRedisResponseCache(first, { prefix });
    await cache.set('short', answer, 1);
    expect(await cache.get('short')).toEqual(answer);
    await sleep(1_150);
    expect(await cache.get('short')).toBeUndefined();
    await cache.set('none', answer, 0);
    expect(await first.exists(`${prefix}cache:none`)).toBe(0);
  });

  it('skips entries over maxEntryBytes, counted in UTF-8 bytes', async () => {
    const cache = createRedisResponseCache(first, { prefix, maxEntryBytes: 200 });
    const stored = JSON.stringify({ kind: 'json', body: '', provider: 'p', model: 'm' });
    const room = 200 - Buffer.byteLength(stored);
    await cache.set(
      'fits',
      { kind: 'json', body: 'a'.repeat(room), provider: 'p', model: 'm' },
      60,
    );
    expect((await cache.get('fits'))?.body).toHaveLength(room);
    // Same number of characters, but two bytes each: over the limit.
    await cache.set('big', { kind: 'json', body: 'é'.repeat(room), provider: 'p', model: 'm' }, 60);
    expect(await cache.get('big')).toBeUndefined();
    expect(await first.exists(`${prefix}cache:big`)).toBe(0);
  });

  it('treats an entry that is not an answer as a miss', async () => {
    const cache = createRedisResponseCache(first, { prefix });
    await first.set(`${prefix}cache:bad1`, 'not json');
    await first.set(`${prefix}cache:bad2`, JSON.stringify({ kind: 'html', body: '' }));
    expect(await cache.get('bad1')).toBeUndefined();
    expect(await cache.get('bad2')).toBeUndefined();
  });
});
