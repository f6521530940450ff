import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { PROVIDER_IDS, type ProviderConfigs } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import { errorResponses } from '../../errors/error-responses';
import { KEY_SECURITY } from '../doc/register-doc';
import { listAllProviders, listOneProvider } from './list-models';

const modelSchema = z
  .object({
    id: z.string().describe('Model id; `provider/model` in the aggregated list.'),
    object: z.literal('model'),
    created: z.number().int().describe('Unix seconds; 0 when the provider does not say.'),
    owned_by: z.string(),
  })
  .meta({ id: 'Model', description: 'A model an upstream provider serves.' });

const modelListSchema = z
  .object({ object: z.literal('list'), data: z.array(modelSchema) })
  .meta({ id: 'ModelList', description: 'An OpenAI-shaped model list.' });

const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['OpenAI-compatible'],
  summary: 'List models',
  description:
    'Without `provider`: the models of every provider with a configured key, as `provider/model` ' +
    'ids (a failing provider is left out). With `provider`: that provider only; in passthrough ' +
    'mode the caller key is used as its key.',
  request: {
    query: z.object({
      provider: z.enum(PROVIDER_IDS).optional().describe('List one provider only.'),
    }),
  },
  security: KEY_SECURITY,
  responses: {
    200: {
      description: 'The models.',
      content: { 'application/json': { schema: modelListSchema } },
    },
    ...errorResponses(400, 401, 429, 502, 503, 504),
  },
});

/** Options of the model routes. */
export interface ModelsRoutesOptions {
  providers: ProviderConfigs;
  fetch?: typeof fetch | undefined;
  /** Time limit of the upstream list calls (`REQUEST_TIMEOUT_SECS`). */
  timeoutMs: number;
}

/** `GET /v1/models` (aggregated) and `GET /v1/models?provider=NAME`. */
export function createModelsRoutes(options: ModelsRoutesOptions): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>().openapi(modelsRoute, async (c) => {
    const { provider } = c.req.valid('query');
    const ctx = {
      providers: options.providers,
      auth: c.get('auth'),
      fetch: options.fetch,
      // Stop listing when the client goes away or the upstream hangs.
      signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(options.timeoutMs)]),
    };
    const data = provider ? await listOneProvider(provider, ctx) : await listAllProviders(ctx);
    return c.json({ object: 'list' as const, data }, 200);
  });
}
