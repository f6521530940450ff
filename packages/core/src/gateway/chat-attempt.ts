import type { StreamOutcome } from '../policies/commit-stream';
import { commitStream } from '../policies/commit-stream';
import type { AttemptContext } from '../policies/execute-with-fallback';
import { callUpstream } from '../upstream/call-upstream';
import type { CallRecorder } from '../usage/call-recorder';
import { estimatePromptTokens } from '../usage/estimate-tokens';
import { concatBytes } from '../util/concat-bytes';
import type { ChatCompletion, ChatCompletionRequest } from '../wire/openai-chat';
import { lateErrorItem, sseEncoder } from './chat-responses';
import {
  type ChatStreamItem,
  createChatStreamTap,
  probeChatItem,
  probeCommittedChatItem,
  readChatStream,
} from './chat-stream-items';
import { type ChatTarget, MissingProviderKeyError } from './chat-targets';
import { usageOutcome } from './chat-usage';
import { throwIfNotOk } from './read-upstream-response';

/** What every attempt of one chat call shares (built once per call, never across calls). */
export interface ChatCall {
  body: ChatCompletionRequest;
  /** The client's bytes: forwarded to the first target when nothing needs rewriting. */
  rawBody: string | undefined;
  recorder: CallRecorder;
  /** Keys of the targets, redacted from every message. */
  secrets: readonly (string | undefined)[];
  timeoutMs: number;
  fetch: typeof fetch | undefined;
  /** Estimated input tokens, for calls whose upstream reports no usage. */
  estimateInput: () => number;
  encode: (item: ChatStreamItem) => Uint8Array | undefined;
}

/** A successful attempt: the whole completion, or a stream committed at its first content part. */
export type ChatAttemptResult =
  | { kind: 'json'; text: string; completion: ChatCompletion }
  | { kind: 'stream'; bytes: ReadableStream<Uint8Array> };

export function createChatCall(args: Omit<ChatCall, 'estimateInput' | 'encode'>): ChatCall {
  const { body } = args;
  return {
    ...args,
    estimateInput: () => estimatePrompt(body),
    encode: sseEncoder(body.stream_options?.include_usage === true),
  };
}

/**
 * One attempt on one target: call it, turn a bad status into an error (for retry/fallback), and
 * for streams read until the first content part (see `commitStream`).
 */
export async function attemptChat(
  call: ChatCall,
  target: ChatTarget,
  ctx: AttemptContext,
): Promise<ChatAttemptResult> {
  if (!target.apiKey) throw new MissingProviderKeyError(target.provider);
  const response = await callUpstream({
    provider: target.provider,
    baseURL: target.baseURL,
    apiKey: target.apiKey,
    body: call.body,
    rawBody: ctx.targetIndex === 0 ? call.rawBody : undefined,
    upstreamModel: target.upstreamModel,
    signal: ctx.signal,
    fetch: call.fetch,
  });
  await throwIfNotOk(response, target.provider.id, call.secrets);
  if (call.body.stream !== true) return readCompletion(response, target);
  const tap = createChatStreamTap();
  const bytes = await commitStream(readChatStream(response.body!, target.provider.id), {
    probe: probeChatItem,
    probeCommitted: probeCommittedChatItem,
    signal: ctx.signal,
    idleTimeoutMs: call.timeoutMs,
    onLateError: (error) => [lateErrorItem(error, call.secrets)],
    onChunk: (item) => tap.observe(item),
    onEnd: (outcome) => finishStream(call, outcome, tap),
    map: call.encode,
    // Events parsed from one upstream read reach the client in one write.
    combine: concatBytes,
  });
  // Committed: the first content part has arrived.
  call.recorder.markFirstToken();
  return { kind: 'stream', bytes };
}

async function readCompletion(response: Response, target: ChatTarget): Promise<ChatAttemptResult> {
  const text = await response.text();
  let completion: ChatCompletion;
  try {
    completion = JSON.parse(text) as ChatCompletion;
  } catch {
    throw upstreamBodyError(`${target.provider.id} returned a body that is not JSON`);
  }
  if (!Array.isArray(completion?.choices)) {
    throw upstreamBodyError(`${target.provider.id} returned no choices`);
  }
  return { kind: 'json', text, completion };
}

/** A 2xx whose body is unusable counts as a bad gateway (retried, then the next target). */
function upstreamBodyError(message: string): Error {
  return Object.assign(new Error(message), { status: 502 });
}

function finishStream(
  call: ChatCall,
  outcome: StreamOutcome,
  tap: ReturnType<typeof createChatStreamTap>,
): void {
  call.recorder.finish({
    status: outcome.status,
    error: outcome.error,
    finishReason: outcome.status === 'success' ? tap.finishReason : 'error',
    ...usageOutcome(tap.usage, call.estimateInput, () => tap.outputChars),
  });
}

function estimatePrompt(body: ChatCompletionRequest): number {
  return estimatePromptTokens([body.messages, body.tools ?? []]);
}
