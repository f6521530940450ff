/** How a call ended. */
export type GatewayEventStatus =
  | 'success'
  | 'error'
  | 'aborted'
  | 'budget_exceeded'
  | 'rate_limited'
  | 'invalid_request'
  | 'unauthorized';

/**
 * One record per call, the same for the AI SDK provider and the server: what was asked, what
 * served it, how long it took, what it used and cost. Never carries a key or a prompt.
 */
export interface GatewayEvent {
  /** Unique id of the event (and of the call). */
  id: string;
  /** ISO time the call started. */
  timestamp: string;
  /** Request id given by the caller or the server, when there was one. */
  requestId?: string | undefined;
  /** Which gateway served: `unified`, `direct`, `server`, `cloudflare`, `vercel`, or a model's provider. */
  gateway: string;
  /**
   * What was called: `chat`, `embeddings`, `images`, `transcriptions` (translations too),
   * `speech`, `moderations`, `responses`, …
   */
  operation: string;
  /** Whether the call streamed. */
  stream: boolean;
  /** Provider that served (or was tried last), e.g. `openai`. */
  provider: string | undefined;
  /** The model id as the caller asked for it (the first of a fallback list). */
  requestedModel: string;
  /** The model that served (or was tried last), as the upstream was asked for it. */
  model: string | undefined;
  status: GatewayEventStatus;
  /** Upstream attempts made, retries and fallbacks included (0 if refused before any). */
  attempts: number;
  /** Index of the target that served in the fallback list (0 = the first choice). */
  fallbackIndex: number;
  latencyMs: number;
  /** Streams only: time from the call's start to its first content part. */
  timeToFirstTokenMs?: number | undefined;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from a prompt cache (part of `inputTokens`). */
  cachedInputTokens: number;
  /** Reasoning tokens (part of `outputTokens`). */
  reasoningTokens: number;
  /** Images generated (`images` calls). */
  images?: number | undefined;
  /** Characters of input text (`speech` calls are priced by them). */
  inputCharacters?: number | undefined;
  /** Seconds of audio transcribed or translated, when the upstream said (`transcriptions`). */
  audioSeconds?: number | undefined;
  /** True when the upstream sent no usage and the tokens are an estimate. */
  usageEstimated: boolean;
  /**
   * Cost in USD: as the serving gateway reported it when it does (Vercel AI Gateway), else from
   * the price table; 0 for a cache hit; undefined when the model has no known price.
   */
  costUsd: number | undefined;
  /** The answer came from a cache (e.g. Cloudflare AI Gateway's `cf-aig-cache-status: HIT`). */
  cacheHit: boolean;
  /** Why the model stopped (`stop`, `length`, `tool-calls`, `error`, …), when known. */
  finishReason?: string | undefined;
  /** End user the call was made for. */
  user?: string | undefined;
  tags: string[];
  metadata: Record<string, string>;
  /** Id (never the secret) of the gateway key the call came with. */
  keyId?: string | undefined;
  /**
   * What went wrong: the `type` and `code` an OpenAI client sees in the error body for it
   * (`invalid_request_error` / `invalid_model`, `upstream_error` / `connection_error`, …);
   * messages are redacted of secrets.
   */
  error?:
    | {
        message: string;
        status?: number | undefined;
        type?: string | undefined;
        code?: string | undefined;
      }
    | undefined;
}

/** Token usage as reported (or estimated) for one call. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number | undefined;
  reasoningTokens?: number | undefined;
}

/** Usage that is not tokens (images, characters, audio seconds), copied into the event. */
export interface UsageUnits {
  images?: number | undefined;
  inputCharacters?: number | undefined;
  audioSeconds?: number | undefined;
}

/** Receives every event; errors thrown by a sink never fail the call. */
export type GatewayEventSink = (event: GatewayEvent) => void | Promise<void>;
