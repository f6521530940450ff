import { newId } from './ids.js';
import type { ReplyPlan } from './reply-plan.js';
import { splitArguments, splitText } from './split-text.js';
import { vercelCost } from './vercel-cost.js';

/*
 * What the AI Gateway answers on its AI SDK endpoint: the AI SDK's own LanguageModelV2 result
 * (JSON) and stream parts (SSE `data:` lines), which `@ai-sdk/gateway` passes through as they are.
 */

const FINISH_REASONS: Record<string, string> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  tool_calls: 'tool-calls',
  tool_use: 'tool-calls',
  content_filter: 'content-filter',
};

/** The AI SDK's finish reason for a plan (accepts OpenAI and Anthropic names). */
export function v2FinishReason(plan: ReplyPlan): string {
  if (plan.finishReason) return FINISH_REASONS[plan.finishReason] ?? plan.finishReason;
  return plan.toolCalls.length > 0 ? 'tool-calls' : 'stop';
}

/** LanguageModelV2 usage: `inputTokens` includes cached ones, `outputTokens` reasoning ones. */
export function v2Usage(plan: ReplyPlan) {
  const { input, output, cached, reasoning } = plan.usage;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: input + output,
    reasoningTokens: reasoning,
    cachedInputTokens: cached,
  };
}

/** `providerMetadata.gateway`: routing, the billed cost (a USD string) and the generation id. */
export function gatewayMetadata(plan: ReplyPlan) {
  const vendor = plan.model.includes('/') ? plan.model.slice(0, plan.model.indexOf('/')) : '';
  const cost = vercelCost(plan.usage);
  return {
    gateway: {
      routing: { originalModelId: plan.model, resolvedProvider: vendor, finalProvider: vendor },
      cost,
      marketCost: cost,
      generationId: newId('gen_', 26),
    },
  };
}

/** The non-streaming body: content parts, finish reason, usage, provider metadata. */
export function generateBody(plan: ReplyPlan, callIds: string[]) {
  const content: object[] = [];
  if (plan.reasoning) content.push({ type: 'reasoning', text: plan.reasoning });
  if (plan.text) content.push({ type: 'text', text: plan.text });
  plan.toolCalls.forEach((call, i) => {
    content.push({
      type: 'tool-call',
      toolCallId: callIds[i],
      toolName: call.name,
      input: call.arguments,
    });
  });
  return {
    content,
    finishReason: v2FinishReason(plan),
    usage: v2Usage(plan),
    providerMetadata: gatewayMetadata(plan),
    warnings: [],
  };
}

/** The opening parts of every stream. */
export function openingParts(model: string): object[] {
  return [
    { type: 'stream-start', warnings: [] },
    {
      type: 'response-metadata',
      id: newId('gen_', 26),
      modelId: model,
      timestamp: new Date().toISOString(),
    },
  ];
}

/** A text block: start, one delta per piece, end. */
export function textParts(id: string, text: string, chunks?: number): object[] {
  if (!text) return [];
  const deltas = splitText(text, chunks).map((delta) => ({ type: 'text-delta', id, delta }));
  return [{ type: 'text-start', id }, ...deltas, { type: 'text-end', id }];
}

/** Every part of a successful stream, up to and including `finish`. */
export function replyParts(plan: ReplyPlan, callIds: string[]): object[] {
  const parts = openingParts(plan.model);
  if (plan.reasoning) {
    const id = 'reasoning-0';
    parts.push({ type: 'reasoning-start', id });
    for (const delta of splitText(plan.reasoning, plan.chunks)) {
      parts.push({ type: 'reasoning-delta', id, delta });
    }
    parts.push({ type: 'reasoning-end', id });
  }
  parts.push(...textParts('text-0', plan.text, plan.chunks));
  plan.toolCalls.forEach((call, i) => {
    const id = callIds[i] as string;
    parts.push({ type: 'tool-input-start', id, toolName: call.name });
    for (const delta of splitArguments(call.arguments)) {
      parts.push({ type: 'tool-input-delta', id, delta });
    }
    parts.push({ type: 'tool-input-end', id });
    parts.push({ type: 'tool-call', toolCallId: id, toolName: call.name, input: call.arguments });
  });
  parts.push({
    type: 'finish',
    finishReason: v2FinishReason(plan),
    usage: v2Usage(plan),
    providerMetadata: gatewayMetadata(plan),
  });
  return parts;
}
