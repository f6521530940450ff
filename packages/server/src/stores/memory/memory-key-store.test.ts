import { describe, expect, it } from 'vitest';
import { hashVirtualKey } from '../../auth/virtual-key-secret';
import { createMemoryKeyStore } from './memory-key-store';

describe('createMemoryKeyStore', () => {
  it('creates a key once: sk-st- + 32 url-safe chars, stored only as its SHA-256 hex', async () => {
    const store = createMemoryKeyStore();
    const { record, key } = await store.create({ name: 'ci', rpm: 60, models: ['gpt-4o*'] });
    expect(key).toMatch(/^sk-st-[A-Za-z0-9_-]{32}$/);
    expect(record).toMatchObject({ name: 'ci', rpm: 60, models: ['gpt-4o*'] });
    expect(record.id).toMatch(/^vk_[0-9a-f]{16}$/);
    expect(record.keyHash).toBe(await hashVirtualKey(key));
    expect(record.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.preview).toBe(`${key.slice(0, 10)}…`);
    expect(JSON.stringify(await store.list())).not.toContain(key);
    expect(await store.findByHash(record.keyHash)).toEqual(record);
  });

  it('updates (undefined clears a field), revokes and rotates', async () => {
    const store = createMemoryKeyStore();
    const { record, key } = await store.create({ name: 'a', tpm: 10, user: 'u' });
    const updated = await store.update(record.id, { name: 'b', user: undefined });
    expect(updated).toMatchObject({ name: 'b', tpm: 10 });
    expect(updated).not.toHaveProperty('user');
    expect(await store.update('vk_missing', { name: 'x' })).toBeUndefined();

    const rotated = await store.rotate(record.id);
    expect(rotated?.key).not.toBe(key);
    expect(await store.findByHash(await hashVirtualKey(key))).toBeUndefined();
    expect(await store.findByHash(await hashVirtualKey(rotated!.key))).toMatchObject({
      id: record.id,
    });

    expect(await store.revoke(record.id)).toBe(true);
    expect(await store.revoke('vk_missing')).toBe(false);
    expect((await store.get(record.id))?.revokedAt).toMatch(/^\d{4}-/);
    // Revoked keys are still found by hash: the caller says why they are refused.
    expect(await store.findByHash(rotated!.record.keyHash)).toMatchObject({ id: record.id });
  });

  it('hands out copies: changing a returned record changes nothing stored', async () => {
    const store = createMemoryKeyStore();
    const { record } = await store.create({ name: 'a', models: ['x'] });
    record.models?.push('y');
    record.name = 'changed';
    expect(await store.get(record.id)).toMatchObject({ name: 'a', models: ['x'] });
  });
});
