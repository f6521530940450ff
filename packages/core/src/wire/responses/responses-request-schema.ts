import { z } from 'zod';
import { MAX_MODEL_ID_LENGTH, MAX_USER_LENGTH } from '../request-limits';

/*
 * The inbound Responses create request (`POST /v1/responses`) as Stereos accepts it.
 * https://platform.openai.com/docs/api-reference/responses/create
 *
 * Objects are loose (new API fields must not break a client, and a provider that serves the
 * Responses API gets the body as it came), but every input item and content part Stereos knows
 * is checked, and every list and string that can reach an upstream is bounded: a bad value is a
 * 400 naming its path (`input.3.call_id`). Item types only the Responses API itself understands
 * (`reasoning`, `item_reference`, built-in tool calls) parse, so that a provider that serves the
 * API natively receives them, and the Chat translation can name them in its refusal.
 */

/** Most input items in one request. */
export const MAX_RESPONSES_INPUT_ITEMS = 4096;
/** Most content parts in one message or tool output. */
export const MAX_RESPONSES_CONTENT_PARTS = 512;
/** Most tools in one request (OpenAI's own limit is 128 functions). */
export const MAX_RESPONSES_TOOLS = 256;
/** Longest text of one part, one tool output, the instructions or a function's arguments. */
export const MAX_RESPONSES_TEXT_LENGTH = 10 * 1024 * 1024;
/** Longest tool name, call id or item id. */
export const MAX_RESPONSES_NAME_LENGTH = 256;
/** Longest item or part `type`. */
const MAX_TYPE_LENGTH = 64;

const text = () => z.string().max(MAX_RESPONSES_TEXT_LENGTH);
const name = () => z.string().min(1).max(MAX_RESPONSES_NAME_LENGTH);
const status = z.enum(['in_progress', 'completed', 'incomplete']).nullish();

const inputTextPart = z.looseObject({ type: z.literal('input_text'), text: text() });
const inputImagePart = z.looseObject({
  type: z.literal('input_image'),
  image_url: text().nullish().describe('An http(s) URL or a base64 `data:` URL.'),
  file_id: name().nullish(),
  detail: z.enum(['auto', 'low', 'high']).nullish(),
});
const inputFilePart = z.looseObject({
  type: z.literal('input_file'),
  file_data: text().nullish(),
  file_id: name().nullish(),
  file_url: text().nullish(),
  filename: z.string().max(MAX_RESPONSES_NAME_LENGTH).nullish(),
});
const inputAudioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: text(), format: z.enum(['wav', 'mp3']) }),
});
const outputTextPart = z.looseObject({
  type: z.literal('output_text'),
  text: text(),
  annotations: z.array(z.unknown()).max(MAX_RESPONSES_CONTENT_PARTS).optional(),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: text() });

const PART_TYPES = [
  'input_text',
  'input_image',
  'input_file',
  'input_audio',
  'output_text',
  'refusal',
] as const;

const contentPart = z.discriminatedUnion(
  'type',
  [inputTextPart, inputImagePart, inputFilePart, inputAudioPart, outputTextPart, refusalPart],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `Invalid option: expected one of ${PART_TYPES.map((t) => `"${t}"`).join('|')}`
        : undefined,
  },
);

// Arrays first: when both branches fail, the array's issue is the one reported.
const content = z.union([z.array(contentPart).max(MAX_RESPONSES_CONTENT_PARTS), text()]);

const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content,
  id: name().nullish(),
  status,
});

const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: name(),
  name: name(),
  arguments: text(),
  id: name().nullish(),
  status,
});

const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: name(),
  output: content,
  id: name().nullish(),
  status,
});

/** Known item types, checked field by field; any other `type` is kept as it is. */
const ITEM_SCHEMAS: Record<string, z.ZodType> = {
  message: messageItem,
  function_call: functionCallItem,
  function_call_output: functionCallOutputItem,
};

/**
 * One input item. A message may omit `type` (the "easy input message" form). Items are checked
 * by their `type` so that issues name the field of the item, not every union branch.
 */
