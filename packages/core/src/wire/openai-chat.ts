import { z } from 'zod';

/*
 * OpenAI Chat Completions wire shapes (`POST /v1/chat/completions`).
 *
 * Objects are loose: the gateway forwards requests to OpenAI-compatible upstreams untouched, so
 * fields this file does not know about (new API parameters, vendor extensions) must survive a
 * parse. Only the fields the gateway reads or documents are typed.
 */

const messageRoles = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

/**
 * Error option for discriminated unions: zod's default says "Invalid discriminator value";
 * name the allowed values the way z.enum does instead.
 */
function invalidOption(values: readonly string[]) {
  const expected = values.map((value) => `"${value}"`).join('|');
  return {
    error: (issue: { code?: string }) =>
      issue.code === 'invalid_union' ? `Invalid option: expected one of ${expected}` : undefined,
  };
}

/** The five Chat roles; also used for error messages on a bad `role`. */
export const chatMessageRoleSchema = z.enum(messageRoles).meta({
  id: 'ChatMessageRole',
  description: 'The role of the author of a chat message.',
});

// ---------------------------------------------------------------------------------------------
// Content parts

export const chatTextPartSchema = z
  .looseObject({ type: z.literal('text'), text: z.string() })
  .meta({ id: 'ChatTextPart', description: 'A text content part.' });

export const chatImagePartSchema = z
  .looseObject({
    type: z.literal('image_url'),
    image_url: z.looseObject({
      url: z.string().describe('An http(s) URL or a base64 `data:` URL.'),
      detail: z.enum(['auto', 'low', 'high']).optional(),
    }),
  })
  .meta({ id: 'ChatImagePart', description: 'An image content part (user messages only).' });

export const chatAudioPartSchema = z
  .looseObject({
    type: z.literal('input_audio'),
    input_audio: z.looseObject({
      data: z.string().describe('Base64 audio, without a `data:` prefix.'),
      format: z.enum(['wav', 'mp3']),
    }),
  })
  .meta({ id: 'ChatAudioPart', description: 'An input audio content part (user messages only).' });

export const chatFilePartSchema = z
  .looseObject({
    type: z.literal('file'),
    file: z.looseObject({
      file_data: z.string().optional().describe('Base64 file data, usually a `data:` URL.'),
      file_id: z.string().optional(),
      filename: z.string().optional(),
    }),
  })
  .meta({ id: 'ChatFilePart', description: 'A file content part (user messages only).' });

export const chatRefusalPartSchema = z
  .looseObject({ type: z.literal('refusal'), refusal: z.string() })
  .meta({ id: 'ChatRefusalPart', description: 'A refusal content part (assistant messages).' });

export const chatUserContentPartSchema = z
  .discriminatedUnion(
    'type',
    [chatTextPartSchema, chatImagePartSchema, chatAudioPartSchema, chatFilePartSchema],
    invalidOption(['text', 'image_url', 'input_audio', 'file']),
  )
  .meta({ id: 'ChatUserContentPart', description: 'A content part of a user message.' });

const textContentSchema = z.union([z.string(), z.array(chatTextPartSchema)]);

// ---------------------------------------------------------------------------------------------
// Tool calls

export const chatToolCallSchema = z
  .looseObject({
    id: z.string(),
    type: z.literal('function'),
    function: z.looseObject({
      name: z.string(),
      arguments: z.string().describe('The arguments as a JSON-encoded string.'),
    }),
  })
  .meta({ id: 'ChatToolCall', description: 'A function tool call made by the assistant.' });

// ---------------------------------------------------------------------------------------------
// Messages

export const chatSystemMessageSchema = z
  .looseObject({
    role: z.literal('system'),
    content: textContentSchema,
    name: z.string().optional(),
  })
  .meta({ id: 'ChatSystemMessage', description: 'A system message.' });

export const chatDeveloperMessageSchema = z
  .looseObject({
    role: z.literal('developer'),
    content: textContentSchema,
    name: z.string().optional(),
  })
  .meta({
    id: 'ChatDeveloperMessage',
    description: 'A developer message (newer alias of system).',
  });

