import { describe, expect, it } from 'vitest';
import { collect, streamOf } from './fixtures/streams';
import { encodeSSE, encodeSSEData, parseSSEStream, SSE_DONE, SSE_DONE_EVENT } from './sse';

function bytes(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return streamOf(pieces.map((piece) => encoder.encode(piece)));
}

describe('parseSSEStream', () => {
  it('parses named and nameless events split across chunks', async () => {
    const events = await collect(
      parseSSEStream(
        bytes(
          'event: message_start\ndata: {"type":',
          '"message_start"}\n\n: comment\n\n',
          'data: a\ndata: b\nid: 7\n\r\n',
          'data: [DONE]\n\n',
        ),
      ),
    );
    expect(events).toEqual([
      { event: 'message_start', data: '{"type":"message_start"}' },
      { data: 'a\nb', id: '7' },
      { data: SSE_DONE },
    ]);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const encoded = new TextEncoder().encode('data: héllo\n\n');
    const split = encoded.indexOf(0xc3) + 1;
    const stream = streamOf([encoded.slice(0, split), encoded.slice(split)]);
    expect(await collect(parseSSEStream(stream))).toEqual([{ data: 'héllo' }]);
  });
});

describe('encodeSSE', () => {
  it('encodes events, splitting multi-line data', () => {
    expect(encodeSSE({ event: 'ping', data: '{}' })).toBe('event: ping\ndata: {}\n\n');
    expect(encodeSSE({ data: 'a\nb' })).toBe('data: a\ndata: b\n\n');
    expect(encodeSSEData({ x: 'a\nb' })).toBe('data: {"x":"a\\nb"}\n\n');
    expect(SSE_DONE_EVENT).toBe(encodeSSE({ data: SSE_DONE }));
  });

  it('round-trips through the parser', async () => {
    const text = encodeSSE({ event: 'x', data: 'line 1\nline 2' }) + encodeSSEData({ ok: true });
    expect(await collect(parseSSEStream(bytes(text)))).toEqual([
      { event: 'x', data: 'line 1\nline 2' },
      { data: '{"ok":true}' },
    ]);
  });
});
