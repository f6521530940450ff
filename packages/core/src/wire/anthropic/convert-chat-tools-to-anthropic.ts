import type { ChatCompletionRequest, ChatFunctionTool, ChatToolChoice } from '../openai-chat';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-messages-api';

/** Tools and tool choice of an Anthropic request; both absent when the request has no tools. */
export interface AnthropicToolsConfig {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

// Anthropic requires an input schema; a function without parameters takes an empty object.
const EMPTY_INPUT_SCHEMA = { type: 'object', properties: {} };

/** Maps `tools`, `tool_choice` and `parallel_tool_calls` to their Anthropic equivalents. */
export function convertChatToolsToAnthropic(
  request: Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>,
): AnthropicToolsConfig {
  // Anthropic rejects a tool_choice without tools, so both are dropped together.
  if (request.tools === undefined || request.tools.length === 0) return {};
  const tools = request.tools.map(convertTool);
  const disableParallel = request.parallel_tool_calls === false;
  const toolChoice = convertToolChoice(request.tool_choice, disableParallel);
  return toolChoice === undefined ? { tools } : { tools, tool_choice: toolChoice };
}

function convertTool({ function: fn }: ChatFunctionTool): AnthropicTool {
  const tool: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? EMPTY_INPUT_SCHEMA };
  if (fn.description !== undefined) tool.description = fn.description;
  return tool;
}

function convertToolChoice(
  choice: ChatToolChoice | undefined,
  disableParallel: boolean,
): AnthropicToolChoice | undefined {
  // `none` has no parallel flag: no tool is called at all.
  if (choice === 'none') return { type: 'none' };
  const parallel = disableParallel ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return disableParallel ? { type: 'auto', ...parallel } : undefined;
  if (choice === 'auto') return { type: 'auto', ...parallel };
  if (choice === 'required') return { type: 'any', ...parallel };
  return { type: 'tool', name: choice.function.name, ...parallel };
}
