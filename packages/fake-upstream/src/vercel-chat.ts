import type { ErrorBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { openAiChat } from './openai-chat.js';
import type { Protocol } from './protocol.js';
import { sendVercelError } from './vercel-gateway-error.js';

/**
 * The AI Gateway's OpenAI-compatible Chat Completions (`POST …/vercel/v1/chat/completions`
 * here; `https://ai-gateway.vercel.sh/v1/chat/completions` for real): OpenAI's wire, with a
 * bearer key (API key or OIDC token), `vendor/model` ids and the gateway's error bodies.
 * https://vercel.com/docs/ai-gateway/openai-compat
 */
export const vercelChat: Protocol = {
  validate(exchange) {
    const problem = requestProblem(exchange);
    if (problem) sendVercelError(exchange, problem, modelOf(exchange));
    return !problem;
  },
  reply: openAiChat.reply,
  error: (exchange, behaviour) => sendVercelError(exchange, behaviour, modelOf(exchange)),
  streamFail: openAiChat.streamFail,
};

function requestProblem(exchange: Exchange): ErrorBehaviour | undefined {
  if (!/^Bearer \S+/.test(exchange.record.headers.authorization ?? '')) {
    return { kind: 'error', status: 401, message: 'Missing or invalid authentication' };
  }
  if (exchange.record.body === undefined) {
    return { kind: 'error', status: 400, message: 'Invalid JSON body' };
  }
  const model = modelOf(exchange);
  if (!model || !/^[^/\s]+\/\S+$/.test(model)) {
    return { kind: 'error', status: 404, message: `Model '${model ?? ''}' not found` };
  }
  return undefined;
}

function modelOf(exchange: Exchange): string | undefined {
  const model = exchange.record.body?.model;
  return typeof model === 'string' ? model : undefined;
}
