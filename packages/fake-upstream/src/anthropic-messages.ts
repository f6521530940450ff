import { contentBlocks } from './anthropic-content.js';
import { anthropicError, sendAnthropicError } from './anthropic-error.js';
import {
  eventFrame,
  messageFrames,
  messageStartFrame,
  pingFrame,
  textDeltaFrames,
  textStartFrame,
} from './anthropic-messages-stream.js';
import { anthropicStopReason } from './anthropic-stop-reason.js';
import { anthropicUsage } from './anthropic-usage.js';
import type { ErrorBehaviour, StreamFailBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId } from './ids.js';
import { type Protocol, wantsStream } from './protocol.js';
import { planReply, type ReplyPlan } from './reply-plan.js';
import { sendTruncated } from './send-truncated.js';
import { dropAfterFlush, startSse, writeFrames } from './sse.js';

/** The Anthropic Messages fake (`POST …/v1/messages`). */
export const anthropicMessages: Protocol = {
  validate(exchange) {
    const problem = headerProblem(exchange);
    if (problem) sendAnthropicError(exchange, problem);
    return !problem;
  },
  async reply(exchange, plan) {
    const id = newId('msg_01');
    if (!wantsStream(exchange)) {
      sendJson(exchange.res, 200, messageBody(id, plan), responseHeaders());
      return;
    }
    startSse(exchange, responseHeaders());
    if (await writeFrames(exchange, messageFrames(id, plan), plan.chunkDelayMs)) {
      exchange.res.end();
    }
  },
  error: sendAnthropicError,
  streamFail,
};

/** A non-streaming `message` object. */
export function messageBody(id: string, plan: ReplyPlan) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: contentBlocks(plan),
    stop_reason: anthropicStopReason(plan),
    stop_sequence: null,
    usage: anthropicUsage(plan),
  };
}

// Like the real API: a key (x-api-key, or a bearer token) and anthropic-version are required.
function headerProblem(exchange: Exchange): ErrorBehaviour | undefined {
  const { headers, body } = exchange.record;
  if (!headers['x-api-key'] && !headers.authorization?.startsWith('Bearer ')) {
    return { kind: 'error', status: 401, message: 'x-api-key header is required' };
  }
  if (!headers['anthropic-version']) {
    return { kind: 'error', status: 400, message: 'anthropic-version: header is required' };
  }
  if (body === undefined) {
    return { kind: 'error', status: 400, message: 'The request body is not valid JSON.' };
  }
  return undefined;
}

async function streamFail(exchange: Exchange, behaviour: StreamFailBehaviour): Promise<void> {
  const plan = planReply({ kind: 'reply', text: behaviour.text }, exchange.record.body);
  const id = newId('msg_01');
  if (!wantsStream(exchange)) {
    failWithoutStream(exchange, behaviour, JSON.stringify(messageBody(id, plan)));
    return;
  }
  const frames = [messageStartFrame(id, plan), textStartFrame(0), pingFrame()];
  frames.push(...textDeltaFrames(0, behaviour.text));
  if (behaviour.then === 'error-event') {
    frames.push(eventFrame({ type: 'error', error: anthropicError(529) }));
  }
  startSse(exchange, responseHeaders());
  if (!(await writeFrames(exchange, frames, behaviour.chunkDelayMs ?? 0))) return;
  if (behaviour.then === 'drop') dropAfterFlush(exchange);
  else if (behaviour.then !== 'stall') exchange.res.end();
}

// Without a stream there is no error event, so `error-event` becomes a plain 529.
function failWithoutStream(exchange: Exchange, behaviour: StreamFailBehaviour, body: string) {
  if (behaviour.then === 'stall') return; // like `hang`
  if (behaviour.then === 'error-event')
    sendAnthropicError(exchange, { kind: 'error', status: 529 });
  else sendTruncated(exchange, body, responseHeaders());
}

function responseHeaders(): Record<string, string> {
  return { 'request-id': newId('req_01') };
}
