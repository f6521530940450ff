import type { ReplyBehaviour, ToolCallSpec } from './behaviour.js';
import { estimateTokens } from './estimate-tokens.js';
import { lastUserText, promptChars } from './message-text.js';

/** Resolved token counts; `input` includes `cached`, `output` includes `reasoning`. */
export interface ResolvedUsage {
  input: number;
  output: number;
  cached: number;
  reasoning: number;
}

/** A reply behaviour with every default filled in, shared by both protocol fakes. */
export interface ReplyPlan {
  model: string;
  text: string;
  reasoning: string;
  toolCalls: ToolCallSpec[];
  /** As given by the behaviour; each protocol maps it to its own vocabulary. */
  finishReason: string | undefined;
  usage: ResolvedUsage;
  /** `false` when the behaviour said `usage: false`; protocols that can, then omit usage. */
  reportUsage: boolean;
  chunks: number | undefined;
  chunkDelayMs: number;
}

/** Fills in the echo text, the model and estimated usage for one request. */
export function planReply(behaviour: ReplyBehaviour, body: any): ReplyPlan {
  const toolCalls = behaviour.toolCalls ?? [];
  const text = behaviour.text ?? (toolCalls.length > 0 ? '' : `echo: ${lastUserText(body)}`);
  const reasoning = behaviour.reasoning ?? '';
  return {
    model: typeof body?.model === 'string' ? body.model : 'unknown',
    text,
    reasoning,
    toolCalls,
    finishReason: behaviour.finishReason,
    usage: resolveUsage(behaviour, body, text, toolCalls),
    reportUsage: behaviour.usage !== false,
    chunks: behaviour.chunks,
    chunkDelayMs: behaviour.chunkDelayMs ?? 0,
  };
}

function resolveUsage(
  behaviour: ReplyBehaviour,
  body: any,
  text: string,
  toolCalls: ToolCallSpec[],
): ResolvedUsage {
  const given = behaviour.usage || undefined;
  const reasoningText = behaviour.reasoning ?? '';
  const reasoning = given?.reasoning ?? (reasoningText ? estimateTokens(reasoningText.length) : 0);
  let outputChars = text.length;
  for (const call of toolCalls) outputChars += call.name.length + call.arguments.length;
  return {
    input: given?.input ?? estimateTokens(promptChars(body)),
    output: given?.output ?? estimateTokens(outputChars) + reasoning,
    cached: given?.cached ?? 0,
    reasoning,
  };
}
