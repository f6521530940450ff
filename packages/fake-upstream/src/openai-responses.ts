import type { StreamFailBehaviour } from './behaviour.js';
import type { BehaviourSource } from './behaviour-source.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId } from './ids.js';
import { openAiError, sendOpenAiError } from './openai-error.js';
import { chatViewOf, responseObject, responsesIds } from './openai-responses-body.js';
import {
  eventWriter,
  messageStartFrames,
  openingFrames,
  responseFrames,
} from './openai-responses-stream.js';
import { type Protocol, wantsStream } from './protocol.js';
import { planReply } from './reply-plan.js';
import { runBehaviour } from './run-behaviour.js';
import { sendTruncated } from './send-truncated.js';
import { dropAfterFlush, startSse, writeFrames } from './sse.js';

const INVALID_JSON =
  'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.';

/**
 * The OpenAI Responses API fake (`POST …/v1/responses`): JSON response objects and the streamed
 * event sequence, function calls, usage, and OpenAI-shaped errors, driven by the same behaviours
 * as the chat fake. https://platform.openai.com/docs/api-reference/responses
 *
 * It stores nothing: `previous_response_id` is answered 400 `previous_response_not_found`, as
 * OpenAI answers an id it does not know.
 */
export const openAiResponses: Protocol = {
  validate(exchange) {
    const body = exchange.record.body;
    if (body === undefined || typeof body !== 'object' || Array.isArray(body)) {
      sendOpenAiError(exchange, { kind: 'error', status: 400, message: INVALID_JSON });
      return false;
    }
    if (typeof body.model !== 'string' || body.model === '') {
      sendParamError(
        exchange,
        "Missing required parameter: 'model'.",
        'model',
        'missing_required_parameter',
      );
      return false;
    }
    if (typeof body.previous_response_id === 'string') {
      const message = `Previous response with id '${body.previous_response_id}' not found.`;
      sendParamError(exchange, message, 'previous_response_id', 'previous_response_not_found');
      return false;
    }
    return true;
  },
  async reply(exchange, plan) {
    const body = exchange.record.body;
    const ids = responsesIds(plan);
    if (!wantsStream(exchange)) {
      sendJson(exchange.res, 200, responseObject(body, ids, plan, 'final'), responseHeaders());
      return;
    }
    startSse(exchange, responseHeaders());
    const frames = responseFrames(eventWriter(), body, ids, plan);
    if (await writeFrames(exchange, frames, plan.chunkDelayMs)) exchange.res.end();
  },
  error: sendOpenAiError,
  streamFail,
};

/**
 * Answers one Responses request: validated first (a refused request consumes no behaviour),
 * then the next behaviour, planned on a Chat-shaped view of the body so that echo text and
 * token estimates work as for chat.
 */
export async function answerOpenAiResponses(
  behaviours: BehaviourSource,
  exchange: Exchange,
): Promise<void> {
  if (!openAiResponses.validate(exchange)) return;
  const behaviour = behaviours.next(exchange.record);
  const body = exchange.record.body;
  const planned: Exchange = { ...exchange, record: { ...exchange.record, body: chatViewOf(body) } };
  await runBehaviour(planned, behaviour, {
    ...openAiResponses,
    // The reply is written from the real body (instructions, tools, `stream`).
    reply: (_view, plan) => openAiResponses.reply(exchange, plan),
    streamFail: (_view, failure) => streamFail(exchange, failure),
  });
}

async function streamFail(exchange: Exchange, behaviour: StreamFailBehaviour): Promise<void> {
  const body = exchange.record.body;
  const plan = planReply({ kind: 'reply', text: behaviour.text }, chatViewOf(body));
  const ids = responsesIds(plan);
  if (!wantsStream(exchange)) {
    if (behaviour.then === 'stall') return;
    if (behaviour.then === 'error-event') {
      sendOpenAiError(exchange, { kind: 'error', status: 500 });
      return;
    }
    const json = JSON.stringify(responseObject(body, ids, plan, 'final'));
    sendTruncated(exchange, json, responseHeaders());
    return;
  }
  const event = eventWriter();
  const frames = [
    ...openingFrames(event, body, ids, plan),
    ...messageStartFrames(event, ids, 0, behaviour.text),
  ];
  if (behaviour.then === 'error-event') {
    const { message, code } = openAiError(500);
    frames.push(event('error', { code: code ?? 'server_error', message, param: null }));
  }
  startSse(exchange, responseHeaders());
  if (!(await writeFrames(exchange, frames, behaviour.chunkDelayMs ?? 0))) return;
  if (behaviour.then === 'drop') dropAfterFlush(exchange);
  else if (behaviour.then !== 'stall') exchange.res.end();
}

function sendParamError(exchange: Exchange, message: string, param: string, code: string) {
  sendJson(
    exchange.res,
    400,
    { error: { message, type: 'invalid_request_error', param, code } },
    responseHeaders(),
  );
}

function responseHeaders(): Record<string, string> {
  return { 'x-request-id': newId('req_', 32) };
}
