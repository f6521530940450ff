import {
  formatZodIssues,
  type ServedBy,
  STEREOS_RESPONSE_HEADERS,
  userProblem,
} from '@stereos/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../../app-env';
import { invalidRequest } from '../../errors/api-error';
import { parseJsonObject } from '../../http/parse-json-object';
import { servedHeaders } from '../../http/served-headers';
import { checkModelId } from '../chat/read-chat-request';

/**
 * Parses and validates a JSON body against an endpoint's schema; 400s name the field. `model`
 * (when given) and `user` are bounded as for chat.
 */
export function readJsonRequest<S extends z.ZodType>(
  text: string,
  schema: S,
  docsUrl: string,
): z.infer<S> {
  const { json } = parseJsonObject(text, docsUrl);
  const { model, user } = json as { model?: unknown; user?: unknown };
  if (typeof model === 'string') checkModelId(model, 'model');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  const problem = typeof user === 'string' ? userProblem(user) : undefined;
  if (problem) throw invalidRequest(`user: ${problem}`, 'invalid_value', 'user');
  return parsed.data;
}

/** The headers of a served answer: what served it, its cost, the key's rate limits. */
export function answerHeaders(
  c: Context<AppEnv>,
  served: ServedBy,
  contentType: string,
  costUsd: number | undefined,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  c.set('requestIdSent', true);
  const headers: Record<string, string> = {
    'content-type': safeContentType(contentType),
    ...servedHeaders(served, c.get('requestId')),
    ...extra,
  };
  if (costUsd !== undefined) headers[STEREOS_RESPONSE_HEADERS.costUsd] = String(costUsd);
  return headers;
}

/** An upstream's content type, passed on only when it is a plain media type. */
function safeContentType(value: string): string {
  return /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(value) && value.length <= 200
    ? value
    : 'application/octet-stream';
}
