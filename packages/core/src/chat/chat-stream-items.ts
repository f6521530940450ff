import type { AnswerUsage } from '../engine/call-adapter';
import type { ProbeResult } from '../engine/commit-stream';
import type { ChatStreamItem } from '../wire/chat-stream-item';
import type { ChatUsage } from '../wire/openai-chat';
import { tokenUsageOfChat } from './chat-usage';

/** After the commit point only in-band errors matter: no parse needed. */
export function probeCommittedChatItem(item: ChatStreamItem): ProbeResult {
  return item.error ? { type: 'error', error: item.error } : undefined;
}

/**
 * Commit-at-first-content for chat chunks: text, reasoning, refusal or a tool call commit; a
 * finish reason or `[DONE]` is a proper end (an empty answer, not a cut-off stream).
 */
export function probeChatItem(item: ChatStreamItem): ProbeResult {
  if (item.error) return { type: 'error', error: item.error };
  if (item.isDone) return { type: 'finish' };
  const choice = item.chunk?.choices?.[0];
  const delta = choice?.delta as Record<string, unknown> | undefined;
  if (!delta) return choice?.finish_reason ? { type: 'finish' } : undefined;
  if (
    hasText(delta['content']) ||
    hasText(delta['reasoning_content']) ||
    hasText(delta['refusal'])
  ) {
    return { type: 'content' };
  }
  if (Array.isArray(delta['tool_calls']) && delta['tool_calls'].length > 0) {
    return { type: 'content' };
  }
  return choice?.finish_reason ? { type: 'finish' } : undefined;
}

/**
 * Collects usage, finish reason and output size from the items a client receives. Events that
 * cannot carry usage or a finish reason are not parsed: their output size is their length less
 * the envelope measured on a parsed text event (only used when the upstream sends no usage).
 */
export function createChatStreamTap(cacheHit = false) {
  let envelope: number | undefined;
  const tap = {
    usage: undefined as ChatUsage | undefined,
    finishReason: undefined as string | undefined,
    outputChars: 0,
    result(): AnswerUsage {
      return {
        usage: tap.usage ? tokenUsageOfChat(tap.usage) : undefined,
        finishReason: tap.finishReason,
        outputChars: () => tap.outputChars,
        cacheHit,
      };
    },
    observe(item: ChatStreamItem) {
      const cheap = !item.isParsed && !item.mayCarryUsage && !item.mayFinish;
      if (cheap && envelope !== undefined) {
        tap.outputChars += Math.max(0, item.data.length - envelope);
        return;
      }
      const chunk = item.chunk;
      if (!chunk) return;
      if (chunk.usage) tap.usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) return;
      if (choice.finish_reason) tap.finishReason = choice.finish_reason;
      const delta = choice.delta as Record<string, unknown> | undefined;
      if (!delta) return;
      const chars = outputCharsOf(delta);
      tap.outputChars += chars;
      if (envelope === undefined && chars > 0 && typeof delta['content'] === 'string') {
        envelope = item.data.length - chars;
      }
    },
  };
  return tap;
}

function outputCharsOf(delta: Record<string, unknown>): number {
  let chars = lengthOf(delta['content']) + lengthOf(delta['reasoning_content']);
  for (const call of (delta['tool_calls'] as { function?: { arguments?: string } }[]) ?? []) {
    chars += lengthOf(call.function?.arguments);
  }
  return chars;
}

/** True for the usage-only chunk (`choices: []`) a client that did not ask for usage must not see. */
export function isUsageOnlyChunk(item: ChatStreamItem): boolean {
  if (!item.mayCarryUsage) return false;
  return item.chunk?.usage != null && (item.chunk.choices?.length ?? 0) === 0;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}
