import type { GatewayEvent, GatewayEventStatus } from '@stereos/core';
import { parseInstant } from './time-range';

/** Every event status, for the Events page's select. */
export const EVENT_STATUSES: readonly GatewayEventStatus[] = [
  'success',
  'error',
  'aborted',
  'budget_exceeded',
  'rate_limited',
  'invalid_request',
  'unauthorized',
];

/** The Events page's filters; an empty field filters nothing. */
export interface EventFilter {
  key?: string | undefined;
  model?: string | undefined;
  provider?: string | undefined;
  status?: GatewayEventStatus | undefined;
  user?: string | undefined;
  tag?: string | undefined;
  /** The raw `from`/`to` fields (shown back in the form) and their epoch ms. */
  from?: string | undefined;
  to?: string | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

/** Longest filter value read (ids, models, users and tags are bounded far below this). */
const MAX_FILTER_LENGTH = 256;

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_FILTER_LENGTH ? trimmed : undefined;
}

/** Filters from a query string; values that cannot match anything are dropped. */
export function parseEventFilter(query: Record<string, string | undefined>): EventFilter {
  const status = EVENT_STATUSES.find((s) => s === query['status']);
  const from = text(query['from']);
  const to = text(query['to']);
  return {
    key: text(query['key']),
    model: text(query['model']),
    provider: text(query['provider']),
    status,
    user: text(query['user']),
    tag: text(query['tag']),
    from,
    to,
    fromMs: parseInstant(from),
    toMs: parseInstant(to),
  };
}

/** Whether an event passes every filter set. `model` matches the served or the requested model. */
export function matchesFilter(event: GatewayEvent, filter: EventFilter): boolean {
  if (filter.key !== undefined && event.keyId !== filter.key) return false;
  if (filter.model !== undefined && event.model !== filter.model) {
    if (event.requestedModel !== filter.model) return false;
  }
  if (filter.provider !== undefined && event.provider !== filter.provider) return false;
  if (filter.status !== undefined && event.status !== filter.status) return false;
  if (filter.user !== undefined && event.user !== filter.user) return false;
  if (filter.tag !== undefined && !event.tags.includes(filter.tag)) return false;
  if (filter.fromMs !== undefined || filter.toMs !== undefined) {
    const at = Date.parse(event.timestamp);
    if (filter.fromMs !== undefined && !(at >= filter.fromMs)) return false;
    if (filter.toMs !== undefined && !(at < filter.toMs)) return false;
  }
  return true;
}

/** The filter as query parameters (links to the next page keep it). */
export function filterParams(filter: EventFilter): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ['key', 'model', 'provider', 'status', 'user', 'tag', 'from', 'to'] as const) {
    const value = filter[name];
    if (value !== undefined) params[name] = value;
  }
  return params;
}