export const chatUserMessageSchema = z
  .looseObject({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(chatUserContentPartSchema)]),
    name: z.string().optional(),
  })
  .meta({ id: 'ChatUserMessage', description: 'A user message.' });

export const chatAssistantMessageSchema = z
  .looseObject({
    role: z.literal('assistant'),
    content: z
      .union([
        z.string(),
        z.array(
          z.discriminatedUnion(
            'type',
            [chatTextPartSchema, chatRefusalPartSchema],
            invalidOption(['text', 'refusal']),
          ),
        ),
      ])
      .nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(chatToolCallSchema).optional(),
    name: z.string().optional(),
  })
  .meta({ id: 'ChatAssistantMessage', description: 'A previous assistant turn.' });

export const chatToolMessageSchema = z
  .looseObject({
    role: z.literal('tool'),
    content: textContentSchema,
    tool_call_id: z.string(),
  })
  .meta({ id: 'ChatToolMessage', description: 'The result of a tool call.' });

export const chatMessageSchema = z
  .discriminatedUnion(
    'role',
    [
      chatSystemMessageSchema,
      chatDeveloperMessageSchema,
      chatUserMessageSchema,
      chatAssistantMessageSchema,
      chatToolMessageSchema,
    ],
    invalidOption(messageRoles),
  )
  .meta({ id: 'ChatMessage', description: 'A message in a chat conversation.' });

// ---------------------------------------------------------------------------------------------
// Tools

export const chatFunctionToolSchema = z
  .looseObject({
    type: z.literal('function'),
    function: z.looseObject({
      name: z.string().min(1),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional().describe('A JSON Schema object.'),
      strict: z.boolean().nullish(),
    }),
  })
  .meta({ id: 'ChatFunctionTool', description: 'A function the model may call.' });

export const chatToolChoiceSchema = z
  .union([
    z.enum(['none', 'auto', 'required']),
    z.looseObject({
      type: z.literal('function'),
      function: z.looseObject({ name: z.string() }),
    }),
  ])
  .meta({
    id: 'ChatToolChoice',
    description: 'Controls which (if any) tool the model calls.',
  });

// ---------------------------------------------------------------------------------------------
// Request

export const chatCompletionRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(chatMessageSchema).min(1),
    tools: z.array(chatFunctionToolSchema).optional(),
    tool_choice: chatToolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    stream: z.boolean().nullish(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.number().int().min(1).nullish(),
    stop: z.union([z.string(), z.array(z.string())]).nullish(),
    seed: z.number().int().nullish(),
    user: z.string().optional(),
    response_format: z
      .looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) })
      .optional(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    logit_bias: z.record(z.string(), z.number()).nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
    reasoning_effort: z.string().nullish(),
    service_tier: z.string().nullish(),
    store: z.boolean().nullish(),
    models: z.array(z.string().min(1)).min(1).optional().meta({
      description:
        'Stereos extension (OpenRouter style): models to try in order if `model` fails before its first token. Not sent upstream.',
    }),
  })
  .meta({
    id: 'ChatCompletionRequest',
    description: 'Request body of POST /v1/chat/completions. Unknown fields are forwarded as-is.',
  });

// ---------------------------------------------------------------------------------------------
// Response

export const chatUsageSchema = z
  .looseObject({
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    total_tokens: z.number().int(),
    prompt_tokens_details: z
      .looseObject({
        cached_tokens: z.number().int().optional(),
        audio_tokens: z.number().int().optional(),
        cache_write_tokens: z
          .number()
          .int()
          .optional()
          .describe('Non-standard: prompt tokens written to the cache (Anthropic).'),
      })
      .nullish(),
    completion_tokens_details: z
      .looseObject({
        reasoning_tokens: z.number().int().optional(),
        audio_tokens: z.number().int().optional(),
        accepted_prediction_tokens: z.number().int().optional(),
        rejected_prediction_tokens: z.number().int().optional(),
      })
      .nullish(),
  })
  .meta({ id: 'ChatUsage', description: 'Token usage of a chat completion.' });

