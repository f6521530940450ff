import type { AnthropicBlock } from './anthropic-content.js';
import { contentBlocks } from './anthropic-content.js';
import { anthropicStopReason } from './anthropic-stop-reason.js';
import { anthropicUsage } from './anthropic-usage.js';
import type { ReplyPlan } from './reply-plan.js';
import { splitArguments, splitText } from './split-text.js';
import { sseFrame } from './sse.js';

/** A named Anthropic stream event; the `event:` line repeats the payload's `type`. */
export function eventFrame(data: { type: string } & Record<string, unknown>): string {
  return sseFrame(data, data.type);
}

/** `message_start`: the message with empty content; output usage starts at 1 like Claude's. */
export function messageStartFrame(id: string, plan: ReplyPlan): string {
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...anthropicUsage(plan), output_tokens: 1 },
  };
  return eventFrame({ type: 'message_start', message });
}

/** `ping`, which Claude sends after the first block starts. */
export function pingFrame(): string {
  return eventFrame({ type: 'ping' });
}

/** `content_block_start` for an empty text block at `index`. */
export function textStartFrame(index: number): string {
  return eventFrame({
    type: 'content_block_start',
    index,
    content_block: { type: 'text', text: '' },
  });
}

/** `text_delta` events for `text`. */
export function textDeltaFrames(index: number, text: string, chunks?: number): string[] {
  return splitText(text, chunks).map((piece) =>
    eventFrame({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }),
  );
}

/** The full event sequence of a successful stream, `message_start` to `message_stop`. */
export function messageFrames(id: string, plan: ReplyPlan): string[] {
  const frames = [messageStartFrame(id, plan)];
  contentBlocks(plan).forEach((block, index) => {
    frames.push(eventFrame({ type: 'content_block_start', index, content_block: emptyOf(block) }));
    if (index === 0) frames.push(pingFrame());
    frames.push(...blockDeltaFrames(block, index, plan.chunks));
    frames.push(eventFrame({ type: 'content_block_stop', index }));
  });
  const { service_tier: _tier, ...usage } = anthropicUsage(plan);
  const delta = { stop_reason: anthropicStopReason(plan), stop_sequence: null };
  frames.push(eventFrame({ type: 'message_delta', delta, usage }));
  frames.push(eventFrame({ type: 'message_stop' }));
  return frames;
}

// Blocks start empty and are filled by deltas.
function emptyOf(block: AnthropicBlock) {
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  if (block.type === 'text') return { type: 'text', text: '' };
  return { type: 'tool_use', id: block.id, name: block.name, input: {} };
}

function blockDeltaFrames(block: AnthropicBlock, index: number, chunks?: number): string[] {
  if (block.type === 'text') return textDeltaFrames(index, block.text, chunks);
  if (block.type === 'thinking') {
    const frames = splitText(block.thinking, chunks).map((piece) =>
      delta(index, { type: 'thinking_delta', thinking: piece }),
    );
    frames.push(delta(index, { type: 'signature_delta', signature: block.signature }));
    return frames;
  }
  return splitArguments(JSON.stringify(block.input)).map((piece) =>
    delta(index, { type: 'input_json_delta', partial_json: piece }),
  );
}

function delta(index: number, body: Record<string, unknown>): string {
  return eventFrame({ type: 'content_block_delta', index, delta: body });
}
