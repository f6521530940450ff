import {
  hashVirtualKey,
  newVirtualKeyId,
  newVirtualKeySecret,
  previewOf,
} from '../../auth/virtual-key-secret';
import type { KeyStore, VirtualKeyInput, VirtualKeyRecord } from '../store-contracts';

/**
 * Virtual keys in process memory (tests, single-instance servers without a database). Each
 * operation reads and writes its maps without an `await` in between, so it is atomic on the
 * event loop. Records are copied in and out: callers can never change a stored key in place.
 */
export function createMemoryKeyStore(): KeyStore {
  const byId = new Map<string, VirtualKeyRecord>();
  const idByHash = new Map<string, string>();

  return {
    async create(input) {
      const key = newVirtualKeySecret();
      const keyHash = await hashVirtualKey(key);
      const record: VirtualKeyRecord = {
        ...applyPatch({ name: input.name } as VirtualKeyRecord, input),
        id: newVirtualKeyId(),
        keyHash,
        preview: previewOf(key),
        createdAt: new Date().toISOString(),
      };
      byId.set(record.id, record);
      idByHash.set(keyHash, record.id);
      return { record: copy(record), key };
    },
    async list() {
      return [...byId.values()].map(copy);
    },
    async get(id) {
      const record = byId.get(id);
      return record && copy(record);
    },
    async update(id, patch) {
      const record = byId.get(id);
      if (!record) return undefined;
      const updated = applyPatch(copy(record), patch);
      byId.set(id, updated);
      return copy(updated);
    },
    async revoke(id) {
      const record = byId.get(id);
      if (!record) return false;
      record.revokedAt ??= new Date().toISOString();
      return true;
    },
    async rotate(id) {
      const key = newVirtualKeySecret();
      const keyHash = await hashVirtualKey(key);
      // Looked up after the await: the swap itself runs without one.
      const record = byId.get(id);
      if (!record) return undefined;
      idByHash.delete(record.keyHash);
      record.keyHash = keyHash;
      record.preview = previewOf(key);
      idByHash.set(keyHash, id);
      return { record: copy(record), key };
    },
    async findByHash(keyHash) {
      const id = idByHash.get(keyHash);
      const record = id === undefined ? undefined : byId.get(id);
      return record && copy(record);
    },
  };
}

/** Sets every field present in `patch`; a field present with `undefined` is cleared. */
function applyPatch(record: VirtualKeyRecord, patch: VirtualKeyInput): VirtualKeyRecord {
  const out: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) delete out[field];
    else out[field] = structuredClone(value);
  }
  return out as unknown as VirtualKeyRecord;
}

function copy(record: VirtualKeyRecord): VirtualKeyRecord {
  return structuredClone(record);
}
