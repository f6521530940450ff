import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { ChunkSource } from '../engine/commit-stream';
import { streamOf } from '../wire/fixtures/streams';
import { encodeSSE, encodeSSEData, SSE_DONE } from '../wire/sse';
import {
  BODY_READER,
  type ByteReader,
  bodyBytesOf,
  readSSE,
  type SSEItemMapper,
  sseFrames,
} from './read-sse';

function bytes(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return streamOf(pieces.map((piece) => encoder.encode(piece)));
}

type Event = Pick<EventSourceMessage, 'event' | 'data' | 'id'>;

/** Every event as it was parsed. */
const events: SSEItemMapper<Event> = {
  onEvent: ({ event, data, id }, push) => push({ event, data, id }),
};

async function drain<C>(source: ChunkSource<C>): Promise<C[]> {
  const out: C[] = [];
  while (true) {
    const next = await source.read();
    if (next.done) return out;
    out.push(next.value);
  }
}

describe('readSSE', () => {
  it('parses named and nameless events split across chunks', async () => {
    const source = readSSE(
      bytes(
        'event: message_start\ndata: {"type":',
        '"message_start"}\n\n: comment\n\n',
        'data: a\ndata: b\nid: 7\n\r\n',
        'data: [DONE]\n\n',
      ),
      events,
    );
    expect(await drain(source)).toEqual([
      { event: 'message_start', data: '{"type":"message_start"}' },
      { data: 'a\nb', id: '7' },
      { data: SSE_DONE },
    ]);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const encoded = new TextEncoder().encode('data: héllo\n\n');
    const split = encoded.indexOf(0xc3) + 1;
    const source = readSSE(streamOf([encoded.slice(0, split), encoded.slice(split)]), events);
    expect(await drain(source)).toEqual([{ data: 'héllo' }]);
  });

  it('round-trips multi-line data encoded with encodeSSE', async () => {
    const text = encodeSSE({ event: 'x', data: 'line 1\nline 2' }) + encodeSSEData({ ok: true });
    expect(await drain(readSSE(bytes(text), events))).toEqual([
      { event: 'x', data: 'line 1\nline 2' },
      { data: '{"ok":true}' },
    ]);
  });

  it('lets a mapper push any number of items per event, or none', async () => {
    const mapper: SSEItemMapper<string> = {
      onEvent: ({ data }, push) => {
        for (const piece of data.split(',').filter(Boolean)) push(piece);
      },
    };
    expect(await drain(readSSE(bytes('data: a,b\n\ndata: \n\ndata: c\n\n'), mapper))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('hands out the items of one read without another read (takeBuffered)', async () => {
    let pulls = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls += 1;
          if (pulls === 1) controller.enqueue(encoder.encode('data: 1\n\ndata: 2\n\ndata: 3\n\n'));
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    ); // pulled only when read
    const source = readSSE(body, events);
    expect(await source.read()).toEqual({ done: false, value: { data: '1' } });
    expect(source.takeBuffered?.()).toEqual({ data: '2' });
    expect(source.takeBuffered?.()).toEqual({ data: '3' });
    expect(source.takeBuffered?.()).toBeUndefined();
    expect(pulls).toBe(1);
    expect(await source.read()).toEqual({ done: true, value: undefined });
  });

  it('calls onEnd once, at the end, and hands out what it pushes', async () => {
    let ends = 0;
    const source = readSSE(bytes('data: a\n\n'), {
      ...events,
      onEnd: (push) => {
        ends += 1;
        push({ data: 'closing' });
      },
    });
    expect(await source.read()).toEqual({ done: false, value: { data: 'a' } });
    expect(ends).toBe(0);
    expect(await source.read()).toEqual({ done: false, value: { data: 'closing' } });
    expect(await source.read()).toEqual({ done: true, value: undefined });
    expect(await source.read()).toEqual({ done: true, value: undefined });
    expect(ends).toBe(1);
  });

  it('drops a cut-off last event and still calls onEnd', async () => {
    const seen: string[] = [];
    const source = readSSE(bytes('data: a\n\ndata: b'), {
      onEvent: ({ data }, push) => push(data),
      onEnd: () => void seen.push('end'),
    });
    // eventsource-parser only dispatches complete events: the cut-off `b` is dropped.
    expect(await drain(source)).toEqual(['a']);
    expect(seen).toEqual(['end']);
  });

  it('rejects read() when the mapper throws on an event, and hands no event twice', async () => {
    const source = readSSE<string>(bytes('data: a\n\ndata: boom\n\n', 'data: c\n\n'), {
      onEvent: ({ data }, push) => {
        if (data === 'boom') throw new Error('bad event');
        push(data);
      },
    });
    await expect(source.read()).rejects.toThrow('bad event');
    expect(await drain(source)).toEqual(['a', 'c']);
  });

  it('rejects read() when onEnd throws (a stream cut short)', async () => {
    const source = readSSE(bytes('data: a\n\n'), {
      ...events,
      onEnd: () => {
        throw new Error('cut before the end');
      },
    });
    expect(await source.read()).toEqual({ done: false, value: { data: 'a' } });
    await expect(source.read()).rejects.toThrow('cut before the end');
  });

  it('cancels the body on cancel()', async () => {
    let reason: unknown;
    const body = new ReadableStream<Uint8Array>({
      cancel(r) {
        reason = r;
      },
    });
    await readSSE(body, events).cancel('client gone');
    expect(reason).toBe('client gone');
  });
});

describe('readSSE from a ByteReader', () => {
  it('parses bytes from a reader the runtime offers (BODY_READER), not the web body', async () => {
    const encoder = new TextEncoder();
    const pieces = ['data: {"a":', '1}\n\ndata: [DONE]\n\n'].map((p) => encoder.encode(p));
    let cancelled: unknown;
    const own: ByteReader = {
      read: async () => {
        const value = pieces.shift();
        return value ? { done: false, value } : { done: true, value: undefined };
      },
      cancel: async (reason) => {
        cancelled = reason;
      },
    };
    const response = Object.assign(new Response('data: from the web body\n\n'), {
      [BODY_READER]: () => own,
    });
    const bytes = bodyBytesOf(response);
    expect(bytes).toBe(own);
    expect(await drain(readSSE(bytes!, events))).toEqual([{ data: '{"a":1}' }, { data: SSE_DONE }]);
    await readSSE(own, events).cancel('gone');
    expect(cancelled).toBe('gone');
  });

  it('uses the web body of an answer without one', async () => {
    const response = new Response('data: x\n\n');
    const bytes = bodyBytesOf(response);
    expect(bytes).toBe(response.body);
    expect(await drain(readSSE(bytes!, events))).toEqual([{ data: 'x' }]);
  });
});

/** An item that keeps only the frame its event was given. */
type Framed = { frame: Uint8Array | undefined };

describe('sseFrames', () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  /** The frames of `text` as one read, decoded (undefined when it has none). */
  function framesOf(text: string) {
    const bytes = encoder.encode(text);
    const source = readSSE<Framed>(streamOf([bytes]), {
      onEvent: (_event, push, frame) => push({ frame }),
    });
    return drain(source).then((items) => {
      // Views of the read itself, not copies.
      for (const { frame } of items) if (frame) expect(frame.buffer).toBe(bytes.buffer);
      return items.map(({ frame }) => (frame ? decoder.decode(frame) : undefined));
    });
  }

  it("gives each event of a canonical read its own bytes, which are exactly encodeSSE's", async () => {
    const events = [
      { data: '{"a":1}' },
      { data: '  spaced' },
      { event: 'response.created', data: '{"type":"response.created"}' },
      { data: '' },
      { data: SSE_DONE },
    ];
    const text = events.map((event) => encodeSSE(event)).join('');
    expect(await framesOf(text)).toEqual(events.map((event) => encodeSSE(event)));
  });

  it.each([
    ['a comment', ': keep-alive\n\ndata: x\n\n'],
    ['an event name after its data', 'data: x\nevent: delta\n\n'],
    ['no space after `event:`', 'event:delta\ndata: x\n\n'],
    ['an id', 'data: x\nid: 1\n\n'],
    ['a retry field', 'retry: 10\ndata: x\n\n'],
    ['CRLF line ends', 'data: x\r\n\r\n'],
    ['no space after the colon', 'data:x\n\n'],
    ['multi-line data', 'data: a\ndata: b\n\n'],
    ['an extra blank line', 'data: x\n\n\n'],
    ['a trailing partial event', 'data: x\n\ndata: y'],
    ['non-ASCII text', 'data: {"t":"h\u00e9"}\n\n'],
  ])('gives no frames for a read with %s', async (_case, text) => {
    const frames = await framesOf(text);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((frame) => frame === undefined)).toBe(true);
  });

  it('gives no frames for a byte that is not UTF-8 (decoded to U+FFFD, sent re-encoded)', async () => {
    const bytes = new Uint8Array([
      ...encoder.encode('data: {"t":"'),
      0xff,
      ...encoder.encode('"}\n\n'),
    ]);
    const items = await drain(
      readSSE<Framed>(streamOf([bytes]), { onEvent: (_event, push, frame) => push({ frame }) }),
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.frame).toBeUndefined();
  });

  it('gives frames only to reads that begin on an event boundary', async () => {
    const pieces = ['data: a\n\ndata: b', '\n\n', 'data: c\n\n'].map((p) => encoder.encode(p));
    const items = await drain(
      readSSE<Framed>(streamOf(pieces), { onEvent: (_event, push, frame) => push({ frame }) }),
    );
    expect(items.map(({ frame }) => (frame ? decoder.decode(frame) : undefined))).toEqual([
      undefined,
      undefined,
      'data: c\n\n',
    ]);
  });

  it('refuses events whose lines are not as long as their values', () => {
    const bytes = encoder.encode('data: xy\n\n');
    const event = (data: string) => ({ data, event: undefined, id: undefined });
    expect(sseFrames(bytes, 'data: xy\n\n', [event('x')])).toBe(undefined);
    expect(sseFrames(bytes, 'data: xy\n\n', [event('xyz')])).toBe(undefined);
    expect(sseFrames(bytes, 'data: xy\n\n', [])).toBe(undefined);
  });

  it('gives no frames for a CR inside a line (the parser ends the line there)', async () => {
    expect(await framesOf('data: a\rdata: b\n\n')).toEqual([undefined]);
    expect(await framesOf('data: ab\rc\n\n')).toEqual([undefined]);
  });

  it('gives a frame only when it is exactly what encodeSSE gives for its event (generated reads)', async () => {
    // Reads built from canonical and non-canonical pieces; whatever the parser makes of them,
    // a frame must be byte for byte the encoding of the event it came with.
    const pieces = [
      ...['data: a\n\n', 'data: {"b":1}\n\n', 'event: e\ndata: cd\n\n', 'data: \n\n'],
      ...['data: a\n\n', 'data: bc\n\n', 'event: e\ndata: f\n\n', 'data: g\n\n'],
      ...[
        'data: a\n',
        'event: e\n',
        'data:x\n',
        ': c\n',
        '\r',
        '\n',
        'id: 1\n',
        'data: h\rdata: i',
      ],
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % pieces.length;
    };
    let framed = 0;
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let n = 1 + (round % 4); n > 0; n--) text += pieces[next()];
      const bytes = encoder.encode(text.endsWith('\n\n') ? text : `${text}\n\n`);
      const items = await drain(
        readSSE<{ event: Event; frame: Uint8Array | undefined }>(streamOf([bytes]), {
          onEvent: ({ event, data, id }, push, frame) =>
            push({ event: { event, data, id }, frame }),
        }),
      );
      for (const { event, frame } of items) {
        if (!frame) continue;
        framed++;
        expect(decoder.decode(frame)).toBe(encodeSSE({ event: event.event, data: event.data }));
      }
    }
    expect(framed).toBeGreaterThan(20);
  });
});
