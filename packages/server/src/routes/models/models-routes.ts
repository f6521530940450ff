import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ListedModel, PROVIDER_IDS, type ProviderConfigs } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { AuthContext } from '../../auth/auth-context';
import { errorResponses } from '../../errors/error-responses';
import { requestHeaders } from '../../http/request-headers';
import { modelAllowed } from '../../policy/model-globs';
import { KEY_SECURITY } from '../doc/register-doc';
import { toAnthropicModelPage } from './anthropic-model-page';
import { listOneProvider, listProviders } from './list-models';
import { listingKeys } from './listing-keys';

const modelSchema = z
  .object({
    id: z.string().describe('Model id; `provider/model` in the aggregated list.'),
    object: z.literal('model'),
    created: z.number().int().describe('Unix seconds; 0 when the provider does not say.'),
    owned_by: z.string(),
    type: z.literal('model').optional().describe('Anthropic clients only.'),
    display_name: z.string().optional().describe('Anthropic clients only.'),
    created_at: z.string().optional().describe('Anthropic clients only (RFC 3339).'),
  })
  .meta({ id: 'Model', description: 'A model an upstream provider serves.' });

const modelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(modelSchema),
    has_more: z.boolean().optional().describe('Anthropic clients only.'),
    first_id: z.string().nullable().optional().describe('Anthropic clients only.'),
    last_id: z.string().nullable().optional().describe('Anthropic clients only.'),
  })
  .meta({
    id: 'ModelList',
    description:
      "An OpenAI-shaped model list; with the fields of Anthropic's list for Anthropic clients.",
  });

const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['OpenAI-compatible'],
  summary: 'List models',
  description:
    'The models the caller may use. With a gateway key: every provider with a configured key ' +
    '(a virtual key sees only its allowed models). In passthrough mode: the providers of the ' +
    "caller's own keys, each key sent only to its provider (`Authorization: Bearer` → OpenAI, or " +
    'Anthropic from an Anthropic client; `x-api-key` → Anthropic; `x-stereos-key-<provider>` → ' +
    'that provider). Ids are `provider/model`; a failing provider is left out. With `provider`: ' +
    "that provider only, ids as it names them (in passthrough mode the caller's key is its key). " +
    "Anthropic clients (`anthropic-version`) also get the fields of Anthropic's list.",
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
  /** `STEREOS_ALLOW_ANONYMOUS`: passthrough callers may also list with the env keys. */
  allowAnonymous?: boolean | undefined;
}

/** `GET /v1/models` (aggregated) and `GET /v1/models?provider=NAME`. */
export function createModelsRoutes(options: ModelsRoutesOptions): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>().openapi(modelsRoute, async (c) => {
    const { provider } = c.req.valid('query');
    const auth = c.get('auth');
    const headers = requestHeaders(c);
    const keys = listingKeys({
      auth,
      headers,
      providers: options.providers,
      allowAnonymous: options.allowAnonymous ?? false,
      provider,
    });
    const ctx = {
      providers: options.providers,
      fetch: options.fetch,
      // Stop listing when the client goes away or the upstream hangs.
      signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(options.timeoutMs)]),
    };
    const listed = provider
      ? await listOneProvider(provider, keys, ctx)
      : await listProviders(keys, ctx);
    const data = allowedModels(listed, auth, provider);
    // Anthropic clients always send `anthropic-version`; their SDK pages by `has_more`.
    if (headers.get('anthropic-version')) return c.json(toAnthropicModelPage(data), 200);
    return c.json({ object: 'list' as const, data }, 200);
  });
}

/** A virtual key sees only the models its globs allow (`gpt-4o*`, `anthropic/*`). */
function allowedModels(
  models: ListedModel[],
  auth: AuthContext,
  provider: string | undefined,
): ListedModel[] {
  const globs = auth.key?.models;
  if (!globs) return models;
  // One provider's ids are unprefixed: the glob is matched against the routed form.
  return models.filter((m) => modelAllowed(globs, provider ? `${provider}/${m.id}` : m.id));
}
