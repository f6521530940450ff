import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ChunkSource } from '../engine/commit-stream';

/** Turns parsed SSE events into items; `push` may be called any number of times per event. */
export interface SSEItemMapper<C> {
  /**
   * `frame`, when given, is the event's exact bytes as received, which are exactly what
   * `encodeSSE` makes of it: an item that goes out unchanged may be sent as these bytes instead
   * of being encoded again (see `sseFrames`).
   */
  onEvent(event: EventSourceMessage, push: (item: C) => void, frame?: Uint8Array): void;
  /** At the end of the bytes: push closing items, or throw if the stream was cut short. */
  onEnd?(push: (item: C) => void): void;
}

/** Bytes read like a web stream's reader: a body's reader, or a runtime's own (see `BODY_READER`). */
export interface ByteReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A fetch answer may offer its body as a `ByteReader` under this key (a method), to be read
 * without a web stream: the server's Node transport reads the upstream socket's stream this way,
 * where `response.body` would put a web stream adapter and a promise hop per chunk in between.
 */
export const BODY_READER: unique symbol = Symbol.for('stereos.bodyReader');

/** The body of an answer as bytes to read: its own reader when it offers one, else its stream. */
export function bodyBytesOf(response: Response): ByteReader | ReadableStream<Uint8Array> | null {
  const own = (response as { [BODY_READER]?: () => ByteReader })[BODY_READER];
  return own ? own.call(response) : response.body;
}

/**
 * Reads an SSE byte stream as items: the one SSE parser of Stereos (`eventsource-parser`), fed
 * straight from the body's reader. A reader rather than stream stages: every web stream stage
 * costs an object and a promise hop per chunk. Items parsed from one upstream read are handed
 * out without further awaits (`takeBuffered`).
 */
export function readSSE<C>(
  body: ReadableStream<Uint8Array> | ByteReader,
  mapper: SSEItemMapper<C>,
): ChunkSource<C> {
  return new SSEReader(body instanceof ReadableStream ? body.getReader() : body, mapper);
}

/** `readSSE`'s reader: one object per stream (it lives as long as the answer). */
class SSEReader<C> implements ChunkSource<C> {
  readonly #reader: ByteReader;
  readonly #mapper: SSEItemMapper<C>;
  readonly #decoder = new TextDecoder();
  readonly #queue: C[] = [];
  readonly #push = (item: C): void => {
    this.#queue.push(item);
  };
  // The events of one read, handed to the mapper once the read is parsed (with their frames).
  readonly #events: EventSourceMessage[] = [];
  readonly #parser = createParser({ onEvent: (event) => this.#events.push(event) });
  #ended = false;
  // Whether the previous read ended on an event boundary: nothing pending in the parser or the
  // decoder, so the next read's bytes are its events alone.
  #atBoundary = true;

  constructor(reader: ByteReader, mapper: SSEItemMapper<C>) {
    this.#reader = reader;
    this.#mapper = mapper;
  }

  async read(): Promise<ReadableStreamReadResult<C>> {
    while (this.#queue.length === 0 && !this.#ended) {
      const next = await this.#reader.read();
      if (next.done) {
        this.#ended = true;
        this.#parser.feed(this.#decoder.decode());
        this.#hand(undefined);
        this.#mapper.onEnd?.(this.#push);
      } else {
        const text = this.#decoder.decode(next.value, { stream: true });
        this.#parser.feed(text);
        this.#hand(this.#atBoundary ? sseFrames(next.value, text, this.#events) : undefined);
        this.#atBoundary = text.endsWith('\n\n');
      }
    }
    const value = this.#queue.shift();
    return value === undefined ? { done: true, value: undefined } : { done: false, value };
  }

  cancel(reason?: unknown): Promise<void> {
    return this.#reader.cancel(reason);
  }

  takeBuffered(): C | undefined {
    return this.#queue.shift();
  }

  #hand(frames: Uint8Array[] | undefined): void {
    const events = this.#events;
    try {
      for (let i = 0; i < events.length; i++) {
        this.#mapper.onEvent(events[i] as EventSourceMessage, this.#push, frames?.[i]);
      }
    } finally {
      // Also when a mapper throws (the read rejects): no event is handed twice.
      events.length = 0;
    }
  }
}

/**
 * The bytes of each event of one read, when the read is exactly those events in canonical
 * framing (`encodeSSE`'s: `event: <name>\n` when named, then `data: <data>\n\n`) and nothing
 * else (no comments, ids, CRs or split events; ASCII only, so characters and bytes line up and
 * nothing was replaced by U+FFFD); else undefined. Each frame is a view of `bytes` (no copy).
 * Checked against the text, not assumed: a frame is sent in place of encoding its event again,
 * so it must be byte for byte what that encoding gives.
 *
 * The check walks the lines, not the values: when every line is `<prefix><value>` with exactly
 * the value's length up to its LF, and the lines and blank lines cover the whole read, the
 * parser read each of those lines as that field, so its value is the line's rest. (Comparing the
 * values in place cost ~9 µs per read of ten chat chunks; finding the LFs costs under one.)
 */
export function sseFrames(
  bytes: Uint8Array,
  text: string,
  events: readonly EventSourceMessage[],
): Uint8Array[] | undefined {
  // One byte per character and no replacement character: every byte was ASCII (a stray byte
  // that is not UTF-8 decodes to U+FFFD, one character for one byte).
  if (
    events.length === 0 ||
    bytes.byteLength !== text.length ||
    text.includes('\uFFFD') ||
    text.includes('\r')
  ) {
    return undefined;
  }
  const frames: Uint8Array[] = [];
  let at = 0;
  for (const { event, id, data } of events) {
    if (id !== undefined) return undefined;
    const start = at;
    if (event !== undefined) {
      at = fieldEnd(text, at, EVENT_PREFIX, event);
      if (at < 0) return undefined;
    }
    at = fieldEnd(text, at, DATA_PREFIX, data);
    if (at < 0 || text.charCodeAt(at) !== LF) return undefined;
    at += 1;
    frames.push(bytes.subarray(start, at));
  }
  return at === text.length ? frames : undefined;
}

/**
 * Where the line `<prefix><value>\n` at `at` ends (after its LF), or -1 if the line there does
 * not start with the prefix or is not as long as that.
 */
function fieldEnd(text: string, at: number, prefix: string, value: string): number {
  const end = at + prefix.length + value.length;
  if (!text.startsWith(prefix, at) || text.indexOf('\n', at) !== end) return -1;
  return end + 1;
}

const EVENT_PREFIX = 'event: ';
const DATA_PREFIX = 'data: ';
const LF = 10;
