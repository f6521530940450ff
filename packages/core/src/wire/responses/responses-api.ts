/*
 * Raw OpenAI Responses API wire shapes (`POST /v1/responses`): the response object, its output
 * items and the streamed events, as far as the gateway builds or reads them. Upstream answers may
 * carry more fields and item types (they are passed through untouched).
 * https://platform.openai.com/docs/api-reference/responses/object
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */

/** Text the model produced, inside an output `message`. */
export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}

/** A refusal, inside an output `message`. */
export interface ResponsesOutputRefusal {
  type: 'refusal';
  refusal: string;
}

/** Reasoning text (models that expose it), inside a `reasoning` item. */
export interface ResponsesReasoningText {
  type: 'reasoning_text';
  text: string;
}

export type ResponsesItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** An assistant message of the output. */
export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  status: ResponsesItemStatus;
  role: 'assistant';
  content: Array<ResponsesOutputText | ResponsesOutputRefusal>;
}

/** A function call of the output; `call_id` is what the caller's `function_call_output` names. */
export interface ResponsesFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: ResponsesItemStatus;
}

/** A reasoning item of the output. */
export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: unknown[];
  content?: ResponsesReasoningText[];
  status?: ResponsesItemStatus;
}

export type ResponsesOutputItem =
  | ResponsesOutputMessage
  | ResponsesFunctionCall
  | ResponsesReasoningItem;

/** Token usage of a response (cached input and reasoning are parts of the totals). */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'completed' | 'failed' | 'in_progress' | 'incomplete';

/** The response object (`object: "response"`). */
export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: Record<string, unknown> };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, string>;
  /** SDK convenience field: the concatenated `output_text` of every message. */
  output_text?: string;
}

type Sequenced = { sequence_number: number };

/** One streamed event; every event carries its `sequence_number`. */
export type ResponsesStreamEvent = Sequenced &
  (
    | {
        type:
          | 'response.created'
          | 'response.in_progress'
          | 'response.completed'
          | 'response.incomplete'
          | 'response.failed';
        response: ResponsesResponse;
      }
    | {
        type: 'response.output_item.added' | 'response.output_item.done';
        output_index: number;
        item: ResponsesOutputItem;
      }
    | {
        type: 'response.content_part.added' | 'response.content_part.done';
        item_id: string;
        output_index: number;
        content_index: number;
        part: ResponsesOutputText | ResponsesOutputRefusal | ResponsesReasoningText;
      }
    | {
        type: 'response.output_text.delta';
        item_id: string;
        output_index: number;
        content_index: number;
        delta: string;
        logprobs: unknown[];
      }
    | {
        type: 'response.output_text.done';
        item_id: string;
        output_index: number;
        content_index: number;
        text: string;
        logprobs: unknown[];
      }
    | {
        type: 'response.refusal.delta' | 'response.reasoning_text.delta';
        item_id: string;
        output_index: number;
        content_index: number;
        delta: string;
      }
    | {
        type: 'response.refusal.done';
        item_id: string;
        output_index: number;
        content_index: number;
        refusal: string;
      }
    | {
        type: 'response.reasoning_text.done';
        item_id: string;
        output_index: number;
        content_index: number;
        text: string;
      }
    | {
        type: 'response.function_call_arguments.delta';
        item_id: string;
        output_index: number;
        delta: string;
      }
    | {
        type: 'response.function_call_arguments.done';
        item_id: string;
        output_index: number;
        name: string;
        arguments: string;
      }
    | { type: 'error'; code: string | null; message: string; param: string | null }
  );
