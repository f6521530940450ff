import { describe, expect, it } from 'vitest';
import { anthropicErrorBody, anthropicErrorTypeOf } from './anthropic-error-body';
import { convertChatSSEToAnthropic } from './convert-chat-sse-to-anthropic';

const encoder = new TextEncoder();

function streamOf(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      // Split mid-event: the parser must join reads.
      const mid = Math.floor(text.length / 2);
      controller.enqueue(encoder.encode(text.slice(0, mid)));
      controller.enqueue(encoder.encode(text.slice(mid)));
      controller.close();
    },
  });
}

const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) =>
  data({
    id: 'chatcmpl-9',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason }],
  });

/** The `event:` names and parsed data of an Anthropic SSE body. */
async function events(stream: ReadableStream<Uint8Array>) {
  const text = await new Response(stream).text();
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [event, line] = block.split('\n');
      return {
        event: event!.replace('event: ', ''),
        data: JSON.parse(line!.replace('data: ', '')),
      };
    });
}

describe('convertChatSSEToAnthropic', () => {
  it('names every event as Anthropic does, with the same type in its data', async () => {
    const out = await events(
      convertChatSSEToAnthropic(
        streamOf(
          chunk({ role: 'assistant', content: 'Hi' }) +
            chunk({}, 'stop') +
            data({ id: 'x', choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } }) +
            'data: [DONE]\n\n',
        ),
      ),
    );
    expect(out.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const e of out) expect(e.data.type).toBe(e.event);
    expect(out[4]!.data.usage).toMatchObject({ input_tokens: 3, output_tokens: 1 });
  });

  it('turns an in-band error after content into an Anthropic error event', async () => {
    const out = await events(
      convertChatSSEToAnthropic(
        streamOf(
          chunk({ content: 'part' }) +
            data({ error: { message: 'Upstream went away', type: 'upstream_error', code: null } }),
        ),
      ),
    );
    expect(out.at(-1)).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'api_error', message: 'Upstream went away' } },
    });
    expect(out.some((e) => e.event === 'message_stop')).toBe(false);
  });

  it('closes the message when the chat stream ends without [DONE]', async () => {
    const out = await events(convertChatSSEToAnthropic(streamOf(chunk({ content: 'a' }, 'stop'))));
    expect(out.at(-1)!.event).toBe('message_stop');
  });
});

describe('anthropicErrorBody', () => {
  it('maps statuses to the documented error types', () => {
    expect(
      [400, 401, 402, 403, 404, 413, 422, 429, 500, 502, 503, 504, 529].map(anthropicErrorTypeOf),
    ).toEqual([
      'invalid_request_error',
      'authentication_error',
      'billing_error',
      'permission_error',
      'not_found_error',
      'request_too_large',
      'invalid_request_error',
      'rate_limit_error',
      'api_error',
      'api_error',
      'api_error',
      'timeout_error',
      'overloaded_error',
    ]);
    expect(anthropicErrorBody(404, 'no such model', 'req_1')).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'no such model' },
      request_id: 'req_1',
    });
  });
});
