import type { PriceTable } from '../catalog/prices';
import type { GenerateAdapter, StreamAdapter } from '../engine/call-adapter';
import { upstreamFailureBody } from '../errors/upstream-failure-body';
import { callUpstreamChat } from '../upstream/call-upstream';
import { concatBytes } from '../util/concat-bytes';
import { redactSecrets } from '../util/redact';
import { ChatStreamItem } from '../wire/chat-stream-item';
import type { ChatCompletion, ChatCompletionRequest } from '../wire/openai-chat';
import { encodeSSE } from '../wire/sse';
import {
  createChatStreamTap,
  isUsageOnlyChunk,
  probeChatItem,
  probeCommittedChatItem,
} from './chat-stream-items';
import type { ChatTarget } from './chat-targets';
import { completionChars, tokenUsageOfChat } from './chat-usage';

/** What every attempt of one chat call shares (built once per call, never across calls). */
export interface ChatCall {
  body: ChatCompletionRequest;
  /** The client's bytes: forwarded to the first target when nothing needs rewriting. */
  rawBody: string | undefined;
  /** Keys in play, redacted from every message. */
  secrets: readonly (string | undefined)[];
  fetch: typeof fetch | undefined;
  maxResponseBytes: number | undefined;
  /** Prices the usage chunk's `cost` (as OpenRouter reports it). */
  prices: Pick<PriceTable, 'computeCostUsd'>;
}

/** A completion answer: the JSON text for the client, and the parsed completion. */
export interface ChatCompletionAnswer {
  text: string;
  completion: ChatCompletion;
  /** A gateway cache's verdict, when one answered (`HIT`, `MISS`). */
  cacheStatus: string | undefined;
}

/** What a committed stream says besides its chunks. */
export interface ChatStreamMeta {
  cacheStatus: string | undefined;
}

/** The usage chunk with the call's `cost` in USD added to its `usage`, when it has a price. */
function withCost(
  item: ChatStreamItem,
  target: ChatTarget | undefined,
  prices: Pick<PriceTable, 'computeCostUsd'>,
): ChatStreamItem {
  const chunk = item.chunk;
  if (!chunk?.usage || !target) return item;
  const usage = tokenUsageOfChat(chunk.usage);
  const cost = prices.computeCostUsd({
    provider: target.provider.id,
    model: target.upstreamModel,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    reasoningTokens: usage.reasoningTokens,
  });
  if (cost === undefined) return item;
  return ChatStreamItem.ofChunk({ ...chunk, usage: { ...chunk.usage, cost } });
}

/** An in-band error event without the keys in play (an upstream may echo the key it got). */
function redactedItem(item: ChatStreamItem, secrets: readonly (string | undefined)[]) {
  const data = redactSecrets(item.data, secrets);
  return data === item.data ? item : new ChatStreamItem(data, item.error);
}

/** One attempt's upstream call: the target's key (or why there is none), its bytes. */
function callTarget(call: ChatCall, target: ChatTarget, signal: AbortSignal, first: boolean) {
  if (target.missingKey) throw target.missingKey;
  return callUpstreamChat({
    provider: target.provider,
    baseURL: target.baseURL,
    apiKey: target.apiKey,
    body: call.body,
    rawBody: first ? call.rawBody : undefined,
    upstreamModel: target.upstreamModel,
    signal,
    fetch: call.fetch,
    headers: target.headers,
    secrets: call.secrets,
    maxResponseBytes: call.maxResponseBytes,
  });
}

/** The chat face of the engine for `stream: false`: the completion, its usage. */
export function chatGenerateAdapter(
  call: ChatCall,
): GenerateAdapter<ChatTarget, ChatCompletionAnswer> {
  return {
    async attempt(target, ctx) {
      const result = await callTarget(call, target, ctx.signal, ctx.targetIndex === 0);
      if (result.kind !== 'json') throw new TypeError('Expected a completion, got a stream');
      return { text: result.text, completion: result.completion, cacheStatus: result.cacheStatus };
    },
    usage: ({ completion, cacheStatus }) => ({
      usage: completion.usage ? tokenUsageOfChat(completion.usage) : undefined,
      finishReason: completion.choices?.[0]?.finish_reason ?? undefined,
      outputChars: () => completionChars(completion),
      cacheHit: cacheStatus === 'HIT',
    }),
  };
}

/**
 * The chat face of the engine for `stream: true`: items of the upstream's stream, committed at
 * the first content part, re-framed as SSE for the client (their JSON untouched), the usage
 * chunk it asked for hidden from a client that did not.
 */
export function chatStreamAdapter(
  call: ChatCall,
): StreamAdapter<ChatTarget, ChatStreamItem, Uint8Array, ChatStreamMeta> {
  // No closure here holds `call` (its request, prompt included): the functions below live as long
  // as the answer; only the attempt needs the request, and the engine drops it at the commit.
  const clientWantsUsage = call.body.stream_options?.include_usage === true;
  const { secrets, prices } = call;
  const encoder = new TextEncoder();
  const serving: { target?: ChatTarget } = {};
  const encode = (item: ChatStreamItem) => encoder.encode(encodeSSE({ data: item.data }));
  return {
    attempt: streamAttempt(call, serving),
    probe: probeChatItem,
    probeCommitted: probeCommittedChatItem,
    lateError: (error) => {
      const body = upstreamFailureBody(error, secrets);
      return [new ChatStreamItem(JSON.stringify(body))];
    },
    createTap: (_target, meta) => createChatStreamTap(meta.cacheStatus === 'HIT'),
    map: (item) => {
      // An event that goes out unchanged is sent as the upstream's own bytes when they are its
      // canonical framing (no decode-encode round trip, and a read's events join without a copy).
      if (item.error) return encode(redactedItem(item, secrets));
      if (!isUsageOnlyChunk(item)) return item.frame ?? encode(item);
      if (!clientWantsUsage) return undefined;
      return encode(withCost(item, serving.target, prices));
    },
    // Events parsed from one upstream read reach the client in one write.
    combine: concatBytes,
    // `[DONE]` ends the answer: the client's last bytes and the end go out together.
    isLast: (item) => item.isDone,
  };
}

/** A stream attempt of `call`, noting the target it serves from. */
function streamAttempt(
  call: ChatCall,
  serving: { target?: ChatTarget },
): StreamAdapter<ChatTarget, ChatStreamItem, Uint8Array, ChatStreamMeta>['attempt'] {
  return async (target, ctx) => {
    serving.target = target;
    const result = await callTarget(call, target, ctx.signal, ctx.targetIndex === 0);
    if (result.kind !== 'stream') throw new TypeError('Expected a stream, got a completion');
    return { source: result.items, meta: { cacheStatus: result.cacheStatus } };
  };
}
