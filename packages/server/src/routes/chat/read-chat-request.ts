import {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  formatZodIssues,
  modelIdProblem,
  userProblem,
} from '@stereos/core';
import { invalidRequest } from '../../errors/api-error';
import { parseJsonObject } from '../../http/parse-json-object';

const CHAT_DOCS = 'https://platform.openai.com/docs/api-reference/chat/create';

/** A parsed, validated chat request and the bytes it came as. */
export interface ChatRequest {
  body: ChatCompletionRequest;
  /** The client's bytes; core forwards them unchanged when nothing needs rewriting. */
  rawBody: string | undefined;
}

/**
 * Parses and validates a chat request body with core's schema. The content type is not
 * checked: curl without `-H content-type` still sends JSON. Errors are 400s naming the field.
 *
 * OpenRouter style: a body with `models` but no `model` is served by `models[0]` first; core
 * takes the rest of `models` as the fallback list and strips the field before forwarding.
 *
 * Model ids and `user` are bounded here, before any upstream call (they reach upstream URLs,
 * response headers and log lines): see core's `request-limits`.
 *
 * Duplicate keys (`{"model":"o1-pro",…,"model":"gpt-4o-mini"}`): `JSON.parse` keeps the last,
 * and routing, budget and price follow it, but an upstream's parser may keep the first. Such a
 * body is accepted (OpenAI's own parser keeps the last too, so clients see the same answer as
 * without the gateway) but never forwarded byte for byte: `rawBody` is dropped so core
 * re-serialises the parsed body and the upstream sees exactly what was routed and priced.
 * Bodies nesting deeper than `MAX_JSON_DEPTH` are refused: `JSON.parse` takes them, but writing
 * them back (re-serialising, translating for Anthropic) would overflow the stack.
 */
export function readChatRequest(text: string): ChatRequest {
  const { json, scan } = parseJsonObject(text, CHAT_DOCS);
  const fields = json as Record<string, unknown>;
  const models = readModelsField(fields);
  let rawBody: string | undefined = text;
  if (models && fields.model === undefined) {
    fields.model = models[0];
    rawBody = undefined;
  }
  // Not a string: the schema below names the problem.
  if (typeof fields.model === 'string') checkModelId(fields.model, 'model');
  const parsed = chatCompletionRequestSchema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  const body = parsed.data;
  if (body.user !== undefined) {
    const problem = userProblem(body.user);
    if (problem) throw invalidRequest(`user: ${problem}`, 'invalid_value', 'user');
  }
  return { body, rawBody: scan.duplicateKey === undefined ? rawBody : undefined };
}

/** A 400 `invalid_model` naming `param` unless `id` is a usable model id. */
export function checkModelId(id: string, param: string): void {
  const problem = modelIdProblem(id);
  if (problem) throw invalidRequest(`${param}: ${problem}`, 'invalid_model', param);
}

/** The optional fallback list: a non-empty array of model ids. */
function readModelsField(json: Record<string, unknown>): string[] | undefined {
  const models = json.models;
  if (models === undefined || models === null) return undefined;
  const valid =
    Array.isArray(models) &&
    models.length > 0 &&
    models.every((m) => typeof m === 'string' && m.length > 0);
  if (!valid) {
    throw invalidRequest(
      'models: expected a non-empty array of model ids (the fallback list)',
      'invalid_value',
      'models',
    );
  }
  for (const [i, id] of (models as string[]).entries()) checkModelId(id, `models.${i}`);
  return models as string[];
}
