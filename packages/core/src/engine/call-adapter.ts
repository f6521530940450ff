import type { BudgetGuard } from '../budget/budget-guard';
import type { TokenUsage, UsageUnits } from '../usage/gateway-event';
import type { ChunkSource, ProbeResult } from './commit-stream';
import type { AttemptContext } from './execute-with-fallback';

/** Who a call is for and how it is known: copied into its event, used for budget scopes. */
export interface CallSubject {
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  metadata?: Record<string, string> | undefined;
  requestId?: string | undefined;
  /** Id (never the secret) of the gateway key the call came with. */
  keyId?: string | undefined;
}

/** One call, as a face hands it to the engine. */
export interface CallSpec<T> {
  /** `chat`, `embeddings`, … (event and span name). */
  operation: string;
  stream: boolean;
  /** Routed targets in fallback order; the first is the caller's choice. */
  targets: readonly T[];
  /**
   * Provider and model of a target, for events, spans and prices; and the gateway that serves
   * it when it is not the engine's own (a fallback array mixing gateways).
   */
  describe(target: T): { provider: string; model: string; gateway?: string | undefined };
  /** The model id as the caller asked for it. */
  requestedModel: string;
  subject: CallSubject;
  signal?: AbortSignal | undefined;
  /** Keys in play, redacted from every message the call produces. */
  secrets: readonly (string | undefined)[];
  /** Estimated input tokens (budget reservation, and usage when the upstream reports none). */
  estimateInputTokens(): number;
  /** The caller's cap on output tokens, bounding the budget reservation. */
  maxOutputTokens?: number | undefined;
  /** Budgets of this call besides the engine's own (e.g. its key's), all reserved together. */
  budgets?: readonly BudgetGuard[] | undefined;
  /**
   * Most a target can cost when it is priced per unit (per image, per character, per second)
   * rather than per token: budgets reserve this for a model the price table lacks.
   */
  maxUnitCostUsd?(target: T): number | undefined;
}

/** What a finished answer says about its usage. */
export interface AnswerUsage {
  /** Usage as the upstream reported it; undefined when it reported none (then estimated). */
  usage: TokenUsage | undefined;
  finishReason?: string | undefined;
  /** Characters generated, for an estimate when no usage was reported. */
  outputChars(): number;
  /** The answer came from a cache: it costs nothing. */
  cacheHit?: boolean | undefined;
  /** The cost the serving gateway reported, used instead of the price table's. */
  costUsd?: number | undefined;
  /** Usage that is not tokens (images, characters, audio seconds), for the event. */
  units?: UsageUnits | undefined;
}

/** How a face makes a one-shot (non-streaming) call. */
export interface GenerateAdapter<T, R> {
  /** One attempt on one target; throws to retry or fall back. */
  attempt(target: T, context: AttemptContext): PromiseLike<R>;
  /** Where the usage of a result is (`target` served it). */
  usage(result: R, target: T): AnswerUsage;
  /** Attempts a Stereos server behind this one made for the result (`x-stereos-attempts`). */
  gatewayAttempts?(result: R): number | undefined;
}

/** A streaming attempt that answered: its chunks, plus whatever the face needs of the rest. */
export interface StreamStart<C, M> {
  source: ChunkSource<C> | ReadableStream<C>;
  meta: M;
}

/** Collects usage from the chunks a consumer receives. */
export interface StreamTap<C> {
  observe(chunk: C): void;
  result(): AnswerUsage;
}

/** How a face makes a streaming call: what an attempt is, what counts as content, how a late
 * error is expressed, where usage is. */
export interface StreamAdapter<T, C, O, M> {
  attempt(target: T, context: AttemptContext): Promise<StreamStart<C, M>>;
  /** Commit rule: content, in-band error, finish, or nothing of note. */
  probe(chunk: C): ProbeResult;
  /** After the commit point only errors matter; a cheaper probe may say so. */
  probeCommitted?(chunk: C): ProbeResult;
  /** Chunks that end a stream failing after its first content (an error part, a finish). */
  lateError(error: unknown): C[];
  /** A tap for the stream of the attempt that committed (`target` serves it). */
  createTap(target: T, meta: M): StreamTap<C>;
  /** Turns a chunk into what the consumer gets, in the same step (undefined drops it). */
  map?(chunk: C): O | undefined;
  /** Joins outputs ready together into one (one write per upstream read). */
  combine?(outputs: O[]): O;
  /** The protocol's last chunk (chat's `[DONE]`): the answer ends there. */
  isLast?(chunk: C): boolean;
  gatewayAttempts?(meta: M): number | undefined;
}

/** What served a call. */
export interface ServedBy {
  provider: string;
  model: string;
  /** Upstream attempts, retries and fallbacks included (a gateway behind this one's too). */
  attempts: number;
  /** Index of the target that served in the fallback list (0 = the first choice). */
  fallbackIndex: number;
}
