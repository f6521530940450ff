import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';

/**
 * A served call's answer as HTTP (`toResponse`), the request id marked as sent. Should building
 * it fail, a streamed answer is cancelled first (which ends the upstream call and records it):
 * an upstream stream is never left open behind an error answer.
 */
export async function answerCall<R extends { body: unknown; kind?: string }>(
  c: Context<AppEnv>,
  result: R,
  toResponse: (result: R) => Response,
): Promise<Response> {
  try {
    const response = toResponse(result);
    c.set('requestIdSent', true);
    return response;
  } catch (error) {
    const { kind, body } = result as { kind?: unknown; body?: unknown };
    if (kind === 'stream' && body instanceof ReadableStream)
      await body.cancel(error).catch(() => {});
    throw error;
  }
}
