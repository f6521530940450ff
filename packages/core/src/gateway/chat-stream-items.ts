import { createParser } from 'eventsource-parser';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import type { ChunkSource, ProbeResult } from '../policies/commit-stream';
import type { ChatCompletionChunk, ChatUsage } from '../wire/openai-chat';
import { SSE_DONE } from '../wire/sse';

/** One upstream SSE event of a chat stream, with its chunk parsed once. */
export interface ChatStreamItem {
  data: string;
  chunk?: ChatCompletionChunk;
  /** An in-band error event (`data: {"error": …}`). */
  error?: UpstreamHttpError;
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
    hasBuffered: () => queue.length > 0,
  };
}

function toItem(data: string, provider: string): ChatStreamItem | undefined {
  if (data === SSE_DONE) return { data };
  let parsed: any;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined; // junk between events: nothing a client can use
  }
  if (parsed?.error) {
    const message = parsed.error.message ?? 'Upstream stream error';
    const error = new UpstreamHttpError({
      status: 502,
      message: `${provider}: ${message}`,
      body: parsed,
      provider,
    });
    return { data, error };
  }
  return { data, chunk: parsed as ChatCompletionChunk };
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

/** Collects usage, finish reason and output size from the items a client receives. */
export function createChatStreamTap() {
  const tap = {
    usage: undefined as ChatUsage | undefined,
    finishReason: undefined as string | undefined,
    model: undefined as string | undefined,
    outputChars: 0,
    observe(item: ChatStreamItem) {
      const chunk = item.chunk;
      if (!chunk) return;
      if (chunk.usage) tap.usage = chunk.usage;
      tap.model ??= chunk.model;
      const choice = chunk.choices?.[0];
      if (!choice) return;
      if (choice.finish_reason) tap.finishReason = choice.finish_reason;
      const delta = choice.delta as Record<string, unknown> | undefined;
      if (!delta) return;
      tap.outputChars += lengthOf(delta['content']) + lengthOf(delta['reasoning_content']);
      for (const call of (delta['tool_calls'] as { function?: { arguments?: string } }[]) ?? []) {
        tap.outputChars += lengthOf(call.function?.arguments);
      }
    },
  };
  return tap;
}

/** True for the usage-only chunk (`choices: []`) a client that did not ask for usage must not see. */
export function isUsageOnlyChunk(item: ChatStreamItem): boolean {
  return item.chunk?.usage != null && (item.chunk.choices?.length ?? 0) === 0;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}
