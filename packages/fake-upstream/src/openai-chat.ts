import type { StreamFailBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId, unixSeconds } from './ids.js';
import {
  type ChunkContext,
  chunkContext,
  contentFrames,
  replyFrames,
  roleFrame,
} from './openai-chat-stream.js';
import { openAiError, sendOpenAiError } from './openai-error.js';
import { openAiFinishReason } from './openai-finish-reason.js';
import { openAiUsage } from './openai-usage.js';
import { type Protocol, wantsStream } from './protocol.js';
import { planReply, type ReplyPlan } from './reply-plan.js';
import { sendTruncated } from './send-truncated.js';
import { dropAfterFlush, sseFrame, startSse, writeFrames } from './sse.js';

const INVALID_JSON =
  'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.';

/** The OpenAI Chat Completions fake (`POST …/chat/completions`). */
export const openAiChat: Protocol = {
  validate(exchange) {
    if (exchange.record.body !== undefined) return true;
    sendOpenAiError(exchange, { kind: 'error', status: 400, message: INVALID_JSON });
    return false;
  },
  async reply(exchange, plan) {
    const id = newId('chatcmpl-', 29);
    const callIds = plan.toolCalls.map((call) => call.id ?? newId('call_'));
    if (!wantsStream(exchange)) {
      sendJson(exchange.res, 200, completionBody(id, plan, callIds), responseHeaders());
      return;
    }
    const ctx = streamContext(exchange, id, plan.model);
    startSse(exchange, responseHeaders());
    const done = await writeFrames(exchange, replyFrames(ctx, plan, callIds), plan.chunkDelayMs);
    if (done) exchange.res.end();
  },
  error: sendOpenAiError,
  streamFail,
};

/** A non-streaming `chat.completion` object. */
export function completionBody(id: string, plan: ReplyPlan, callIds: string[]) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.text === '' && plan.toolCalls.length > 0 ? null : plan.text,
    refusal: null,
    annotations: [],
  };
  if (plan.reasoning) message.reasoning_content = plan.reasoning;
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call, i) => ({
      id: callIds[i],
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const body: Record<string, unknown> = {
    id,
    object: 'chat.completion',
    created: unixSeconds(),
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openAiFinishReason(plan) }],
  };
  if (plan.reportUsage) body.usage = openAiUsage(plan.usage);
  body.service_tier = 'default';
  body.system_fingerprint = 'fp_fake';
  return body;
}

async function streamFail(exchange: Exchange, behaviour: StreamFailBehaviour): Promise<void> {
  const id = newId('chatcmpl-', 29);
  if (!wantsStream(exchange)) {
    failWithoutStream(exchange, behaviour, id);
    return;
  }
  const ctx = streamContext(exchange, id, modelOf(exchange));
  const frames = [roleFrame(ctx), ...contentFrames(ctx, behaviour.text)];
  if (behaviour.then === 'error-event') frames.push(sseFrame({ error: openAiError(500) }));
  startSse(exchange, responseHeaders());
  if (!(await writeFrames(exchange, frames, behaviour.chunkDelayMs ?? 0))) return;
  if (behaviour.then === 'drop') dropAfterFlush(exchange);
  else if (behaviour.then !== 'stall') exchange.res.end();
}

// Without a stream there is no error event, so `error-event` becomes a plain 500.
function failWithoutStream(exchange: Exchange, behaviour: StreamFailBehaviour, id: string) {
  if (behaviour.then === 'stall') return; // like `hang`
  if (behaviour.then === 'error-event') {
    sendOpenAiError(exchange, { kind: 'error', status: 500 });
    return;
  }
  const plan = planReply({ kind: 'reply', text: behaviour.text }, exchange.record.body);
  sendTruncated(exchange, JSON.stringify(completionBody(id, plan, [])), responseHeaders());
}

function streamContext(exchange: Exchange, id: string, model: string): ChunkContext {
  const includeUsage = exchange.record.body?.stream_options?.include_usage === true;
  return chunkContext(id, model, includeUsage);
}

function modelOf(exchange: Exchange): string {
  const model = exchange.record.body?.model;
  return typeof model === 'string' ? model : 'unknown';
}

function responseHeaders(): Record<string, string> {
  return { 'x-request-id': newId('req_', 32) };
}
