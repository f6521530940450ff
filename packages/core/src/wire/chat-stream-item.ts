import { UpstreamHttpError } from '../errors/upstream-http-error';
import type { ChatCompletionChunk } from './openai-chat';
import { SSE_DONE } from './sse';

/**
 * One event of an OpenAI-style chat stream. Its JSON is parsed at most once and only when asked:
 * after the commit point most events are only re-framed for the client, and cheap text checks
 * tell which ones can carry usage or a finish reason. Items built from objects (a translated
 * Anthropic stream) carry their chunk already and are serialised once, for the client.
 */
export class ChatStreamItem {
  readonly data: string;
  /** An in-band error event (`data: {"error": ...}`, an Anthropic `error` event). */
  readonly error: UpstreamHttpError | undefined;
  /**
   * The event's bytes as the upstream sent them, when they are exactly `data: <data>\n\n`
   * (`sseFrames`): sent as they are when the item goes out unchanged, instead of encoding it.
   */
  readonly frame: Uint8Array | undefined;
  #chunk: ChatCompletionChunk | null | undefined;
  /** Whether the text has none of the keys the checks below look for (one scan, when asked). */
  #plain: boolean | undefined;

  constructor(
    data: string,
    error?: UpstreamHttpError,
    chunk?: ChatCompletionChunk,
    frame?: Uint8Array,
  ) {
    this.data = data;
    this.error = error;
    this.#chunk = chunk;
    this.frame = frame;
  }

  /** An item for a chunk object (serialised here, once). */
  static ofChunk(chunk: ChatCompletionChunk): ChatStreamItem {
    return new ChatStreamItem(JSON.stringify(chunk), undefined, chunk);
  }

  /** An in-band error item, sent to the client as OpenAI does: `data: {"error": {...}}`. */
  static ofError(error: UpstreamHttpError, body: unknown): ChatStreamItem {
    return new ChatStreamItem(JSON.stringify(body), error);
  }

  /** The `[DONE]` terminator. */
  static done(frame?: Uint8Array): ChatStreamItem {
    return new ChatStreamItem(SSE_DONE, undefined, undefined, frame);
  }

  /** The parsed chunk (undefined for `[DONE]` and unparsable data). */
  get chunk(): ChatCompletionChunk | undefined {
    if (this.#chunk === undefined) this.#chunk = parseChunk(this.data);
    return this.#chunk ?? undefined;
  }

  get isParsed(): boolean {
    return this.#chunk !== undefined;
  }

  get isDone(): boolean {
    return this.data === SSE_DONE;
  }

  /** Whether the raw text can hold a usage object (else it surely does not). */
  get mayCarryUsage(): boolean {
    return !this.#isPlain() && this.data.includes('"usage":{');
  }

  /** Whether the raw text can hold a finish reason (else it surely does not). */
  get mayFinish(): boolean {
    return !this.#isPlain() && this.data.includes('"finish_reason":"');
  }

  /** Whether the raw text can hold an in-band error (else it surely does not). */
  get mayHoldError(): boolean {
    return !this.#isPlain() && this.data.includes('"error"');
  }

  // Most events of a stream are text deltas with none of those keys: one regex scan answers all
  // three checks for them (three `includes` cost 0.6 microseconds per 300-character event).
  #isPlain(): boolean {
    if (this.#plain === undefined) this.#plain = !MARKED_KEYS.test(this.data);
    return this.#plain;
  }
}

const MARKED_KEYS = /"(?:usage":\{|finish_reason":"|error")/;

function parseChunk(data: string): ChatCompletionChunk | null {
  if (data === SSE_DONE) return null;
  try {
    return JSON.parse(data) as ChatCompletionChunk;
  } catch {
    return null;
  }
}

/**
 * The item of one OpenAI-compatible SSE event's data: a chunk, `[DONE]`, or an in-band error
 * (`{"error": {...}}`, kept with the upstream's type and code). Junk between events is dropped.
 * `frame` (the event's bytes, see `ChatStreamItem.frame`) is kept for chunks and `[DONE]`.
 */
export function chatItemOfData(
  data: string,
  provider: string,
  frame?: Uint8Array,
): ChatStreamItem | undefined {
  if (data === SSE_DONE) return ChatStreamItem.done(frame);
  if (data.trimStart()[0] !== '{') return undefined;
  const item = new ChatStreamItem(data, undefined, undefined, frame);
  if (!item.mayHoldError) return item;
  let parsed: any;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!parsed?.error) {
    return new ChatStreamItem(data, undefined, parsed as ChatCompletionChunk, frame);
  }
  const detail = typeof parsed.error === 'object' ? parsed.error : { message: parsed.error };
  const error = new UpstreamHttpError({
    status: 502,
    message: typeof detail.message === 'string' ? detail.message : 'Upstream stream error',
    body: parsed,
    provider,
    type: typeof detail.type === 'string' ? detail.type : undefined,
    code: typeof detail.code === 'string' ? detail.code : undefined,
  });
  return new ChatStreamItem(data, error);
}
