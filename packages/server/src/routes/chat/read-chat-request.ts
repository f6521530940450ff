import {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  formatZodIssues,
} from '@stereos/core';
import { invalidRequest } from '../../errors/api-error';

/** A parsed, validated chat request and the bytes it came as. */
export interface ChatRequest {
  body: ChatCompletionRequest;
  /** The client's bytes; core forwards them unchanged when nothing needs rewriting. */
  rawBody: string | undefined;
}

const INVALID_JSON =
  'We could not parse the JSON body of your request. The body must be a JSON object ' +
  '(see https://platform.openai.com/docs/api-reference/chat/create).';

/**
 * Parses and validates a chat request body with core's schema. The content type is not
 * checked: curl without `-H content-type` still sends JSON. Errors are 400s naming the field.
 *
 * OpenRouter style: a body with `models` but no `model` is served by `models[0]` first; core
 * takes the rest of `models` as the fallback list and strips the field before forwarding.
 */
export function readChatRequest(text: string): ChatRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest(INVALID_JSON, 'invalid_json');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw invalidRequest(INVALID_JSON, 'invalid_json');
  }
  const models = readModelsField(json as Record<string, unknown>);
  let rawBody: string | undefined = text;
  if (models && (json as { model?: unknown }).model === undefined) {
    (json as { model?: string }).model = models[0];
    rawBody = undefined;
  }
  const parsed = chatCompletionRequestSchema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  return { body: parsed.data, rawBody };
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
  return models as string[];
}
