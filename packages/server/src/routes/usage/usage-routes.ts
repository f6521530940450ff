import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import { errorResponses } from '../../errors/error-responses';
import type { EventLedger, UsageRow } from '../../stores/store-contracts';
import { KEY_SECURITY } from '../doc/register-doc';
import { forbiddenResponse } from '../forbidden-response';
import { usageKeyScope } from './usage-scope';

const instant = z
  .string()
  .max(64)
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)),
    'expected a date (2026-03-01) or an ISO date-time with a zone',
  )
  .transform((s) => new Date(s).toISOString());

const keyId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'expected a key id')
  .optional();

const usageQuery = z.object({
  from: instant.optional().describe('Start, inclusive (UTC).'),
  to: instant.optional().describe('End, exclusive (UTC).'),
  group_by: z
    .enum(['key', 'model', 'provider', 'user', 'tag', 'day'])
    .optional()
    .describe('One row per group; a single `total` row when absent.'),
  key_id: keyId.describe('Master key only: one key.'),
});

const usageRowSchema = z
  .object({
    group: z
      .string()
      .describe('The key id, model, provider, user, tag or UTC day; `(none)` when unset.'),
    requests: z.number().int(),
    errors: z.number().int().describe('Requests that did not succeed (refusals included).'),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cost_usd: z.number(),
  })
  .meta({ id: 'UsageRow' });

const usageRoute = createRoute({
  method: 'get',
  path: '/v1/usage',
  tags: ['Usage'],
  summary: 'Usage totals',
  description:
    "Requests, errors, tokens and cost from the event ledger. A virtual or gateway key sees its own; the master key sees every key's.",
  security: KEY_SECURITY,
  request: { query: usageQuery },
  responses: {
    200: {
      description: 'The totals.',
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('list'), data: z.array(usageRowSchema) }),
        },
      },
    },
    ...errorResponses(400, 401),
    ...forbiddenResponse,
  },
});

const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Events per page (1–500).'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'expected the next_cursor of a previous page')
    .optional(),
  key_id: keyId.describe('Master key only: one key.'),
});

const eventSchema = z
  .looseObject({
    id: z.string(),
    timestamp: z.string(),
    status: z.string(),
    provider: z.string().optional(),
    model: z.string().optional(),
    keyId: z.string().optional(),
  })
  .meta({ id: 'GatewayEvent', description: 'One record per request (never a key or a prompt).' });

const eventsRoute = createRoute({
  method: 'get',
  path: '/v1/usage/events',
  tags: ['Usage'],
  summary: 'Usage events, newest first',
  security: KEY_SECURITY,
  request: { query: eventsQuery },
  responses: {
    200: {
      description:
        'A page of events; pass `next_cursor` as `cursor` for the next (null at the end).',
      content: {
        'application/json': {
          schema: z.object({
            object: z.literal('list'),
            data: z.array(eventSchema),
            next_cursor: z.string().nullable(),
          }),
        },
      },
    },
    ...errorResponses(400, 401),
    ...forbiddenResponse,
  },
});

/** `GET /v1/usage` and `GET /v1/usage/events` over the event ledger. */
export function createUsageRoutes(ledger: EventLedger): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(usageRoute, async (c) => {
    const query = c.req.valid('query');
    const rows = await ledger.usage({
      from: query.from,
      to: query.to,
      groupBy: query.group_by,
      keyId: usageKeyScope(c.get('auth'), query.key_id),
    });
    return c.json({ object: 'list' as const, data: rows.map(rowJson) }, 200);
  });
  app.openapi(eventsRoute, async (c) => {
    const query = c.req.valid('query');
    const page = await ledger.page({
      limit: query.limit,
      cursor: query.cursor,
      keyId: usageKeyScope(c.get('auth'), query.key_id),
    });
    return c.json(
      {
        object: 'list' as const,
        // Events are plain JSON; the schema only documents their main fields.
        data: page.events as unknown as z.infer<typeof eventSchema>[],
        next_cursor: page.nextCursor ?? null,
      },
      200,
    );
  });
  return app;
}

function rowJson(row: UsageRow) {
  return {
    group: row.group,
    requests: row.requests,
    errors: row.errors,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    // Sums of float prices: rounded to the micro-dollar so totals read cleanly.
    cost_usd: Math.round(row.costUsd * 1e6) / 1e6,
  };
}
