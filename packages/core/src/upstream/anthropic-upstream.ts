import { UpstreamHttpError } from '../errors/upstream-http-error';
import { joinUrl } from '../util/join-url';
import { redactSecrets } from '../util/redact';
import type {
  AnthropicErrorDetail,
  AnthropicMessage,
} from '../wire/anthropic/anthropic-messages-api';
import {
  anthropicErrorStatus,
  convertAnthropicError,
} from '../wire/anthropic/convert-anthropic-error';
import { convertAnthropicResponseToChat } from '../wire/anthropic/convert-anthropic-response-to-chat';
import { createAnthropicChatConverter } from '../wire/anthropic/convert-anthropic-stream-to-chat';
import { convertChatToAnthropicRequest } from '../wire/anthropic/convert-chat-to-anthropic-request';
import { ChatStreamItem } from '../wire/chat-stream-item';
import type { UpstreamChatResult, UpstreamRequest } from './call-upstream';
import { bodyBytesOf, readSSE } from './read-sse';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  readCappedText,
  unusableAnswer,
  upstreamHttpError,
} from './read-upstream-response';
import { buildUpstreamHeaders } from './upstream-headers';

/** The API version Stereos speaks; callers may override it with an `anthropic-version` header. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Calls Anthropic Messages with a Chat Completions request and answers typed, OpenAI-shaped:
 * a converted `chat.completion`, or the stream's events converted into chunk items as they are
 * parsed (no SSE text in between). Errors (non-2xx, and `error` events) carry the OpenAI error
 * type and code of the Anthropic error and Anthropic's status for it (`overloaded_error` → 529),
 * so retry and fallback decide as they do for any upstream.
 * https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/api/messages-streaming
 */
export async function callAnthropic(req: UpstreamRequest): Promise<UpstreamChatResult> {
  const request = convertChatToAnthropicRequest(req.body, req.upstreamModel);
  const headers = buildUpstreamHeaders(
    req.provider,
    req.apiKey,
    { 'anthropic-version': ANTHROPIC_VERSION, ...req.headers },
    'application/json',
  );
  const doFetch = req.fetch ?? globalThis.fetch;
  const response = await doFetch(joinUrl(req.baseURL, req.provider.chatPath), {
    method: 'POST',
    headers,
    body: JSON.stringify(request),
    signal: req.signal,
  });
  const secrets = [req.apiKey, ...(req.secrets ?? [])];
  if (!response.ok) {
    throw await upstreamHttpError(response, 'anthropic', secrets, convertAnthropicError);
  }
  if (request.stream === true) {
    // The transport's own reader when it offers one (the server's Node path), else the stream.
    const bytes = bodyBytesOf(response);
    if (!bytes) throw unusableAnswer('anthropic', 'answered a stream with no body');
    return { kind: 'stream', items: readSSE(bytes, anthropicItems(req, secrets)) };
  }
  const max = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const message = parseJSON(await readCappedText(response, max, 'anthropic'));
  if (!isAnthropicMessage(message)) {
    throw unusableAnswer('anthropic', 'returned an unreadable response body');
  }
  const completion = convertAnthropicResponseToChat(message, req.upstreamModel);
  return { kind: 'json', text: JSON.stringify(completion), completion };
}

/** Maps Anthropic stream events to chat items, one converter per stream. */
function anthropicItems(req: UpstreamRequest, secrets: (string | undefined)[]) {
  // Always with the usage chunk: the gateway needs it; the client sees it only if it asked.
  const converter = createAnthropicChatConverter({ model: req.upstreamModel, includeUsage: true });
  // An `error` event ends the stream: it is the last item (no [DONE], and no second error
  // for the missing `message_stop`).
  let failed = false;
  return {
    onEvent(
      event: { event?: string | undefined; data: string },
      push: (item: ChatStreamItem) => void,
    ) {
      converter.push(event, {
        chunk: (chunk) => push(ChatStreamItem.ofChunk(chunk)),
        error: (detail) => {
          failed = true;
          push(streamErrorItem(detail, secrets));
        },
      });
    },
    onEnd(push: (item: ChatStreamItem) => void) {
      if (failed) return;
      converter.end();
      push(ChatStreamItem.done());
    },
  };
}

/** An Anthropic `error` event as an OpenAI in-band error, with Anthropic's status for its type. */
function streamErrorItem(
  detail: AnthropicErrorDetail,
  secrets: (string | undefined)[],
): ChatStreamItem {
  const status = anthropicErrorStatus(detail.type);
  const body = convertAnthropicError({ type: 'error', error: detail }, status);
  const message = redactSecrets(body.error.message, secrets);
  const error = new UpstreamHttpError({
    status,
    message,
    provider: 'anthropic',
    type: body.error.type,
    code: body.error.code ?? undefined,
  });
  return ChatStreamItem.ofError(error, { error: { ...body.error, message } });
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAnthropicMessage(value: unknown): value is AnthropicMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { id, content, usage } = value as Partial<AnthropicMessage>;
  return typeof id === 'string' && Array.isArray(content) && typeof usage === 'object';
}
