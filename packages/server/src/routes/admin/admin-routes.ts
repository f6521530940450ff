import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../app-env';
import { ApiError } from '../../errors/api-error';
import { errorResponses } from '../../errors/error-responses';
import type { KeyStore, VirtualKeyRecord } from '../../stores/store-contracts';
import { forbiddenResponse } from '../forbidden-response';
import { keyInputOf, keyJson } from './key-json';
import {
  createKeySchema,
  keyIdParams,
  keyListSchema,
  updateKeySchema,
  virtualKeySchema,
  virtualKeyWithSecretSchema,
} from './key-schemas';

/** Admin bodies are small; refusing early keeps a master-key holder's typo from costing memory. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

const ADMIN = { tags: ['Admin'], security: [{ bearer: [] }] };
const json = <S>(schema: S) => ({ 'application/json': { schema } });
const errors = { ...errorResponses(400, 401, 404), ...forbiddenResponse };

const createKey = createRoute({
  ...ADMIN,
  method: 'post',
  path: '/admin/keys',
  summary: 'Create a virtual key',
  description: 'Answers the secret (`key`) once; only its SHA-256 is stored.',
  request: { body: { required: true, content: json(createKeySchema) } },
  responses: {
    201: { description: 'The key, with its secret.', content: json(virtualKeyWithSecretSchema) },
    ...errors,
  },
});

const listKeys = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/admin/keys',
  summary: 'List virtual keys',
  description: 'Revoked keys included (they stay in the ledger). Never a secret or a hash.',
  responses: { 200: { description: 'The keys.', content: json(keyListSchema) }, ...errors },
});

const getKey = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/admin/keys/{id}',
  summary: 'Get a virtual key',
  request: { params: keyIdParams },
  responses: { 200: { description: 'The key.', content: json(virtualKeySchema) }, ...errors },
});

const updateKey = createRoute({
  ...ADMIN,
  method: 'patch',
  path: '/admin/keys/{id}',
  summary: 'Update a virtual key',
  description:
    'Sets the fields given; `null` clears one. Takes effect within STEREOS_KEY_CACHE_TTL_SECS.',
  request: { params: keyIdParams, body: { required: true, content: json(updateKeySchema) } },
  responses: { 200: { description: 'The key.', content: json(virtualKeySchema) }, ...errors },
});

const revokeKey = createRoute({
  ...ADMIN,
  method: 'delete',
  path: '/admin/keys/{id}',
  summary: 'Revoke a virtual key',
  description:
    'The key answers 401 from now on this instance, within STEREOS_KEY_CACHE_TTL_SECS on others. ' +
    'It is kept (revoked) so its usage stays attributed.',
  request: { params: keyIdParams },
  responses: {
    200: { description: 'The revoked key.', content: json(virtualKeySchema) },
    ...errors,
  },
});

const rotateKey = createRoute({
  ...ADMIN,
  method: 'post',
  path: '/admin/keys/{id}/rotate',
  summary: 'Rotate a virtual key',
  description:
    'A new secret for the same key (same id, limits and usage); the old one stops working.',
  request: { params: keyIdParams },
  responses: {
    200: {
      description: 'The key, with its new secret.',
      content: json(virtualKeyWithSecretSchema),
    },
    ...errors,
  },
});

/** Options of {@link createAdminRoutes}. */
export interface AdminRoutesOptions {
  keys: KeyStore;
  /** Called after every change, so this instance stops trusting cached lookups at once. */
  onChange: () => void;
}

/** `/admin/keys…`: virtual keys' lifecycle. Guarded by `adminAuth` (mounted by the app). */
export function createAdminRoutes({ keys, onChange }: AdminRoutesOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/admin/*', bodyLimit({ maxSize: MAX_ADMIN_BODY_BYTES, onError: tooLarge }));

  app.openapi(createKey, async (c) => {
    const body = c.req.valid('json');
    const { record, key } = await keys.create({ ...keyInputOf(body), name: body.name });
    onChange();
    return c.json({ ...keyJson(record), key }, 201);
  });

  app.openapi(listKeys, async (c) => {
    const records = await keys.list();
    return c.json({ object: 'list' as const, data: records.map(keyJson) }, 200);
  });

  app.openapi(getKey, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(keyJson(found(await keys.get(id), id)), 200);
  });

  app.openapi(updateKey, async (c) => {
    const { id } = c.req.valid('param');
    const record = found(await keys.update(id, keyInputOf(c.req.valid('json'))), id);
    onChange();
    return c.json(keyJson(record), 200);
  });

  app.openapi(revokeKey, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await keys.revoke(id))) throw notFound(id);
    onChange();
    return c.json(keyJson(found(await keys.get(id), id)), 200);
  });

  app.openapi(rotateKey, async (c) => {
    const { id } = c.req.valid('param');
    if (found(await keys.get(id), id).revokedAt !== undefined) {
      throw new ApiError({
        status: 400,
        type: 'invalid_request_error',
        code: 'key_revoked',
        param: 'id',
        message: `The virtual key '${id}' is revoked; create a new key instead.`,
      });
    }
    const rotated = await keys.rotate(id);
    if (!rotated) throw notFound(id);
    onChange();
    return c.json({ ...keyJson(rotated.record), key: rotated.key }, 200);
  });

  return app;
}

function found(record: VirtualKeyRecord | undefined, id: string): VirtualKeyRecord {
  if (!record) throw notFound(id);
  return record;
}

function notFound(id: string): ApiError {
  return new ApiError({
    status: 404,
    type: 'invalid_request_error',
    code: 'key_not_found',
    param: 'id',
    message: `No virtual key with id '${id}'.`,
  });
}

function tooLarge(): never {
  throw new ApiError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `Admin request bodies are limited to ${MAX_ADMIN_BODY_BYTES} bytes.`,
  });
}