export const chatFinishReasonSchema = z
  .enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call'])
  .meta({ id: 'ChatFinishReason', description: 'Why the model stopped generating.' });

export const chatCompletionMessageSchema = z
  .looseObject({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    refusal: z.string().nullish(),
    tool_calls: z.array(chatToolCallSchema).optional(),
    reasoning_content: z
      .string()
      .optional()
      .describe('Non-standard: reasoning / thinking text, when the upstream exposes it.'),
  })
  .meta({ id: 'ChatCompletionMessage', description: 'The assistant message of a choice.' });

export const chatCompletionSchema = z
  .looseObject({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int().describe('Unix timestamp in seconds.'),
    model: z.string(),
    choices: z.array(
      z.looseObject({
        index: z.number().int(),
        message: chatCompletionMessageSchema,
        finish_reason: chatFinishReasonSchema.nullable(),
        logprobs: z.unknown().nullish(),
      }),
    ),
    usage: chatUsageSchema.optional(),
    system_fingerprint: z.string().nullish(),
    service_tier: z.string().nullish(),
  })
  .meta({ id: 'ChatCompletion', description: 'Response body of a non-streaming chat completion.' });

export const chatToolCallDeltaSchema = z
  .looseObject({
    index: z.number().int(),
    id: z.string().optional(),
    type: z.literal('function').optional(),
    function: z
      .looseObject({ name: z.string().optional(), arguments: z.string().optional() })
      .optional(),
  })
  .meta({
    id: 'ChatToolCallDelta',
    description: 'A piece of a streamed tool call; `index` identifies the call across chunks.',
  });

export const chatCompletionChunkSchema = z
  .looseObject({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.looseObject({
        index: z.number().int(),
        delta: z.looseObject({
          role: z.literal('assistant').optional(),
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z.array(chatToolCallDeltaSchema).optional(),
          reasoning_content: z.string().optional(),
        }),
        finish_reason: chatFinishReasonSchema.nullable(),
        logprobs: z.unknown().nullish(),
      }),
    ),
    usage: chatUsageSchema.nullish().describe('Only on the final chunk with `include_usage`.'),
    system_fingerprint: z.string().nullish(),
    service_tier: z.string().nullish(),
  })
  .meta({
    id: 'ChatCompletionChunk',
    description: 'One server-sent event of a streaming chat completion.',
  });

// ---------------------------------------------------------------------------------------------
// Errors

export const openAIErrorBodySchema = z
  .looseObject({
    error: z.looseObject({
      message: z.string(),
      type: z.string(),
      param: z.string().nullish(),
      code: z.string().nullish(),
    }),
  })
  .meta({ id: 'OpenAIErrorBody', description: 'The OpenAI error envelope.' });

// ---------------------------------------------------------------------------------------------
// Types

/** Request body of `POST /v1/chat/completions`; unknown fields pass through. */
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
/** Any message of a chat conversation (system, developer, user, assistant or tool). */
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** A user message content part: text, image_url, input_audio or file. */
export type ChatUserContentPart = z.infer<typeof chatUserContentPartSchema>;
/** A function tool call on an assistant message. */
export type ChatToolCall = z.infer<typeof chatToolCallSchema>;
/** A function tool definition of the request. */
export type ChatFunctionTool = z.infer<typeof chatFunctionToolSchema>;
/** The request's `tool_choice`. */
export type ChatToolChoice = z.infer<typeof chatToolChoiceSchema>;
/** Why generation stopped. */
export type ChatFinishReason = z.infer<typeof chatFinishReasonSchema>;
/** A non-streaming `chat.completion` response. */
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;
/** One `chat.completion.chunk` of a stream. */
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;
/** A streamed tool call piece. */
export type ChatToolCallDelta = z.infer<typeof chatToolCallDeltaSchema>;
/** Token usage as reported by Chat Completions. */
export type ChatUsage = z.infer<typeof chatUsageSchema>;
/** The OpenAI error envelope `{ error: { message, type, param, code } }`. */
export type OpenAIErrorBody = z.infer<typeof openAIErrorBodySchema>;
