/*
 * Raw Anthropic Messages API wire shapes (`POST /v1/messages`, `anthropic-version: 2023-06-01`).
 * Only what the gateway builds or reads is typed; responses may carry more fields and block types.
 */

// ---------------------------------------------------------------------------------------------
// Request

/** Prompt-caching breakpoint marker. */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

/** A text block (request or response). */
export interface AnthropicTextBlockParam {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

/** Where an image or document comes from. */
export type AnthropicMediaSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: 'text/plain'; data: string };

/** An image input block. */
export interface AnthropicImageBlockParam {
  type: 'image';
  source: AnthropicMediaSource;
  cache_control?: AnthropicCacheControl;
}

/** A document (PDF or plain text) input block. */
export interface AnthropicDocumentBlockParam {
  type: 'document';
  source: AnthropicMediaSource;
  title?: string;
  cache_control?: AnthropicCacheControl;
}

/** A tool call from a previous assistant turn. */
export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

/** The result of a tool call, sent in a user turn. */
export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlockParam | AnthropicImageBlockParam>;
  is_error?: boolean;
}

/** Any block the gateway sends inside `messages[].content`. */
export type AnthropicContentBlockParam =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicDocumentBlockParam
  | AnthropicToolUseBlockParam
  | AnthropicToolResultBlockParam;

/** One conversation turn; roles must alternate. */
export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlockParam[];
}

/** A client tool definition. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** How the model may use tools. */
export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** Request body of `POST /v1/messages`. */
export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens: number;
  system?: string | AnthropicTextBlockParam[];
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id?: string };
}

// ---------------------------------------------------------------------------------------------
// Response

/** Why the model stopped. */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/** Token usage; cache fields are absent or null when prompt caching did not apply. */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  [key: string]: unknown;
}

/** A text block of a response. */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  citations?: unknown[] | null;
}

/** A tool call of a response. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

/** Extended-thinking output. */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

/** Encrypted thinking output. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** A block of a server tool (web search, code execution, …); not mapped to Chat. */
export interface AnthropicServerToolBlock {
  type: 'server_tool_use' | 'web_search_tool_result' | 'web_fetch_tool_result';
  [key: string]: unknown;
}

/**
 * A content block of a response. The set grows over time; converters skip types they do not
 * know, so code must not assume this union is exhaustive at runtime.
 */
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicToolUseBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicServerToolBlock;

/** Response body of a non-streaming `POST /v1/messages`. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

// ---------------------------------------------------------------------------------------------
// Streaming

/** A content block delta. */
export type AnthropicContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown };

/** The payload of one streaming event (its `type` equals the SSE `event:` name). */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: Partial<AnthropicUsage>;
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorDetail };

// ---------------------------------------------------------------------------------------------
// Errors

/** Documented error types; others may appear. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** The inner error object. */
export interface AnthropicErrorDetail {
  type: AnthropicErrorType | (string & {});
  message: string;
}

/** The error envelope of non-2xx responses. */
export interface AnthropicErrorBody {
  type: 'error';
  error: AnthropicErrorDetail;
  request_id?: string;
}
