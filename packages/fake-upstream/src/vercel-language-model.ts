import type { ErrorBehaviour, StreamFailBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId } from './ids.js';
import { type Protocol, wantsStream } from './protocol.js';
import { planReply } from './reply-plan.js';
import { sendTruncated } from './send-truncated.js';
import { dropAfterFlush, sseFrame, startSse, writeFrames } from './sse.js';
import { sendVercelError, vercelError } from './vercel-gateway-error.js';
import {
  generateBody,
  openingParts,
  replyParts,
  textParts,
} from './vercel-language-model-parts.js';

/** The request headers `@ai-sdk/gateway` 2.x sends to `POST …/v1/ai/language-model`. */
export const VERCEL_HEADERS = {
  protocolVersion: 'ai-gateway-protocol-version',
  authMethod: 'ai-gateway-auth-method',
  specificationVersion: 'ai-language-model-specification-version',
  modelId: 'ai-language-model-id',
  streaming: 'ai-language-model-streaming',
} as const;

/**
 * The AI Gateway's AI SDK endpoint (`POST …/v1/ai/language-model`). The body is the AI SDK's
 * call options (`prompt`, `maxOutputTokens`, `providerOptions`, …); the model and whether to
 * stream come in headers. Protocol methods receive the request's chat view
 * ({@link languageModelChatView}) so the shared reply plan reads its prompt and model.
 */
export const vercelLanguageModel: Protocol = {
  validate(exchange) {
    const problem = requestProblem(exchange);
    if (problem) sendVercelError(exchange, problem, modelIdOf(exchange));
    return !problem;
  },
  async reply(exchange, plan) {
    const callIds = plan.toolCalls.map((call) => call.id ?? newId('call_'));
    if (!wantsStream(exchange)) {
      sendJson(exchange.res, 200, generateBody(plan, callIds));
      return;
    }
    startSse(exchange, {});
    const frames = replyParts(plan, callIds).map((part) => sseFrame(part));
    if (await writeFrames(exchange, frames, plan.chunkDelayMs)) exchange.res.end();
  },
  error: (exchange, behaviour) => sendVercelError(exchange, behaviour, modelIdOf(exchange)),
  streamFail,
};

/**
 * The request as the shared reply plan reads chat requests: `model` and `stream` from the
 * headers, the prompt's messages as `messages`. The recorded request itself stays as received.
 */
export function languageModelChatView(exchange: Exchange): Exchange {
  const body = exchange.record.body ?? {};
  const view = {
    model: modelIdOf(exchange) ?? 'unknown',
    stream: exchange.record.headers[VERCEL_HEADERS.streaming] === 'true',
    messages: Array.isArray(body.prompt) ? body.prompt : [],
  };
  return { ...exchange, record: { ...exchange.record, body: view } };
}

// Like the real gateway: a bearer token, the model-spec headers and a `vendor/model` id.
function requestProblem(exchange: Exchange): ErrorBehaviour | undefined {
  const { headers, body } = exchange.record;
  if (!/^Bearer \S+/.test(headers.authorization ?? '')) {
    return { kind: 'error', status: 401, message: 'Missing or invalid authentication' };
  }
  if (body === undefined || !Array.isArray(body.prompt)) {
    return { kind: 'error', status: 400, message: 'Invalid request body: expected a prompt' };
  }
  const version = headers[VERCEL_HEADERS.specificationVersion];
  if (version !== '2') {
    const message = `Unsupported language model specification version: ${version ?? 'none'}`;
    return { kind: 'error', status: 400, message };
  }
  const model = modelIdOf(exchange);
  if (!model || !/^[^/\s]+\/\S+$/.test(model)) {
    return { kind: 'error', status: 404, message: `Model '${model ?? ''}' not found` };
  }
  return undefined;
}

function modelIdOf(exchange: Exchange): string | undefined {
  return exchange.record.headers[VERCEL_HEADERS.modelId];
}

async function streamFail(exchange: Exchange, behaviour: StreamFailBehaviour): Promise<void> {
  const plan = planReply({ kind: 'reply', text: behaviour.text }, exchange.record.body);
  if (!wantsStream(exchange)) {
    failWithoutStream(exchange, behaviour, JSON.stringify(generateBody(plan, [])));
    return;
  }
  // The stream breaks inside the text block (no `text-end`); the error event is an `error` part.
  const parts = [...openingParts(plan.model), ...textParts('text-0', behaviour.text).slice(0, -1)];
  if (behaviour.then === 'error-event') parts.push({ type: 'error', error: vercelError(500) });
  startSse(exchange, {});
  const frames = parts.map((part) => sseFrame(part));
  if (!(await writeFrames(exchange, frames, behaviour.chunkDelayMs ?? 0))) return;
  if (behaviour.then === 'drop') dropAfterFlush(exchange);
  else if (behaviour.then !== 'stall') exchange.res.end();
}

// Without a stream there is no error part, so `error-event` becomes a plain 500.
function failWithoutStream(exchange: Exchange, behaviour: StreamFailBehaviour, body: string) {
  if (behaviour.then === 'stall') return; // like `hang`
  if (behaviour.then === 'error-event') sendVercelError(exchange, { kind: 'error', status: 500 });
  else sendTruncated(exchange, body, {});
}
