import type { ChatMessage, ChatToolCall, ChatUserContentPart } from '../openai-chat';
import { WireConversionError } from '../wire-conversion-error';
import type {
  ResponsesContentPart,
  ResponsesCreateRequest,
  ResponsesFunctionCallItem,
  ResponsesFunctionCallOutputItem,
  ResponsesMessageItem,
} from './responses-request-schema';

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

/**
 * Converts `instructions` and `input` of a Responses request into Chat messages.
 * https://platform.openai.com/docs/api-reference/responses/create (`input`, `instructions`)
 *
 * - `instructions` and `system` / `developer` messages become system messages, where they sit
 *   (providers without a Responses API rarely know the `developer` role).
 * - `input_text` / `output_text` parts become text, `input_image` an `image_url` part,
 *   `input_file` with `file_data` a `file` part, `input_audio` an `input_audio` part.
 * - `function_call` items become `tool_calls` of an assistant message, ids (`call_id`), names and
 *   arguments unchanged. Items of one turn stay one message: calls right after each other, or
 *   after the turn's assistant text, are merged, so parallel calls stay parallel.
 * - `function_call_output` items become `tool` messages answering their `call_id`.
 * - `reasoning` items of earlier turns are dropped: Chat has no field for them.
 * - Anything that only exists as stored state (an `item_reference` the gateway did not resolve
 *   before, file ids) or as a built-in tool of the Responses API (`web_search_call`, …) cannot
 *   be expressed: a 400 naming the item.
 */
export function convertResponsesInputToChat(
  request: Pick<ResponsesCreateRequest, 'instructions' | 'input'>,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (typeof request.instructions === 'string' && request.instructions.length > 0) {
    messages.push({ role: 'system', content: request.instructions });
  }
  const { input } = request;
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return messages;
  }
  for (const [i, raw] of (input ?? []).entries()) {
    const path = `input.${i}`;
    const type = (raw as { type?: string }).type ?? 'message';
    if (type === 'message') pushMessage(messages, raw as ResponsesMessageItem, path);
    else if (type === 'function_call') pushFunctionCall(messages, raw as ResponsesFunctionCallItem);
    else if (type === 'function_call_output') {
      messages.push(toolMessage(raw as ResponsesFunctionCallOutputItem, path));
    } else if (type !== 'reasoning') throw untranslatableItem(type, path);
  }
  return messages;
}

/** Items that only exist in the Responses API: stored references, built-in tool calls. */
function untranslatableItem(type: string, path: string): WireConversionError {
  if (type === 'item_reference') {
    return new WireConversionError(
      `${path}: this item_reference names no item the gateway holds. This model is served ` +
        'through Chat Completions, so only items of its own recent answers resolve (for an ' +
        'hour, on the instance that answered). Send the item itself (with the AI SDK: ' +
        'providerOptions.openai.store = false), or use a model of a provider that serves ' +
        'the Responses API.',
      { param: path },
    );
  }
  return new WireConversionError(
    `${path}: items of type '${type}' belong to the Responses API's built-in tools and ` +
      'cannot be sent to a model served through Chat Completions. Use a model of a ' +
      'provider that serves the Responses API (OpenAI, Azure, OpenRouter, Vercel, Groq, xAI, ' +
      'Bedrock).',
    { param: `${path}.type` },
  );
}

function pushMessage(messages: ChatMessage[], item: ResponsesMessageItem, path: string): void {
  const { role, content } = item;
  if (role === 'assistant') {
    messages.push(assistantMessage(content, path));
    return;
  }
  if (role === 'system' || role === 'developer') {
    messages.push({ role: 'system', content: textOf(content, `${path}.content`) });
    return;
  }
  if (typeof content === 'string') {
    messages.push({ role: 'user', content });
    return;
  }
  messages.push({
    role: 'user',
    content: content.map((part, j) => userPart(part, `${path}.content.${j}`)),
  });
}

function assistantMessage(content: ResponsesMessageItem['content'], path: string) {
  const message: AssistantMessage = { role: 'assistant', content: '' };
  if (typeof content === 'string') {
    message.content = content;
    return message;
  }
  const texts: string[] = [];
  const refusals: string[] = [];
  content.forEach((part, j) => {
    if (part.type === 'output_text' || part.type === 'input_text') texts.push(part.text);
    else if (part.type === 'refusal') refusals.push(part.refusal);
    else throw unsupportedPart(part.type, `${path}.content.${j}`, 'assistant messages');
  });
  message.content = texts.join('');
  if (refusals.length > 0) message.refusal = refusals.join('');
  return message;
}

/**
 * A `function_call` joins the assistant message right before it (the same turn: its text, or
 * the calls before it), else starts one with no text.
 */
function pushFunctionCall(messages: ChatMessage[], item: ResponsesFunctionCallItem): void {
  const call: ChatToolCall = {
    id: item.call_id,
    type: 'function',
    function: { name: item.name, arguments: item.arguments },
  };
  const last = messages.at(-1);
  if (last?.role === 'assistant') {
    last.tool_calls = [...(last.tool_calls ?? []), call];
    if (last.content === '') last.content = null;
    return;
  }
  messages.push({ role: 'assistant', content: null, tool_calls: [call] });
}

function toolMessage(item: ResponsesFunctionCallOutputItem, path: string): ChatMessage {
  return {
    role: 'tool',
    tool_call_id: item.call_id,
    content: textOf(item.output, `${path}.output`),
  };
}

/** Text of a content that may only hold text (system messages, tool results). */
function textOf(content: string | ResponsesContentPart[], path: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, j) => {
      if (part.type === 'input_text' || part.type === 'output_text') return part.text;
      throw unsupportedPart(part.type, `${path}.${j}`, 'this place');
    })
    .join('');
}

function userPart(part: ResponsesContentPart, path: string): ChatUserContentPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    case 'input_image': {
      if (typeof part.image_url !== 'string' || part.image_url.length === 0) {
        throw storedFile(path, 'image');
      }
      const image: { url: string; detail?: 'auto' | 'low' | 'high' } = { url: part.image_url };
      if (part.detail) image.detail = part.detail;
      return { type: 'image_url', image_url: image };
    }
    case 'input_file': {
      if (typeof part.file_data !== 'string' || part.file_data.length === 0) {
        throw storedFile(path, 'file');
      }
      const file: { file_data: string; filename?: string } = { file_data: part.file_data };
      if (part.filename) file.filename = part.filename;
      return { type: 'file', file };
    }
    case 'input_audio':
      return { type: 'input_audio', input_audio: part.input_audio };
  }
}

function unsupportedPart(type: string, path: string, where: string): WireConversionError {
  return new WireConversionError(
    `${path}: a '${type}' part cannot be sent in ${where} through Chat Completions; send text.`,
    { param: path },
  );
}

function storedFile(path: string, what: 'image' | 'file'): WireConversionError {
  const inline = what === 'image' ? '`image_url` (an https or data: URL)' : '`file_data`';
  return new WireConversionError(
    `${path}: this model is served through Chat Completions, which cannot read ${what}s ` +
      `stored by file id or URL. Send the ${what} inline as ${inline}, or use a model of a ` +
      'provider that serves the Responses API.',
    { param: path },
  );
}
