import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashVirtualKey as hashSecret, previewOf } from '../../auth/virtual-key-secret';
import type { KeyStore } from '../store-contracts';
import { SQLITE_FILE_NAME } from './open-sql-database';
import { createSqlKeyStore } from './sql-key-store';
import { targets, useTestDatabase } from './sql-test-targets';

for (const target of targets) {
  describe.skipIf(target.skip)(`SQL key store on ${target.name}`, () => {
    const state = useTestDatabase(target);
    let keys: KeyStore;

    beforeEach(() => {
      keys = createSqlKeyStore(state.database.db);
    });

    it('creates a key and returns its secret once', async () => {
      const { record, key } = await keys.create({ name: 'ci', rpm: 60, tags: ['ci'] });
      expect(key).toMatch(/^sk-st-[A-Za-z0-9_-]{32}$/);
      expect(record).toMatchObject({
        name: 'ci',
        rpm: 60,
        tags: ['ci'],
        preview: previewOf(key),
      });
      expect(record.id).toMatch(/^vk_[0-9a-f]{16}$/);
      expect(record.keyHash).toBe(await hashSecret(key));
      expect(record).not.toHaveProperty('revokedAt');
      expect(await keys.get(record.id)).toEqual(record);
      expect(await keys.findByHash(await hashSecret(key))).toEqual(record);
      expect(await keys.findByHash(await hashSecret('sk-st-other'))).toBeUndefined();
      expect(await keys.get('vk_missing')).toBeUndefined();
    });

    it('lists keys in creation order', async () => {
      const a = await keys.create({ name: 'a' });
      const b = await keys.create({ name: 'b' });
      expect((await keys.list()).map((r) => r.id).sort()).toEqual(
        [a.record.id, b.record.id].sort(),
      );
      expect(await keys.list()).toHaveLength(2);
    });

    it('updates the fields a patch names and clears those set to undefined', async () => {
      const { record } = await keys.create({
        name: 'app',
        rpm: 10,
        tpm: 1000,
        budget: { limitUsd: 5, period: 'day' },
        expiresAt: '2030-01-01T00:00:00.000Z',
      });
      const updated = await keys.update(record.id, {
        name: 'app2',
        rpm: 20,
        tpm: undefined,
        expiresAt: undefined,
        models: ['gpt-4o*'],
        metadata: { team: 'x' },
      });
      expect(updated).toEqual({
        ...record,
        name: 'app2',
        rpm: 20,
        tpm: undefined,
        expiresAt: undefined,
        models: ['gpt-4o*'],
        metadata: { team: 'x' },
      });
      expect(updated).not.toHaveProperty('tpm');
      expect(updated).not.toHaveProperty('expiresAt');
      expect(await keys.get(record.id)).toEqual(updated);
      expect((await keys.update(record.id, {}))?.budget).toEqual({ limitUsd: 5, period: 'day' });
      expect(await keys.update('vk_missing', { rpm: 1 })).toBeUndefined();
    });

    it('revokes a key, keeping it for the ledger', async () => {
      const { record, key } = await keys.create({ name: 'r' });
      expect(await keys.revoke(record.id)).toBe(true);
      const revoked = await keys.findByHash(await hashSecret(key));
      expect(revoked?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await keys.revoke(record.id)).toBe(true);
      expect((await keys.get(record.id))?.revokedAt).toBe(revoked?.revokedAt);
      expect(await keys.revoke('vk_missing')).toBe(false);
    });

    it('rotates a key: a new secret, the old one stops matching', async () => {
      const created = await keys.create({ name: 'rot', rpm: 5 });
      const rotated = await keys.rotate(created.record.id);
      expect(rotated?.key).toMatch(/^sk-st-/);
      expect(rotated?.key).not.toBe(created.key);
      expect(rotated?.record).toMatchObject({ id: created.record.id, name: 'rot', rpm: 5 });
      expect(rotated?.record.preview).toBe(previewOf(rotated?.key ?? ''));
      expect(rotated?.record.preview).not.toBe(created.record.preview);
      expect(await keys.findByHash(await hashSecret(created.key))).toBeUndefined();
      expect((await keys.findByHash(await hashSecret(rotated?.key ?? '')))?.id).toBe(
        created.record.id,
      );
      expect(await keys.rotate('vk_missing')).toBeUndefined();
    });

    it('never stores a secret: no table holds one, nor its random part', async () => {
      const secrets = [];
      for (let i = 0; i < 3; i++) secrets.push((await keys.create({ name: `k${i}` })).key);
      const firstId = (await keys.findByHash(await hashSecret(secrets[0] as string)))?.id as string;
      secrets.push((await keys.rotate(firstId))?.key as string);

      const tables = await state.database.db.introspection.getTables({
        withInternalKyselyTables: true,
      });
      let text = '';
      for (const table of tables) {
        const { rows } = await sql`select * from ${sql.table(table.name)}`.execute(
          state.database.db,
        );
        text += JSON.stringify(rows);
      }
      expect(text).toContain(await hashSecret(secrets[1] as string));
      // The SQLite file and its write-ahead log, byte for byte.
      if (target.name === 'sqlite') {
        const dir = state.testDb.options.dataDir as string;
        for (const file of [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`]) {
          text += (await readFile(join(dir, file)).catch(() => Buffer.alloc(0))).toString('latin1');
        }
      }
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secret.slice('sk-st-'.length));
      }
    });
  });
}
