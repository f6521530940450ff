import { createParser } from 'eventsource-parser';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import type { ChunkSource, ProbeResult } from '../policies/commit-stream';
import type { ChatCompletionChunk, ChatUsage } from '../wire/openai-chat';
import { SSE_DONE } from '../wire/sse';

/**
 * One upstream SSE event of a chat stream. Its JSON is parsed at most once and only when asked:
 * after the commit point most events are only re-framed for the client, and cheap text checks
 * tell which ones can carry usage or a finish reason.
 */
export class ChatStreamItem {
  readonly data: string;
  /** An in-band error event (`data: {"error": …}`). */
  readonly error: UpstreamHttpError | undefined;
  #chunk: ChatCompletionChunk | null | undefined;

  constructor(data: string, error?: UpstreamHttpError, chunk?: ChatCompletionChunk) {
    this.data = data;
    this.error = error;
    this.#chunk = chunk;
  }

  /** The parsed chunk (undefined for `[DONE]` and unparsable data). */
  get chunk(): ChatCompletionChunk | undefined {
    if (this.#chunk === undefined) this.#chunk = parseChunk(this.data);
    return this.#chunk ?? undefined;
  }

  get isParsed(): boolean {
    return this.#chunk !== undefined;
  }

  /** Whether the raw text can hold a usage object (else it surely does not). */
  get mayCarryUsage(): boolean {
    return this.data.includes('"usage":{');
  }

  /** Whether the raw text can hold a finish reason (else it surely does not). */
  get mayFinish(): boolean {
    return this.data.includes('"finish_reason":"');
  }
}

function parseChunk(data: string): ChatCompletionChunk | null {
  if (data === SSE_DONE) return null;
  try {
    return JSON.parse(data) as ChatCompletionChunk;
  } catch {
    return null;
  }
}

/**
 * Reads an OpenAI-style SSE byte stream as items: decodes, splits events and parses each
 * event's JSON once (probe, usage tap and encoder then share the result). A reader rather than a
 * stream stage: every web stream stage costs an object and a promise hop per chunk.
 */
export function readChatStream(
  body: ReadableStream<Uint8Array>,
  provider: string,
): ChunkSource<ChatStreamItem> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const queue: ChatStreamItem[] = [];
  let ended = false;
  const parser = createParser({
    onEvent: (event) => {
      const item = toItem(event.data, provider);
      if (item) queue.push(item);
    },
  });
  return {
    async read() {
      while (queue.length === 0 && !ended) {
        const next = await reader.read();
        if (next.done) {
          ended = true;
          parser.feed(decoder.decode());
        } else parser.feed(decoder.decode(next.value, { stream: true }));
      }
      const value = queue.shift();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    cancel: (reason) => reader.cancel(reason),
    takeBuffered: () => queue.shift(),
  };
}

function toItem(data: string, provider: string): ChatStreamItem | undefined {
  if (data === SSE_DONE) return new ChatStreamItem(data);
  if (data.trimStart()[0] !== '{') return undefined; // junk between events: nothing a client can use
  if (!data.includes('"error"')) return new ChatStreamItem(data);
  let parsed: any;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!parsed?.error) return new ChatStreamItem(data, undefined, parsed as ChatCompletionChunk);
  const message = parsed.error.message ?? 'Upstream stream error';
  const error = new UpstreamHttpError({
    status: 502,
    message: `${provider}: ${message}`,
    body: parsed,
    provider,
  });
  return new ChatStreamItem(data, error);
}

/** After the commit point only in-band errors matter: no parse needed. */
export function probeCommittedChatItem(item: ChatStreamItem): ProbeResult {
  return item.error ? { type: 'error', error: item.error } : undefined;
}

/** Commit-at-first-content for chat chunks: text, reasoning, refusal or a tool call. */
export function probeChatItem(item: ChatStreamItem): ProbeResult {
  if (item.error) return { type: 'error', error: item.error };
  const delta = item.chunk?.choices?.[0]?.delta as Record<string, unknown> | undefined;
  if (!delta) return undefined;
  if (
    hasText(delta['content']) ||
    hasText(delta['reasoning_content']) ||
    hasText(delta['refusal'])
  ) {
    return { type: 'content' };
  }
  return Array.isArray(delta['tool_calls']) && delta['tool_calls'].length > 0
    ? { type: 'content' }
    : undefined;
}

/**
 * Collects usage, finish reason and output size from the items a client receives. Events that
 * cannot carry usage or a finish reason are not parsed: their output size is their length less
 * the envelope measured on a parsed text event (only used when the upstream sends no usage).
 */
export function createChatStreamTap() {
  let envelope: number | undefined;
  const tap = {
    usage: undefined as ChatUsage | undefined,
    finishReason: undefined as string | undefined,
    outputChars: 0,
    observe(item: ChatStreamItem) {
      const cheap = !item.isParsed && !item.mayCarryUsage && !item.mayFinish;
      if (cheap && envelope !== undefined) {
        tap.outputChars += Math.max(0, item.data.length - envelope);
        return;
      }
      const chunk = item.chunk;
      if (!chunk) return;
      if (chunk.usage) tap.usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) return;
      if (choice.finish_reason) tap.finishReason = choice.finish_reason;
      const delta = choice.delta as Record<string, unknown> | undefined;
      if (!delta) return;
      const chars = outputCharsOf(delta);
      tap.outputChars += chars;
      if (envelope === undefined && chars > 0 && typeof delta['content'] === 'string') {
        envelope = item.data.length - chars;
      }
    },
  };
  return tap;
}

function outputCharsOf(delta: Record<string, unknown>): number {
  let chars = lengthOf(delta['content']) + lengthOf(delta['reasoning_content']);
  for (const call of (delta['tool_calls'] as { function?: { arguments?: string } }[]) ?? []) {
    chars += lengthOf(call.function?.arguments);
  }
  return chars;
}

/** True for the usage-only chunk (`choices: []`) a client that did not ask for usage must not see. */
export function isUsageOnlyChunk(item: ChatStreamItem): boolean {
  if (!item.mayCarryUsage) return false;
  return item.chunk?.usage != null && (item.chunk.choices?.length ?? 0) === 0;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}
