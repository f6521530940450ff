import { formatZodIssues, userProblem } from '@stereos/core';
import type { z } from 'zod';
import { invalidRequest } from '../../errors/api-error';
import { parseJsonObject } from '../../http/parse-json-object';
import { checkModelId } from '../chat/read-chat-request';

/**
 * Parses and validates an Anthropic Messages (or count_tokens) body with core's schema: 400s
 * name the field (`messages.1.content.0.type`). `model` and `metadata.user_id` are bounded here
 * (they reach upstream URLs, headers and log lines), as for chat.
 */
export function readAnthropicRequest<S extends z.ZodType<{ model: string }>>(
  text: string,
  schema: S,
): z.infer<S> {
  const { json } = parseJsonObject(text, 'https://docs.anthropic.com/en/api/messages');
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
