import type { OpenAIErrorBody } from '@stereos/core';
import type { ApiError } from './api-error';

/** The OpenAI error envelope for an `ApiError`: `{ error: { message, type, code, param? } }`. */
export function openAIErrorBody(error: ApiError): OpenAIErrorBody {
  const body: OpenAIErrorBody['error'] = {
    ...error.extra,
    message: error.message,
    type: error.type,
    code: error.code,
  };
  if (error.param !== undefined) body.param = error.param;
  return { error: body };
}