const inputItem = z
  .looseObject({ type: z.string().min(1).max(MAX_TYPE_LENGTH).optional() })
  .superRefine((item, ctx) => {
    const schema = ITEM_SCHEMAS[item.type ?? 'message'];
    if (!schema) return;
    const result = schema.safeParse(item);
    if (result.success) return;
    // Forwarded whole, so that a union's issue still narrows to its branch's field.
    for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
  });

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: name(),
  description: text().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish().describe('A JSON Schema object.'),
  strict: z.boolean().nullish(),
});

/** A tool: a function (checked), or a built-in tool the Responses API hosts (kept as it is). */
const tool = z
  .looseObject({ type: z.string().min(1).max(MAX_TYPE_LENGTH) })
  .superRefine((value, ctx) => {
    if (value.type !== 'function') return;
    const result = functionTool.safeParse(value);
    if (result.success) return;
    // Forwarded whole, so that a union's issue still narrows to its branch's field.
    for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
  });

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: name() }),
  z.looseObject({ type: z.string().min(1).max(MAX_TYPE_LENGTH) }),
]);

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: name(),
    schema: z.record(z.string(), z.unknown()),
    description: text().optional(),
    strict: z.boolean().nullish(),
  }),
]);

/** `POST /v1/responses`. */
export const responsesCreateRequestSchema = z
  .looseObject({
    model: z.string().min(1).max(MAX_MODEL_ID_LENGTH),
    input: z.union([z.array(inputItem).max(MAX_RESPONSES_INPUT_ITEMS), text()]).optional(),
    instructions: text().nullish(),
    tools: z.array(tool).max(MAX_RESPONSES_TOOLS).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().nullish(),
    max_output_tokens: z.number().int().positive().nullish(),
    max_tool_calls: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    text: z
      .looseObject({ format: textFormat.optional(), verbosity: z.string().nullish() })
      .nullish(),
    reasoning: z
      .looseObject({
        effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
        summary: z.string().nullish(),
      })
      .nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
    user: z.string().max(MAX_USER_LENGTH).optional(),
    safety_identifier: z.string().max(MAX_USER_LENGTH).nullish(),
    prompt_cache_key: z.string().max(MAX_RESPONSES_NAME_LENGTH).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.looseObject({ include_obfuscation: z.boolean().optional() }).nullish(),
    store: z.boolean().nullish(),
    previous_response_id: name().nullish(),
    conversation: z
      .union([name(), z.looseObject({ id: name() })])
      .nullish()
      .describe('Stored conversation state: only providers that serve the Responses API.'),
    background: z.boolean().nullish(),
    include: z.array(z.string().max(MAX_RESPONSES_NAME_LENGTH)).max(32).nullish(),
    truncation: z.enum(['auto', 'disabled']).nullish(),
    service_tier: z.string().max(MAX_TYPE_LENGTH).nullish(),
  })
  .meta({
    id: 'ResponsesCreateRequest',
    description:
      'Request body of POST /v1/responses. Unknown fields are forwarded as-is to providers that ' +
      'serve the Responses API.',
  });

/** A validated `POST /v1/responses` body. */
export type ResponsesCreateRequest = z.infer<typeof responsesCreateRequestSchema>;

/** A content part of an input message or tool output. */
export type ResponsesContentPart = z.infer<typeof contentPart>;

/** An input message (`type` may be absent). */
export type ResponsesMessageItem = z.infer<typeof messageItem>;
/** A function call from an earlier assistant turn. */
export type ResponsesFunctionCallItem = z.infer<typeof functionCallItem>;
/** The result of a function call. */
export type ResponsesFunctionCallOutputItem = z.infer<typeof functionCallOutputItem>;
/** A function tool definition. */
export type ResponsesFunctionTool = z.infer<typeof functionTool>;
/** The request's `text.format`. */
export type ResponsesTextFormat = z.infer<typeof textFormat>;
