import { describe, expect, it } from 'vitest';
import { createMemoryResponseCache } from './memory-response-cache';

const answer = (body: string) => ({ kind: 'json' as const, body, provider: 'openai', model: 'm' });

describe('createMemoryResponseCache', () => {
  it('returns what was stored until its TTL passes', async () => {
    let now = 1_000; // lru-cache reads a start time of 0 as "no TTL"
    const cache = createMemoryResponseCache({ maxBytes: 10_000, now: () => now });
    await cache.set('a', answer('{"x":1}'), 10);
    expect(await cache.get('a')).toEqual(answer('{"x":1}'));
    now = 10_999;
    expect(await cache.get('a')).toBeDefined();
    now = 11_001;
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('missing')).toBeUndefined();
  });

  it('stays within its byte bound, evicting the least recently used', async () => {
    const cache = createMemoryResponseCache({ maxBytes: 1_000 });
    const body = 'x'.repeat(200); // ~ 2 * (1 + 200 + 6 + 1) = 416 bytes each
    await cache.set('a', answer(body), 60);
    await cache.set('b', answer(body), 60);
    await cache.get('a');
    await cache.set('c', answer(body), 60);
    expect(await cache.get('a')).toBeDefined();
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('c')).toBeDefined();
    // Larger than the whole bound: not kept.
    await cache.set('huge', answer('y'.repeat(600)), 60);
    expect(await cache.get('huge')).toBeUndefined();
  });
});
