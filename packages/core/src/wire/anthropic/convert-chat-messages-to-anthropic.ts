import type { ChatMessage, ChatToolCall, ChatUserContentPart } from '../openai-chat';
import { parseBase64DataURL } from '../parse-data-url';
import { WireConversionError } from '../wire-conversion-error';
import type {
  AnthropicCacheControl,
  AnthropicContentBlockParam,
  AnthropicDocumentBlockParam,
  AnthropicImageBlockParam,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
} from './anthropic-messages-api';

/** The Anthropic `system` blocks and alternating `messages` built from a Chat conversation. */
export interface AnthropicPrompt {
  system: AnthropicTextBlockParam[];
  messages: AnthropicMessageParam[];
}

type Turn = { role: 'user' | 'assistant'; content: AnthropicContentBlockParam[] };

/**
 * Converts Chat messages. System and developer messages are hoisted into `system` (Anthropic has
 * no system turns); tool results become user `tool_result` blocks; adjacent turns of the same
 * role are merged because Anthropic requires user/assistant alternation.
 */
export function convertChatMessagesToAnthropic(messages: ChatMessage[]): AnthropicPrompt {
  const system: AnthropicTextBlockParam[] = [];
  const turns: Turn[] = [];
  messages.forEach((message, i) => {
    const path = `messages.${i}`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...convertTextContent(message.content));
        break;
      case 'user':
        pushTurn(turns, 'user', convertUserContent(message.content, path));
        break;
      case 'assistant':
        pushTurn(turns, 'assistant', convertAssistantMessage(message));
        break;
      case 'tool':
        pushTurn(turns, 'user', [
          {
            type: 'tool_result',
            tool_use_id: message.tool_call_id,
            content:
              typeof message.content === 'string'
                ? message.content
                : convertTextContent(message.content),
          },
        ]);
        break;
    }
  });
  return { system, messages: turns };
}

function pushTurn(turns: Turn[], role: Turn['role'], content: AnthropicContentBlockParam[]): void {
  // An empty turn (e.g. an assistant message with content "") would be rejected; dropping it
  // lets its neighbours merge.
  if (content.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last.content.push(...content);
  else turns.push({ role, content });
}

type TextPart = { type: 'text'; text: string; cache_control?: unknown };

function convertTextContent(content: string | TextPart[]): AnthropicTextBlockParam[] {
  const parts = typeof content === 'string' ? [{ type: 'text' as const, text: content }] : content;
  // Anthropic rejects empty text blocks.
  return parts.filter((part) => part.text.length > 0).map(convertTextPart);
}

function convertTextPart(part: TextPart): AnthropicTextBlockParam {
  const block: AnthropicTextBlockParam = { type: 'text', text: part.text };
  return withCacheControl(block, part);
}

/**
 * Carries a `cache_control` marker from a Chat part onto the Anthropic block. It is not part of
 * the OpenAI API, but clients of OpenAI-compatible gateways use it to set cache breakpoints.
 */
function withCacheControl<
  T extends AnthropicTextBlockParam | AnthropicImageBlockParam | AnthropicDocumentBlockParam,
>(block: T, part: object): T {
  const cacheControl = (part as { cache_control?: unknown }).cache_control;
  if (cacheControl != null) block.cache_control = cacheControl as AnthropicCacheControl;
  return block;
}

function convertUserContent(
  content: string | ChatUserContentPart[],
  path: string,
): AnthropicContentBlockParam[] {
  if (typeof content === 'string') return convertTextContent(content);
  return content.flatMap((part, j) => convertUserPart(part, `${path}.content.${j}`));
}

function convertUserPart(part: ChatUserContentPart, path: string): AnthropicContentBlockParam[] {
  switch (part.type) {
    case 'text':
      return convertTextContent([part]);
    case 'image_url':
      return [withCacheControl(convertImageURL(part.image_url.url, path), part)];
    case 'file':
      return [withCacheControl(convertFile(part.file, path), part)];
    case 'input_audio':
      throw new WireConversionError('Audio input is not supported by Anthropic models.', {
        param: path,
      });
  }
}

function convertImageURL(url: string, path: string): AnthropicImageBlockParam {
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  const dataURL = parseBase64DataURL(url);
  if (dataURL === undefined) {
    throw new WireConversionError('Image URLs must be http(s) URLs or base64 data: URLs.', {
      param: `${path}.image_url.url`,
    });
  }
  return {
    type: 'image',
    source: { type: 'base64', media_type: dataURL.mediaType, data: dataURL.data },
  };
}

function convertFile(
  file: { file_data?: string; file_id?: string; filename?: string },
  path: string,
): AnthropicImageBlockParam | AnthropicDocumentBlockParam {
  if (file.file_data === undefined) {
    throw new WireConversionError(
      'Anthropic models need inline file_data; OpenAI file_id references are not supported.',
      { param: `${path}.file` },
    );
  }
  // Chat Completions only takes PDFs, so bare base64 without a data: prefix is a PDF.
  const dataURL = parseBase64DataURL(file.file_data) ?? {
    mediaType: 'application/pdf',
    data: file.file_data,
  };
  if (dataURL.mediaType.startsWith('image/')) {
    return convertImageURL(`data:${dataURL.mediaType};base64,${dataURL.data}`, path);
  }
  const document = convertDocument(dataURL.mediaType, dataURL.data, `${path}.file.file_data`);
  if (file.filename !== undefined) document.title = file.filename;
  return document;
}

function convertDocument(
  mediaType: string,
  data: string,
  path: string,
): AnthropicDocumentBlockParam {
  if (mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: mediaType, data } };
  }
  if (mediaType === 'text/plain') {
    const text = decodeBase64UTF8(data);
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } };
  }
  throw new WireConversionError(
    `Unsupported file type ${mediaType}: Anthropic models accept PDF, plain text and images.`,
    { param: path },
  );
}

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

function convertAssistantMessage(message: AssistantMessage): AnthropicContentBlockParam[] {
  const blocks: AnthropicContentBlockParam[] = [];
  const content = message.content ?? '';
  if (typeof content === 'string') {
    blocks.push(...convertTextContent(content));
  } else {
    for (const part of content) {
      const text = part.type === 'text' ? part.text : part.refusal;
      blocks.push(...convertTextContent([{ ...part, type: 'text', text }]));
    }
  }
  for (const call of message.tool_calls ?? []) blocks.push(convertToolCall(call));
  return blocks;
}

function convertToolCall(call: ChatToolCall): AnthropicContentBlockParam {
  return {
    type: 'tool_use',
    id: call.id,
    name: call.function.name,
    input: parseToolArguments(call.function.arguments),
  };
}

/** Tool input must be a JSON object; malformed or non-object arguments become `{}`. */
function parseToolArguments(args: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function decodeBase64UTF8(data: string): string {
  const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
