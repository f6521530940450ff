import { formatZodIssues, MAX_JSON_DEPTH, scanJsonText, userProblem } from '@stereos/core';
import type { z } from 'zod';
import { invalidRequest } from '../../errors/api-error';
import { checkModelId } from '../chat/read-chat-request';

const INVALID_JSON =
  'We could not parse the JSON body of your request. The body must be a JSON object ' +
  '(see https://docs.anthropic.com/en/api/messages).';

const TOO_DEEP = `The JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`;

/**
 * Parses and validates an Anthropic Messages (or count_tokens) body with core's schema: 400s
 * name the field (`messages.1.content.0.type`). `model` and `metadata.user_id` are bounded here
 * (they reach upstream URLs, headers and log lines), as for chat.
 */
export function readAnthropicRequest<S extends z.ZodType<{ model: string }>>(
  text: string,
  schema: S,
): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest(INVALID_JSON, 'invalid_json');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw invalidRequest(INVALID_JSON, 'invalid_json');
  }
  if (scanJsonText(text).tooDeep) throw invalidRequest(TOO_DEEP, 'json_too_deep');
  const { model } = json as { model?: unknown };
  if (typeof model === 'string') checkModelId(model, 'model');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  const user = (parsed.data as { metadata?: { user_id?: unknown } | null }).metadata?.user_id;
  if (typeof user === 'string') {
    const problem = userProblem(user);
    if (problem)
      throw invalidRequest(`metadata.user_id: ${problem}`, 'invalid_value', 'metadata.user_id');
  }
  return parsed.data;
}
