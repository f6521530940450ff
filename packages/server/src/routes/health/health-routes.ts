import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';

const healthSchema = z
  .object({ status: z.literal('ok') })
  .meta({ id: 'Health', description: 'The server is up.' });

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Meta'],
  summary: 'Liveness check',
  responses: {
    200: {
      description: 'The server is up.',
      content: { 'application/json': { schema: healthSchema } },
    },
  },
});

/** `GET /healthz`: liveness, no key needed, no upstream call. */
export function createHealthRoutes(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>().openapi(healthRoute, (c) =>
    c.json({ status: 'ok' as const }, 200),
  );
}
