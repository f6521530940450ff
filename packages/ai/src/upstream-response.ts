import {
  classifyError,
  encodeSSE,
  redactSecrets,
  type UpstreamChatResult,
  UpstreamHttpError,
} from '@stereos/core';

/**
 * The core's typed upstream answer as the HTTP response the AI SDK's OpenAI-compatible model
 * reads: the completion JSON, or its stream items framed as SSE (their JSON untouched).
 */
export function upstreamResponse(
  result: UpstreamChatResult,
  secrets: (string | undefined)[],
): Response {
  if (result.kind === 'json') {
    return new Response(result.text, { headers: { 'content-type': 'application/json' } });
  }
  const { items } = result;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await items.read();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(encodeSSE({ data: next.value.data })));
      } catch (error) {
        // Cut short after it began: end with an in-band error, as OpenAI does.
        const message = redactSecrets(classifyError(error).message, secrets);
        controller.enqueue(
          encoder.encode(encodeSSE({ data: JSON.stringify({ error: { message } }) })),
        );
        controller.close();
      }
    },
    cancel: (reason) => items.cancel(reason),
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/**
 * A failed upstream call as the error answer the AI SDK turns into an `APICallError`: the
 * upstream's status, `retry-after` and OpenAI-shaped error, redacted of the key. Failures without
 * a status (connection errors, aborts) are thrown on, as a fetch would.
 */
export function failureResponse(error: unknown, secrets: (string | undefined)[]): Response {
  if (!UpstreamHttpError.isInstance(error)) throw error;
  const body = {
    error: {
      message: redactSecrets(error.message, secrets),
      type: error.upstreamType ?? null,
      code: error.upstreamCode ?? null,
      param: error.param ?? null,
    },
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = error.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
