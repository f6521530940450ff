import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';

/** Model ids listed when `startFakeUpstream` gets no `models` option. */
export const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-6', 'claude-haiku-4-5'];

// A fixed timestamp keeps listings deterministic.
const CREATED = 1_700_000_000;

/**
 * `GET …/models`: Anthropic's paginated shape for `…/v1/models` requests that carry
 * `x-api-key` or `anthropic-version` (the Anthropic SDK always sends the latter and, since v1,
 * its key as a bearer token), otherwise OpenAI's list.
 */
export function sendModels(exchange: Exchange, models: string[]): void {
  const { path, headers } = exchange.record;
  const anthropicHeaders =
    headers['x-api-key'] !== undefined || headers['anthropic-version'] !== undefined;
  const anthropic = /\/v1\/models\/?$/.test(path) && anthropicHeaders;
  sendJson(exchange.res, 200, anthropic ? anthropicList(models) : openAiList(models));
}

function openAiList(models: string[]) {
  const data = models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'system' }));
  return { object: 'list', data };
}

function anthropicList(models: string[]) {
  const createdAt = new Date(CREATED * 1000).toISOString();
  const data = models.map((id) => ({
    type: 'model',
    id,
    display_name: id,
    created_at: createdAt,
  }));
  return { data, has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null };
}
