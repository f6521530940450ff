import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { PROVIDERS, type ProviderConfigs } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import { describeProvider, providerListSchema } from './provider-info';

const providersRoute = createRoute({
  method: 'get',
  path: '/providers',
  tags: ['Meta'],
  summary: 'List the supported providers and their model prefixes',
  responses: {
    200: {
      description: 'Every provider, in routing table order.',
      content: { 'application/json': { schema: providerListSchema } },
    },
  },
});

/** `GET /providers`: the provider table with base URLs and key status. No key needed. */
export function createProvidersRoutes(configs: ProviderConfigs): OpenAPIHono<AppEnv> {
  // The table and config are fixed for the app's lifetime: build the answer once.
  const body = {
    object: 'list' as const,
    data: PROVIDERS.map((spec) => describeProvider(spec, configs)),
  };
  return new OpenAPIHono<AppEnv>().openapi(providersRoute, (c) => c.json(body, 200));
}
