/** A tool call the fake model should make. `arguments` is the JSON string sent on the wire. */
export interface ToolCallSpec {
  /** Wire id; generated (`call_…` / `toolu_…`) when omitted. */
  id?: string;
  name: string;
  arguments: string;
}

/**
 * Token usage to report. `input` counts all prompt tokens including `cached` ones (OpenAI
 * semantics); `output` counts all completion tokens including `reasoning` ones.
 */
export interface UsageSpec {
  input: number;
  output: number;
  cached?: number;
  reasoning?: number;
}

/** Answer successfully, streaming or not depending on the request's `stream` flag. */
export interface ReplyBehaviour {
  kind: 'reply';
  /** Assistant text; defaults to an echo of the last user message unless tool calls are given. */
  text?: string;
  /** Reasoning text (`reasoning_content` for OpenAI, a `thinking` block for Anthropic). */
  reasoning?: string;
  toolCalls?: ToolCallSpec[];
  /** `stop` / `length` / `tool_calls` (or the Anthropic names); mapped per protocol. */
  finishReason?: string;
  /** `false` omits usage where the protocol allows it (OpenAI); estimated when omitted. */
  usage?: UsageSpec | false;
  /** Wait before sending the response headers. */
  delayMs?: number;
  /** Wait between stream chunks. */
  chunkDelayMs?: number;
  /** Split the text into this many stream deltas; default is roughly one per word. */
  chunks?: number;
}

/** Answer with a provider-shaped error body. */
export interface ErrorBehaviour {
  kind: 'error';
  status: number;
  message?: string;
  /** Error type; defaults to the provider's type for `status`. */
  type?: string;
  /** OpenAI error code; defaults per status. Ignored by the Anthropic fake. */
  code?: string;
  /** Extra response headers, e.g. `retry-after` / `retry-after-ms`. */
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Destroy the socket without any response (a connection error for the client). */
export interface DropBehaviour {
  kind: 'drop';
}

/** Never answer; the socket closes only when the client gives up. */
export interface HangBehaviour {
  kind: 'hang';
}

/**
 * Stream `text`, then fail: destroy the socket, send the provider's error event, or stall (keep
 * the connection open and send nothing more, until the client gives up).
 */
export interface StreamFailBehaviour {
  kind: 'stream-fail';
  text: string;
  then: 'drop' | 'error-event' | 'stall';
  /** Wait between stream chunks (extension: lets a test act before the failure). */
  chunkDelayMs?: number;
}

/** Send exactly this status, headers and body. */
export interface RawBehaviour {
  kind: 'raw';
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** What the fake does with one chat/messages request. */
export type Behaviour =
  | ReplyBehaviour
  | ErrorBehaviour
  | DropBehaviour
  | HangBehaviour
  | StreamFailBehaviour
  | RawBehaviour;
