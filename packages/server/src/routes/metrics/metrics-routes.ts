import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { extractApiKey } from '../../auth/extract-api-key';
import type { MasterKey } from '../../auth/master-key';
import { unauthorized } from '../../errors/api-error';
import { errorResponses } from '../../errors/error-responses';
import { requestHeaders } from '../../http/request-headers';
import type { GatewayMetrics } from './metrics-sink';

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics',
  description:
    'Requests, errors, latency, tokens, cost and cache hits by provider, model and status, in ' +
    "Prometheus' text format. Needs STEREOS_MASTER_KEY (as a bearer token) when it is set; open otherwise.",
  security: [{ bearer: [] }, {}],
  responses: {
    200: {
      description: 'The metrics.',
      content: { 'text/plain': { schema: z.string() } },
    },
    ...errorResponses(401),
  },
});

/**
 * `GET /metrics`. Guarded by the master key when there is one: metrics name models, providers
 * and spend, which a deployment handing out keys may not want public. Without a master key
 * (a private gateway) it is open, as Prometheus scrapers expect by default.
 */
export function createMetricsRoutes(
  metrics: GatewayMetrics,
  masterKey: MasterKey | undefined,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(metricsRoute, async (c) => {
    if (masterKey) {
      const key = extractApiKey(requestHeaders(c));
      if (key === undefined)
        throw unauthorized('Send STEREOS_MASTER_KEY as a bearer token.', 'missing_api_key');
      if (!(await masterKey.matches(key)))
        throw unauthorized('Invalid master key.', 'invalid_api_key');
    }
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': metrics.registry.contentType });
  });
  return app;
}
