import {
  formatZodIssues,
  metadataProblem,
  type ResponsesCreateRequest,
  responsesCreateRequestSchema,
  userProblem,
} from '@stereos/core';
import { invalidRequest } from '../../errors/api-error';
import { parseJsonObject } from '../../http/parse-json-object';
import { checkModelId } from '../chat/read-chat-request';

const RESPONSES_DOCS = 'https://platform.openai.com/docs/api-reference/responses/create';

/** A parsed, validated Responses request and the bytes it came as. */
export interface ResponsesRequest {
  body: ResponsesCreateRequest;
  /** The client's bytes, forwarded unchanged to a provider that serves Responses when possible. */
  rawBody: string | undefined;
}

/**
 * Parses and validates a `POST /v1/responses` body with core's schema (400s name the field:
 * `input.3.call_id`). `model`, `user`, `safety_identifier` and `metadata` are bounded here, as
 * for chat (they reach upstream URLs, headers and log lines). A body with duplicate keys is
 * never forwarded byte for byte (see `readChatRequest`).
 */
export function readResponsesRequest(text: string): ResponsesRequest {
  const { json, scan } = parseJsonObject(text, RESPONSES_DOCS);
  const { model } = json as { model?: unknown };
  if (typeof model === 'string') checkModelId(model, 'model');
  const parsed = responsesCreateRequestSchema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  const body = parsed.data;
  for (const field of ['user', 'safety_identifier'] as const) {
    const value = body[field];
    const problem = typeof value === 'string' ? userProblem(value) : undefined;
    if (problem) throw invalidRequest(`${field}: ${problem}`, 'invalid_value', field);
  }
  const problem = body.metadata ? metadataProblem(body.metadata) : undefined;
  if (problem) throw invalidRequest(`metadata: ${problem}`, 'invalid_value', 'metadata');
  return { body, rawBody: scan.duplicateKey === undefined ? text : undefined };
}
