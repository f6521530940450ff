import { GatewayError } from '@ai-sdk/gateway';
import { APICallError } from '@ai-sdk/provider';

/**
 * What the engine and the caller see of a failed Vercel attempt. `@ai-sdk/gateway` turns every
 * failure into a `GatewayError` that is not an `APICallError`; here it becomes one again, as the
 * other gateways' failures are:
 * - when the attempt's signal fired, its reason (the engine's timeout, the caller's abort) is the
 *   failure, not the status-500 `GatewayError` the client wraps an abort in;
 * - a connection failure is the client's own `APICallError` (no status, retryable);
 * - an answered error keeps the gateway's message (e.g. its authentication advice) and status,
 *   and gains the response's headers (`retry-after`) and body; the `GatewayError` is its `cause`.
 *   The AI SDK would otherwise replace an authentication failure by a generic message without a
 *   status, and retry other `GatewayError`s itself after Stereos already has.
 */
export function vercelAttemptError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted && signal.reason !== undefined) return signal.reason;
  if (!GatewayError.isInstance(error)) return error;
  const response = APICallError.isInstance(error.cause) ? error.cause : undefined;
  if (response && response.statusCode === undefined) return response;
  return new APICallError({
    message: error.message,
    url: response?.url ?? '',
    requestBodyValues: response?.requestBodyValues ?? {},
    statusCode: error.statusCode,
    responseHeaders: response?.responseHeaders,
    responseBody: response?.responseBody,
    cause: error,
    data: response?.data,
  });
}
