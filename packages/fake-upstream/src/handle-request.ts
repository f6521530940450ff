import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicMessages } from './anthropic-messages.js';
import type { BehaviourSource } from './behaviour-source.js';
import { classifyWithBody } from './classify-request.js';
import { answerCloudflare } from './cloudflare-gateway.js';
import { cloudflareRouteOf } from './cloudflare-route.js';
import type { CloudflareState } from './cloudflare-state.js';
import { sendEmbeddings } from './embeddings.js';
import { createExchange, type Exchange, readBody } from './exchange.js';
import { sendJson } from './http-response.js';
import { isImageEdit, sendImageEdit, sendImages } from './images.js';
import { sendModels } from './models.js';
import { sendModerations } from './moderations.js';
import { openAiChat } from './openai-chat.js';
import { openAiError } from './openai-error.js';
import { answerOpenAiResponses } from './openai-responses.js';
import type { Protocol } from './protocol.js';
import type { RequestLog } from './request-log.js';
import { runBehaviour } from './run-behaviour.js';
import { sendSpeech } from './speech.js';
import { readUpload, sendTranscription } from './transcriptions.js';
import { vercelChat } from './vercel-chat.js';
import { answerVercelEmbeddingModel } from './vercel-embedding-model.js';
import { answerVercelLanguageModel } from './vercel-gateway.js';

/** Everything a running fake shares across requests. */
export interface UpstreamState {
  log: RequestLog;
  behaviours: BehaviourSource;
  models: string[];
  /** The fake Cloudflare AI Gateway's cache and logs. */
  cloudflare: CloudflareState;
  /** Set by `close()` so its socket teardown is not mistaken for client aborts. */
  closing: boolean;
}

/** Records the request, then answers it according to its kind. */
export async function handleRequest(
  state: UpstreamState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const exchange = createExchange(req, res, () => state.closing);
  // Uploads are read as they stream in (the file counted, never held), then recorded.
  if (exchange.record.kind === 'transcriptions' || isImageEdit(exchange)) {
    return answerUpload(state, exchange);
  }
  await readBody(exchange);
  exchange.record.kind = classifyWithBody(exchange.record);
  state.log.add(exchange.record);
  if (exchange.isGone()) return;
  try {
    await route(state, exchange);
  } catch (error) {
    failInternally(exchange, error);
  }
}

async function route(state: UpstreamState, exchange: Exchange): Promise<void> {
  const cloudflare = cloudflareRouteOf(exchange.record);
  if (cloudflare) return answerCloudflare(state.cloudflare, state.behaviours, exchange, cloudflare);
  switch (exchange.record.kind) {
    case 'openai-chat':
      return answerChat(state, exchange, openAiChat);
    case 'anthropic-messages':
      return answerChat(state, exchange, anthropicMessages);
    case 'models':
      return sendModels(exchange, state.models);
    case 'embeddings':
      return sendEmbeddings(exchange);
    case 'openai-responses':
      return answerOpenAiResponses(state.behaviours, exchange);
    case 'images':
      return sendImages(exchange);
    case 'speech':
      return sendSpeech(exchange);
    case 'moderations':
      return sendModerations(exchange);
    case 'vercel-language-model':
      return answerVercelLanguageModel(state.behaviours, exchange);
    case 'vercel-chat':
      return answerChat(state, exchange, vercelChat);
    case 'vercel-embedding-model':
      return answerVercelEmbeddingModel(exchange);
    default:
      return sendNotFound(exchange);
  }
}

async function answerUpload(state: UpstreamState, exchange: Exchange): Promise<void> {
  try {
    exchange.record.upload = await readUpload(exchange);
  } catch (error) {
    state.log.add(exchange.record);
    if (exchange.isGone()) return;
    const message = `Could not parse multipart form: ${String(error)}`;
    sendJson(exchange.res, 400, { error: openAiError(400, { message }) });
    return;
  }
  state.log.add(exchange.record);
  if (exchange.isGone()) return;
  try {
    if (isImageEdit(exchange)) sendImageEdit(exchange, exchange.record.upload);
    else sendTranscription(exchange, exchange.record.upload);
  } catch (error) {
    failInternally(exchange, error);
  }
}

// Validation happens first so rejected requests do not consume a queued behaviour.
async function answerChat(state: UpstreamState, exchange: Exchange, protocol: Protocol) {
  if (!protocol.validate(exchange)) return;
  await runBehaviour(exchange, state.behaviours.next(exchange.record), protocol);
}

function sendNotFound(exchange: Exchange): void {
  const { method, url } = exchange.record;
  const error = openAiError(404, { message: `Invalid URL (${method} ${url})` });
  sendJson(exchange.res, 404, { error: { ...error, code: null } });
}

// A bug in the fake must not look like a deliberate behaviour: answer 500 or drop.
function failInternally(exchange: Exchange, error: unknown): void {
  if (exchange.res.headersSent) {
    exchange.drop();
    return;
  }
  const message = `fake-upstream internal error: ${String(error)}`;
  sendJson(exchange.res, 500, { error: openAiError(500, { message }) });
}
