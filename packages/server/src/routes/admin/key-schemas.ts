import { z } from '@hono/zod-openapi';
import { metadataProblem, modelIdProblem, tagsProblem, userProblem } from '@stereos/core';

/*
 * The admin API's JSON shapes. Field names are snake_case like the OpenAI API (and this
 * server's error bodies); every value is bounded here, since a key's user, tags and metadata are
 * copied into events and its globs are matched on every call.
 */

const problem =
  <T>(check: (value: T) => string | undefined) =>
  (value: T, ctx: z.RefinementCtx) => {
    const message = check(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };

/** `2027-01-01` (midnight UTC) or an ISO date-time with a zone; stored as ISO UTC. */
const expiresAt = z
  .string()
  .max(64)
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)),
    'expected a date (2027-01-01) or an ISO date-time with a zone (2027-01-01T12:00:00Z)',
  )
  .transform((s) => new Date(s).toISOString())
  .describe('When the key stops working; a past time expires it now.');

const modelGlob = z
  .string()
  .superRefine(problem(modelIdProblem))
  .describe('A model id or glob (`*` any run, `?` one character), e.g. `gpt-4o*`.');

const budget = z
  .strictObject({
    limit_usd: z.number().positive().max(1e9).describe('Limit in USD per period.'),
    period: z.enum(['day', 'week', 'month', 'total']).default('month'),
  })
  .describe("The key's own spending limit; the call reserves its worst case first (402).");

const perMinute = (what: string) =>
  z.number().int().min(1).max(1_000_000_000).describe(`${what} per minute (429 past it).`);

/** Fields a key can be created or updated with; `null` clears a field on update. */
const keyFields = {
  name: z.string().trim().min(1).max(128).superRefine(problem(userProblem)),
  expires_at: expiresAt.nullable(),
  budget: budget.nullable(),
  rpm: perMinute('Requests').nullable(),
  tpm: perMinute('Tokens (input + output, counted after each call)').nullable(),
  models: z
    .array(modelGlob)
    .min(1)
    .max(100)
    .nullable()
    .describe('Models the key may call (globs); every model when unset.'),
  user: z
    .string()
    .min(1)
    .superRefine(problem(userProblem))
    .nullable()
    .describe('End user of the key.'),
  tags: z.array(z.string().min(1)).superRefine(problem(tagsProblem)).nullable(),
  metadata: z.record(z.string(), z.string()).superRefine(problem(metadataProblem)).nullable(),
};

export const createKeySchema = z
  .strictObject({
    ...keyFields,
    expires_at: keyFields.expires_at.optional(),
    budget: keyFields.budget.optional(),
    rpm: keyFields.rpm.optional(),
    tpm: keyFields.tpm.optional(),
    models: keyFields.models.optional(),
    user: keyFields.user.optional(),
    tags: keyFields.tags.optional(),
    metadata: keyFields.metadata.optional(),
  })
  .meta({ id: 'CreateVirtualKey' });

export const updateKeySchema = z
  .strictObject({
    name: keyFields.name.optional(),
    expires_at: keyFields.expires_at.optional(),
    budget: keyFields.budget.optional(),
    rpm: keyFields.rpm.optional(),
    tpm: keyFields.tpm.optional(),
    models: keyFields.models.optional(),
    user: keyFields.user.optional(),
    tags: keyFields.tags.optional(),
    metadata: keyFields.metadata.optional(),
  })
  .meta({ id: 'UpdateVirtualKey' });

export type CreateKeyBody = z.infer<typeof createKeySchema>;
export type UpdateKeyBody = z.infer<typeof updateKeySchema>;

/** A key as the admin API shows it: never its secret, never its hash. */
export const virtualKeySchema = z
  .object({
    object: z.literal('virtual_key'),
    id: z.string().describe("Public id; the `keyId` of this key's events."),
    name: z.string(),
    preview: z.string().describe('The first characters of the secret (`sk-st-ab12…`).'),
    created_at: z.string(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    budget: z.object({ limit_usd: z.number(), period: z.string() }).nullable(),
    rpm: z.number().int().nullable(),
    tpm: z.number().int().nullable(),
    models: z.array(z.string()).nullable(),
    user: z.string().nullable(),
    tags: z.array(z.string()).nullable(),
    metadata: z.record(z.string(), z.string()).nullable(),
  })
  .meta({ id: 'VirtualKey' });

/** A key with its secret: answered once, by create and rotate. */
export const virtualKeyWithSecretSchema = virtualKeySchema
  .extend({
    key: z.string().describe('The secret (`sk-st-…`). Shown once: store it now.'),
  })
  .meta({ id: 'VirtualKeyWithSecret' });

export const keyListSchema = z
  .object({ object: z.literal('list'), data: z.array(virtualKeySchema) })
  .meta({ id: 'VirtualKeyList' });

export const keyIdParams = z.object({
  id: z
    .string()
    .regex(/^vk_[A-Za-z0-9_-]{1,64}$/, 'expected a key id (vk_…)')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'vk_3f2a9c1d0b4e5f67' }),
});
