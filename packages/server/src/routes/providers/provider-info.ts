import { z } from '@hono/zod-openapi';
import { type ProviderConfigs, type ProviderSpec, redactUrl } from '@stereos/core';

/** One provider as `GET /providers` describes it. Never carries a key. */
export const providerInfoSchema = z
  .object({
    id: z.string().describe('Provider id; also its forcing prefix (`<id>/<model>`).'),
    name: z.string(),
    base_url: z
      .string()
      .describe(
        'The base URL in use (`*_BASE_URL` or the default), credentials in it (`user:pass@`, ' +
          '`?key=`) shown as `***`.',
      ),
    base_url_env: z.string().describe('Environment variable overriding the base URL.'),
    api_key_env: z.string().describe('Environment variable holding the provider key.'),
    key_configured: z.boolean().describe('Whether the provider key env variable is set.'),
    wire: z.enum(['openai', 'anthropic']).describe('The API dialect the upstream speaks.'),
    auth: z
      .enum(['bearer', 'x-api-key', 'api-key', 'cf-aig'])
      .describe('How the key is sent upstream (`cf-aig`: as `cf-aig-authorization`).'),
    model_prefixes: z
      .array(z.string())
      .describe('Prefixes routing here: `x/` forces and is stripped, others match model names.'),
    forced_model: z.string().optional().describe('Every request goes to this upstream model.'),
  })
  .meta({ id: 'ProviderInfo', description: 'A provider the gateway can route to.' });

export const providerListSchema = z
  .object({ object: z.literal('list'), data: z.array(providerInfoSchema) })
  .meta({ id: 'ProviderList', description: 'Every provider the gateway supports.' });

/**
 * A provider's public description: where it lives and whether a key is set, never the key —
 * nor credentials written into its base URL (`https://user:pass@host/v1?key=…`).
 */
export function describeProvider(
  spec: ProviderSpec,
  configs: ProviderConfigs,
): z.infer<typeof providerInfoSchema> {
  const config = configs[spec.id];
  const info: z.infer<typeof providerInfoSchema> = {
    id: spec.id,
    name: spec.name,
    base_url: redactUrl(config.baseURL),
    base_url_env: spec.baseUrlEnv,
    api_key_env: spec.apiKeyEnv,
    key_configured: config.apiKey !== undefined,
    wire: spec.wire,
    auth: spec.auth,
    model_prefixes: [...spec.prefixes],
  };
  if (spec.forcedModel) info.forced_model = spec.forcedModel;
  return info;
}
