import { describe, expect, it } from 'vitest';
import { keyIdFromDigest, sha256, timingSafeEqual, toHex } from './key-digest';
import { chainKeyResolvers, createStaticKeyResolver } from './key-resolver';

describe('createStaticKeyResolver', () => {
  it('accepts configured keys and returns the first 8 hex chars of their SHA-256 as id', async () => {
    const resolver = createStaticKeyResolver(['gw-key-one', 'gw-key-two']);
    const expectedId = toHex(await sha256('gw-key-two')).slice(0, 8);
    expect(await resolver.resolve('gw-key-two')).toEqual({ keyId: expectedId });
    expect(expectedId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('rejects other keys, prefixes and extensions of a key', async () => {
    const resolver = createStaticKeyResolver(['gw-key-one']);
    for (const key of ['gw-key-on', 'gw-key-one2', 'GW-KEY-ONE', '']) {
      expect(await resolver.resolve(key)).toBeUndefined();
    }
  });
});

describe('chainKeyResolvers', () => {
  it('returns the first match', async () => {
    const chain = chainKeyResolvers([
      createStaticKeyResolver(['a-key']),
      { resolve: async (key) => (key === 'stored' ? { keyId: 'vk_1' } : undefined) },
    ]);
    expect(await chain.resolve('stored')).toEqual({ keyId: 'vk_1' });
    expect(await chain.resolve('a-key')).toEqual({ keyId: keyIdFromDigest(await sha256('a-key')) });
    expect(await chain.resolve('nope')).toBeUndefined();
  });
});

describe('timingSafeEqual', () => {
  it('compares bytes', () => {
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });
});
