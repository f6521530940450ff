import type { AnswerUsage } from '../engine/call-adapter';
import type { ProbeResult } from '../engine/commit-stream';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import type { ResponsesUsage } from '../wire/responses/responses-api';
import { encodeSSE } from '../wire/sse';

/**
 * One event of a Responses API stream as a provider sent it: its `type` (the SSE `event:` name,
 * or the data's `type` when a provider sends none) and its data, forwarded untouched. The JSON
 * is parsed only for the few events the gateway reads (lifecycle, added items, errors).
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class ResponsesStreamItem {
  readonly type: string;
  readonly data: string;
  /**
   * The event's bytes as the upstream sent them, when they are exactly what `encode` gives
   * (`sseFrames`): sent as they are when the item goes out unchanged.
   */
  readonly frame: Uint8Array | undefined;
  #parsed: Record<string, any> | null | undefined;

  constructor(type: string, data: string, parsed?: Record<string, any>, frame?: Uint8Array) {
    this.type = type;
    this.data = data;
    this.#parsed = parsed;
    this.frame = frame;
  }

  /**
   * The item of one SSE event; undefined for junk (comments, non-JSON data). `frame` is kept
   * for a named event (a nameless one is sent named, so not as it came).
   */
  static of(
    event: { event?: string | undefined; data: string },
    frame?: Uint8Array,
  ): ResponsesStreamItem | undefined {
    if (event.data.trimStart()[0] !== '{') return undefined;
    if (event.event) return new ResponsesStreamItem(event.event, event.data, undefined, frame);
    const parsed = parse(event.data);
    if (!parsed || typeof parsed['type'] !== 'string') return undefined;
    return new ResponsesStreamItem(parsed['type'], event.data, parsed);
  }

  get parsed(): Record<string, any> | undefined {
    if (this.#parsed === undefined) this.#parsed = parse(this.data);
    return this.#parsed ?? undefined;
  }

  /** The event as SSE bytes' text, named as OpenAI names it. */
  encode(): string {
    return encodeSSE({ event: this.type, data: this.data });
  }

  /** Whether the event ends a response (`response.completed`, `.incomplete`, `.failed`, `error`). */
  get isTerminal(): boolean {
    return TERMINAL.has(this.type);
  }

  /** The failure an `error` or `response.failed` event reports; undefined for other events. */
  failure(provider: string): UpstreamHttpError | undefined {
    if (this.type !== 'error' && this.type !== 'response.failed') return undefined;
    const body = this.parsed ?? {};
    const detail =
      (this.type === 'error' ? (body['error'] ?? body) : body['response']?.error) ?? {};
    return new UpstreamHttpError({
      status: 502,
      message:
        typeof detail.message === 'string' && detail.message
          ? detail.message
          : `${provider} reported a failed response`,
      body,
      provider,
      type: typeof detail.type === 'string' ? detail.type : undefined,
      code: typeof detail.code === 'string' ? detail.code : undefined,
      param: typeof detail.param === 'string' ? detail.param : undefined,
    });
  }

  /** `sequence_number` of the event, when it has one. */
  get sequenceNumber(): number | undefined {
    const match = /"sequence_number":\s*(\d+)/.exec(this.data);
    return match ? Number(match[1]) : undefined;
  }
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/** Output items that are the model's answer as soon as they are added (tool calls). */
const PLAIN_ITEMS = new Set(['message', 'reasoning']);

function parse(data: string): Record<string, any> | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, any>) : null;
  } catch {
    return null;
  }
}

/**
 * Commit-at-first-content for Responses events: any `*.delta` (text, refusal, reasoning,
 * function arguments), a finished output item, or an added item other than an empty message or
 * reasoning (a tool call) commits. `error` and `response.failed` are failures (retried or
 * fallen back from before the commit point); `response.completed` / `.incomplete` a proper end.
 */
export function probeResponsesItem(item: ResponsesStreamItem, provider: string): ProbeResult {
  const { type } = item;
  if (type === 'error' || type === 'response.failed') {
    return { type: 'error', error: item.failure(provider) };
  }
  if (type.endsWith('.delta') || type === 'response.output_item.done') return { type: 'content' };
  if (type === 'response.output_item.added') {
    const itemType = item.parsed?.['item']?.type;
    return PLAIN_ITEMS.has(itemType) ? undefined : { type: 'content' };
  }
  if (type === 'response.completed' || type === 'response.incomplete') return { type: 'finish' };
  return undefined;
}

/** After the commit point only failures matter. */
export function probeCommittedResponsesItem(
  item: ResponsesStreamItem,
  provider: string,
): ProbeResult {
  if (item.type !== 'error' && item.type !== 'response.failed') return undefined;
  return { type: 'error', error: item.failure(provider) };
}

/**
 * Collects usage, the finish reason and the output size from the events a client receives:
 * usage from the closing `response.completed` / `.incomplete` / `.failed` event; the size of
 * `*.delta` events is counted from their length less the envelope of the first one parsed (only
 * used when the provider reports no usage).
 */
export function createResponsesStreamTap() {
  let envelope: number | undefined;
  let usage: ResponsesUsage | undefined;
  let finishReason: string | undefined;
  let outputChars = 0;
  return {
    observe(item: ResponsesStreamItem) {
      if (item.type.endsWith('.delta')) {
        if (envelope === undefined) {
          const delta = item.parsed?.['delta'];
          const chars = typeof delta === 'string' ? delta.length : 0;
          envelope = item.data.length - chars;
          outputChars += chars;
        } else outputChars += Math.max(0, item.data.length - envelope);
        return;
      }
      if (!item.isTerminal || item.type === 'error') return;
      const response = item.parsed?.['response'];
      if (response?.usage) usage = response.usage;
      finishReason = finishReasonOf(item.type, response);
    },
    result(): AnswerUsage {
      return {
        usage: usage ? tokenUsageOfResponses(usage) : undefined,
        finishReason,
        outputChars: () => outputChars,
      };
    },
  };
}

/** Responses usage as token counts. */
export function tokenUsageOfResponses(usage: Partial<ResponsesUsage>) {
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? undefined,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? undefined,
  };
}

/**
 * The event's finish reason in the words events use for chat (`stop`, `tool_calls`, `length`,
 * `content_filter`, `error`), from a response's status and output.
 */
export function finishReasonOf(
  type: string,
  response: {
    status?: string;
    incomplete_details?: { reason?: string } | null;
    output?: unknown[];
  },
): string {
  if (type === 'response.failed' || response?.status === 'failed') return 'error';
  if (type === 'response.incomplete' || response?.status === 'incomplete') {
    return response?.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  }
  const calls = (response?.output ?? []).some(
    (item) => (item as { type?: string })?.type === 'function_call',
  );
  return calls ? 'tool_calls' : 'stop';
}
