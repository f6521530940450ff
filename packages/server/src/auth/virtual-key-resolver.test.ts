import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error';
import { createMemoryKeyStore } from '../stores/memory/memory-key-store';
import type { KeyStore } from '../stores/store-contracts';
import { createMasterKey } from './master-key';
import { createVirtualKeyResolver } from './virtual-key-resolver';

/** A store counting its lookups. */
function counting(store: KeyStore) {
  let lookups = 0;
  return {
    store: {
      ...store,
      findByHash: (hash: string) => {
        lookups++;
        return store.findByHash(hash);
      },
    } as KeyStore,
    lookups: () => lookups,
  };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('createVirtualKeyResolver', () => {
  it('resolves a stored key to its id and record; unknown and non-sk-st- keys to undefined', async () => {
    const keys = createMemoryKeyStore();
    const { record, key } = await keys.create({ name: 'ci', rpm: 5 });
    const { store, lookups } = counting(keys);
    const resolver = createVirtualKeyResolver(store, { ttlMs: 5000 });
    expect(await resolver.resolve(key)).toEqual({ keyId: record.id, key: record });
    expect(await resolver.resolve('sk-st-unknown')).toBeUndefined();
    expect(await resolver.resolve('gw-static-key')).toBeUndefined();
    expect(lookups()).toBe(2); // the non-sk-st- key never reaches the store
  });

  it('trusts a lookup for the TTL: a revocation elsewhere shows once it passes', async () => {
    let now = 1_000_000;
    const keys = createMemoryKeyStore();
    const { record, key } = await keys.create({ name: 'ci' });
    const { store, lookups } = counting(keys);
    const resolver = createVirtualKeyResolver(store, { ttlMs: 5000, now: () => now });
    expect(await resolver.resolve(key)).toBeDefined();
    await keys.revoke(record.id); // e.g. through another instance
    now += 4999;
    expect(await resolver.resolve(key)).toBeDefined();
    expect(lookups()).toBe(1);
    now += 2;
    const error = await refusal(resolver.resolve(key));
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(error.message).toMatch(/revoked/);
  });

  it('invalidate() forgets every lookup at once', async () => {
    const keys = createMemoryKeyStore();
    const { record, key } = await keys.create({ name: 'ci' });
    const resolver = createVirtualKeyResolver(keys, { ttlMs: 60_000 });
    await resolver.resolve(key);
    await keys.revoke(record.id);
    resolver.invalidate();
    expect((await refusal(resolver.resolve(key))).message).toMatch(/revoked/);
  });

  it('refuses an expired key saying when it expired, checked on every request', async () => {
    let now = Date.parse('2027-01-01T00:00:00Z') - 1;
    const keys = createMemoryKeyStore();
    const { key } = await keys.create({ name: 'ci', expiresAt: '2027-01-01T00:00:00.000Z' });
    const resolver = createVirtualKeyResolver(keys, { ttlMs: 60_000, now: () => now });
    expect(await resolver.resolve(key)).toBeDefined();
    now += 1;
    const error = await refusal(resolver.resolve(key));
    expect(error.message).toBe('This API key expired at 2027-01-01T00:00:00.000Z.');
  });

  it('with TTL 0 asks the store every time', async () => {
    const keys = createMemoryKeyStore();
    const { key } = await keys.create({ name: 'ci' });
    const { store, lookups } = counting(keys);
    const resolver = createVirtualKeyResolver(store, { ttlMs: 0 });
    await resolver.resolve(key);
    await resolver.resolve(key);
    expect(lookups()).toBe(2);
  });
});

describe('createMasterKey', () => {
  it('matches only the exact key and resolves it as master', async () => {
    const master = createMasterKey('master-key-0123456789');
    expect(await master.matches('master-key-0123456789')).toBe(true);
    expect(await master.matches('master-key-012345678')).toBe(false);
    expect(await master.resolve('nope')).toBeUndefined();
    expect(await master.resolve('master-key-0123456789')).toMatchObject({
      master: true,
      keyId: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
  });
});
