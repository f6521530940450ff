import type { Kysely, Selectable } from 'kysely';
import {
  hashVirtualKey,
  newVirtualKeyId,
  newVirtualKeySecret,
  previewOf,
} from '../../auth/virtual-key-secret';
import type { KeyStore, VirtualKeyInput, VirtualKeyRecord } from '../store-contracts';
import type { KeysTable, StoreTables } from './sql-tables';

/** The settings kept as JSON; `undefined` fields drop out. */
type Settings = Pick<
  VirtualKeyRecord,
  'budget' | 'rpm' | 'tpm' | 'models' | 'user' | 'tags' | 'metadata'
>;

function settingsOf(input: VirtualKeyInput): Settings {
  const { budget, rpm, tpm, models, user, tags, metadata } = input;
  return { budget, rpm, tpm, models, user, tags, metadata };
}

function toRecord(row: Selectable<KeysTable>): VirtualKeyRecord {
  const record: VirtualKeyRecord = {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    preview: row.preview,
    createdAt: row.created_at,
    ...(JSON.parse(row.settings) as Settings),
  };
  if (row.expires_at !== null) record.expiresAt = row.expires_at;
  if (row.revoked_at !== null) record.revokedAt = row.revoked_at;
  return record;
}

/**
 * Virtual keys in SQL. Only the SHA-256 of a secret is stored; the secret is returned by
 * `create` and `rotate` and nowhere else. Secrets, ids and previews come from the same
 * helpers as every key store's. Caching for the hot path is the caller's business.
 */
export function createSqlKeyStore(db: Kysely<StoreTables>): KeyStore {
  const table = 'stereos_keys' as const;
  const byId = (id: string) =>
    db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();

  return {
    async create(input) {
      const key = newVirtualKeySecret();
      const row: KeysTable = {
        id: newVirtualKeyId(),
        name: input.name,
        key_hash: await hashVirtualKey(key),
        preview: previewOf(key),
        created_at: new Date().toISOString(),
        expires_at: input.expiresAt ?? null,
        revoked_at: null,
        settings: JSON.stringify(settingsOf(input)),
      };
      await db.insertInto(table).values(row).execute();
      return { record: toRecord(row), key };
    },

    async list() {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async get(id) {
      const row = await byId(id);
      return row && toRecord(row);
    },

    async update(id, patch) {
      const row = await byId(id);
      if (!row) return undefined;
      // A field present in the patch replaces the stored one (`undefined` clears it).
      const stored = JSON.parse(row.settings) as Settings;
      const changes = {
        name: patch.name ?? row.name,
        expires_at: 'expiresAt' in patch ? (patch.expiresAt ?? null) : row.expires_at,
        settings: JSON.stringify(settingsOf({ ...stored, ...patch })),
      };
      const updated = await db
        .updateTable(table)
        .set(changes)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return updated && toRecord(updated);
    },

    async revoke(id) {
      const result = await db
        .updateTable(table)
        .set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return true;
      // Already revoked: still a key; keep the first revocation time.
      return (await byId(id)) !== undefined;
    },

    async rotate(id) {
      const key = newVirtualKeySecret();
      const updated = await db
        .updateTable(table)
        .set({ key_hash: await hashVirtualKey(key), preview: previewOf(key) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return updated && { record: toRecord(updated), key };
    },

    async findByHash(keyHash) {
      const row = await db
        .selectFrom(table)
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return row && toRecord(row);
    },
  };
}
