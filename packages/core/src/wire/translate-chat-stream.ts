import { readSSE } from '../upstream/read-sse';
import type { ChatCompletionChunk, ChatUsage } from './openai-chat';
import { encodeSSE, SSE_DONE } from './sse';

/*
 * The shell of every "Chat stream → another dialect's stream" translation (Anthropic Messages,
 * the Responses API): the converter's bookkeeping (opened once, closed once, the finish reason
 * and the last usage kept) and the SSE framing. Each dialect keeps its own event mapping.
 */

/** Converts one Chat stream, chunk by chunk, into another dialect's stream events (objects). */
export interface ChatStreamConverter<E, D> {
  /** Events for one `chat.completion.chunk`. */
  push(chunk: ChatCompletionChunk): E[];
  /** Events that close the stream; nothing after `error`. */
  end(): E[];
  /** The events of a failure after the stream started; nothing follows them. */
  error(detail: D): E[];
}

/** The delta of a Chat chunk's choice. */
export type ChatChunkDelta = ChatCompletionChunk['choices'][number]['delta'];

/** What the shell has seen of the Chat stream so far. */
export interface ChatStreamState {
  /** The last `finish_reason` seen. */
  readonly finishReason: string | null | undefined;
  /** The last `usage` seen (Chat sends it on its last chunk). */
  readonly usage: ChatUsage | null | undefined;
}

/** A dialect's event mapping: each step appends its events to `out`. */
export interface ChatStreamDialect<E, D> {
  /** The events that open the stream, once, from its first chunk (`{}` when it ends first). */
  start(chunk: Partial<ChatCompletionChunk>, out: E[]): void;
  /** The events of one choice delta. */
  delta(delta: ChatChunkDelta, out: E[]): void;
  /** The events at a `finish_reason` (already in `state`). */
  finish(out: E[]): void;
  /** The events that close the stream. */
  end(out: E[]): void;
  /** The events of a failure after the stream started. */
  error(detail: D, out: E[]): void;
}

/** A Chat stream converter from a dialect's mapping; `dialect` reads the shared state. */
export function createChatStreamConverter<E, D>(
  dialect: (state: ChatStreamState) => ChatStreamDialect<E, D>,
): ChatStreamConverter<E, D> {
  const state: { finishReason: string | null | undefined; usage: ChatUsage | null | undefined } = {
    finishReason: undefined,
    usage: undefined,
  };
  const map = dialect(state);
  let started = false;
  let ended = false;
  const start = (chunk: Partial<ChatCompletionChunk>, out: E[]) => {
    if (started) return;
    started = true;
    map.start(chunk, out);
  };
  return {
    push(chunk) {
      const out: E[] = [];
      if (ended) return out;
      start(chunk, out);
      if (chunk.usage) state.usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) return out;
      map.delta((choice.delta ?? {}) as ChatChunkDelta, out);
      if (choice.finish_reason) {
        state.finishReason = choice.finish_reason;
        map.finish(out);
      }
      return out;
    },
    end() {
      const out: E[] = [];
      if (ended) return out;
      start({}, out);
      ended = true;
      map.end(out);
      return out;
    },
    error(detail) {
      const out: E[] = [];
      if (ended) return out;
      ended = true;
      map.error(detail, out);
      return out;
    },
  };
}

/**
 * Re-frames a Chat Completions SSE stream (what the chat engine serves) as another dialect's SSE
 * stream: each event named by its `type` (`event: <type>`), its JSON as the data. An in-band
 * `{"error": …}` (a failure after the first content) goes to `converter.error` with the detail
 * `errorDetail` reads from it; `[DONE]` or the end of the stream closes it.
 *
 * Events parsed from one read are written together; cancelling the result cancels `chat` (and
 * so the upstream call). `onEvent` sees each event before the client does.
 */
export function translateChatSSE<E extends { type: string }, D>(
  chat: ReadableStream<Uint8Array>,
  converter: ChatStreamConverter<E, D>,
  options: { errorDetail(error: unknown): D; onEvent?: ((event: E) => void) | undefined },
): ReadableStream<Uint8Array> {
  const emit = (events: E[], push: (text: string) => void) => {
    for (const event of events) {
      options.onEvent?.(event);
      push(encodeSSE({ event: event.type, data: JSON.stringify(event) }));
    }
  };
  const source = readSSE<string>(chat, {
    onEvent({ data }, push) {
      if (data === SSE_DONE) return emit(converter.end(), push);
      const parsed = parseJSON(data);
      if (!parsed) return;
      if ('error' in parsed)
        return emit(converter.error(options.errorDetail(parsed['error'])), push);
      emit(converter.push(parsed as unknown as ChatCompletionChunk), push);
    },
    onEnd: (push) => emit(converter.end(), push),
  });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.read();
      if (next.done) return controller.close();
      let text = next.value;
      for (let more = source.takeBuffered?.(); more !== undefined; more = source.takeBuffered?.()) {
        text += more;
      }
      controller.enqueue(encoder.encode(text));
    },
    cancel: (reason) => source.cancel(reason),
  });
}

function parseJSON(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
