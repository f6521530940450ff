import type { VirtualKeyInput, VirtualKeyRecord } from '../../stores/store-contracts';
import type { CreateKeyBody, UpdateKeyBody } from './key-schemas';

/** A record as the admin API shows it. Built field by field, so `keyHash` can never leak. */
export function keyJson(record: VirtualKeyRecord) {
  return {
    object: 'virtual_key' as const,
    id: record.id,
    name: record.name,
    preview: record.preview,
    created_at: record.createdAt,
    expires_at: record.expiresAt ?? null,
    revoked_at: record.revokedAt ?? null,
    budget: record.budget
      ? { limit_usd: record.budget.limitUsd, period: record.budget.period }
      : null,
    rpm: record.rpm ?? null,
    tpm: record.tpm ?? null,
    models: record.models ?? null,
    user: record.user ?? null,
    tags: record.tags ?? null,
    metadata: record.metadata ?? null,
  };
}

/**
 * A validated body as store input. Only fields the body names are set; a `null` becomes a field
 * present with `undefined`, which the stores read as "clear it".
 */
export function keyInputOf(body: CreateKeyBody | UpdateKeyBody): VirtualKeyInput {
  const input: VirtualKeyInput = {};
  const set = <K extends keyof VirtualKeyInput>(field: K, value: VirtualKeyInput[K] | null) => {
    input[field] = value ?? undefined;
  };
  if (body.name !== undefined) set('name', body.name);
  if (body.expires_at !== undefined) set('expiresAt', body.expires_at);
  if (body.budget !== undefined) {
    set('budget', body.budget && { limitUsd: body.budget.limit_usd, period: body.budget.period });
  }
  if (body.rpm !== undefined) set('rpm', body.rpm);
  if (body.tpm !== undefined) set('tpm', body.tpm);
  if (body.models !== undefined) set('models', body.models);
  if (body.user !== undefined) set('user', body.user);
  if (body.tags !== undefined) set('tags', body.tags);
  if (body.metadata !== undefined) set('metadata', body.metadata);
  return input;
}
