import { z } from 'zod';

/*
 * The inbound Anthropic Messages request (`POST /v1/messages`, `POST /v1/messages/count_tokens`)
 * as Stereos accepts it from Anthropic clients (Claude Code, `@anthropic-ai/sdk`).
 * https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/api/messages-count-tokens
 *
 * Objects are loose (new API fields must not break a client), but every block type is named:
 * a block Stereos cannot translate is a 400 naming its path, never silently lost.
 */

const cacheControl = z.looseObject({ type: z.literal('ephemeral') }).nullish();

const textBlock = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
});

const imageSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
]);

const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: imageSource,
  cache_control: cacheControl,
});

const documentSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
]);

const documentBlock = z.looseObject({
  type: z.literal('document'),
  source: documentSource,
  title: z.string().nullish(),
  cache_control: cacheControl,
});

const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  cache_control: cacheControl,
});

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z
    .union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))])
    .optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

// Extended thinking from earlier turns; Chat has no place for it (see the converter).
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking') });

const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

// `system` is a mid-conversation system message (text only; the converter names any other
// block): https://platform.claude.com/docs/en/build-with-claude/mid-conversation-system-messages
const messageParam = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

// A client tool (`type` absent or `custom`). Server tools (`web_search_20250305`,
// `bash_20250124`, …) parse too, so the converter can name them in its refusal.
const tool = z.looseObject({
  type: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: cacheControl,
});

const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({
    type: z.literal('tool'),
    name: z.string().min(1),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.looseObject({ type: z.literal('none') }),
]);

const promptFields = {
  model: z.string().min(1),
  messages: z.array(messageParam).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
};

/** `POST /v1/messages`. */
export const anthropicMessagesRequestSchema = z.looseObject({
  ...promptFields,
  max_tokens: z.number().int().min(1),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
});

/** `POST /v1/messages/count_tokens`: the prompt fields, without `max_tokens`. */
export const anthropicCountTokensRequestSchema = z.looseObject(promptFields);

/** A validated inbound Messages request. */
export type AnthropicMessagesInput = z.infer<typeof anthropicMessagesRequestSchema>;

/** A validated inbound count_tokens request. */
export type AnthropicCountTokensInput = z.infer<typeof anthropicCountTokensRequestSchema>;

/** One content block of an inbound message. */
export type AnthropicInputBlock = z.infer<typeof contentBlock>;
