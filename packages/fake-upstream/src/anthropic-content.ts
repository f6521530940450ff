import { newId } from './ids.js';
import type { ReplyPlan } from './reply-plan.js';

/** A content block of an Anthropic assistant message, as the fake produces them. */
export type AnthropicBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Thinking first, then text, then tool calls — the order Claude emits them. */
export function contentBlocks(plan: ReplyPlan): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  if (plan.reasoning) {
    blocks.push({ type: 'thinking', thinking: plan.reasoning, signature: newId('sig', 64) });
  }
  if (plan.text !== '' || plan.toolCalls.length === 0)
    blocks.push({ type: 'text', text: plan.text });
  for (const call of plan.toolCalls) {
    const id = call.id ?? newId('toolu_01');
    blocks.push({ type: 'tool_use', id, name: call.name, input: parseInput(call.arguments) });
  }
  return blocks;
}

// Tool input is an object on the wire; malformed arguments degrade to `{}`.
function parseInput(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
