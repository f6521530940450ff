import type { ToolCallSpec } from './behaviour.js';
import { unixSeconds } from './ids.js';
import { openAiFinishReason } from './openai-finish-reason.js';
import { openAiUsage } from './openai-usage.js';
import type { ReplyPlan } from './reply-plan.js';
import { splitArguments, splitText } from './split-text.js';
import { sseFrame } from './sse.js';

/** Fields shared by every chunk of one stream. */
export interface ChunkContext {
  id: string;
  model: string;
  created: number;
  /** With `stream_options.include_usage`, every chunk carries `usage` (null until the last). */
  includeUsage: boolean;
}

/** Creates the per-stream chunk fields. */
export function chunkContext(id: string, model: string, includeUsage: boolean): ChunkContext {
  return { id, model, created: unixSeconds(), includeUsage };
}

/** One `chat.completion.chunk` frame with a single choice. */
export function chunkFrame(ctx: ChunkContext, delta: object, finishReason: string | null = null) {
  const chunk: Record<string, unknown> = {
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  if (ctx.includeUsage) chunk.usage = null;
  return sseFrame(chunk);
}

/** The opening chunk: role plus empty content (null when the reply is only tool calls). */
export function roleFrame(ctx: ChunkContext, contentNull = false): string {
  return chunkFrame(ctx, { role: 'assistant', content: contentNull ? null : '', refusal: null });
}

/** Text deltas for `text`, split as the plan says. */
export function contentFrames(ctx: ChunkContext, text: string, chunks?: number): string[] {
  return splitText(text, chunks).map((piece) => chunkFrame(ctx, { content: piece }));
}

/** Every frame of a successful stream, up to and including `[DONE]`. */
export function replyFrames(ctx: ChunkContext, plan: ReplyPlan, callIds: string[]): string[] {
  const frames = [roleFrame(ctx, plan.text === '' && plan.toolCalls.length > 0)];
  for (const piece of splitText(plan.reasoning, plan.chunks)) {
    frames.push(chunkFrame(ctx, { reasoning_content: piece }));
  }
  frames.push(...contentFrames(ctx, plan.text, plan.chunks));
  plan.toolCalls.forEach((call, index) => {
    frames.push(...toolCallFrames(ctx, call, index, callIds[index]!));
  });
  frames.push(chunkFrame(ctx, {}, openAiFinishReason(plan)));
  if (ctx.includeUsage && plan.reportUsage) frames.push(usageFrame(ctx, plan));
  frames.push(sseFrame('[DONE]'));
  return frames;
}

// The first delta of a call names it; later deltas only carry argument pieces.
function toolCallFrames(ctx: ChunkContext, call: ToolCallSpec, index: number, id: string) {
  const start = { index, id, type: 'function', function: { name: call.name, arguments: '' } };
  const frames = [chunkFrame(ctx, { tool_calls: [start] })];
  for (const piece of splitArguments(call.arguments)) {
    frames.push(chunkFrame(ctx, { tool_calls: [{ index, function: { arguments: piece } }] }));
  }
  return frames;
}

function usageFrame(ctx: ChunkContext, plan: ReplyPlan): string {
  return sseFrame({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
    choices: [],
    usage: openAiUsage(plan.usage),
  });
}
