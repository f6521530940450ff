import type { ChatCompletionRequest, ChatFunctionTool } from '../openai-chat';
import { WireConversionError } from '../wire-conversion-error';
import type { AnthropicMessagesInput } from './anthropic-messages-request-schema';

/** The Chat tool fields of a request; all absent when it has no tools. */
export type ChatToolsConfig = Pick<
  ChatCompletionRequest,
  'tools' | 'tool_choice' | 'parallel_tool_calls'
>;

/**
 * Maps `tools` and `tool_choice` to Chat: client tools become functions (`input_schema` →
 * `parameters`); `auto` / `any` / `tool` / `none` → `auto` / `required` / a named function /
 * `none`; `disable_parallel_tool_use` → `parallel_tool_calls: false`. The inverse of
 * `convertChatToolsToAnthropic`, so an Anthropic target gets the same tools back.
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 *
 * Server tools (web search, code execution, …) run inside Anthropic's API and have no Chat
 * form: they are refused (400) rather than silently dropped.
 */
export function convertAnthropicToolsToChat(
  request: Pick<AnthropicMessagesInput, 'tools' | 'tool_choice'>,
): ChatToolsConfig {
  // Chat upstreams reject a tool_choice without tools, as Anthropic's translation drops both.
  if (request.tools === undefined || request.tools.length === 0) return {};
  const tools = request.tools.map(convertTool);
  const choice = request.tool_choice;
  if (choice === undefined) return { tools };
  const config: ChatToolsConfig = { tools };
  switch (choice.type) {
    case 'auto':
      config.tool_choice = 'auto';
      break;
    case 'any':
      config.tool_choice = 'required';
      break;
    case 'tool':
      config.tool_choice = { type: 'function', function: { name: choice.name } };
      break;
    case 'none':
      config.tool_choice = 'none';
      break;
  }
  if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true) {
    config.parallel_tool_calls = false;
  }
  return config;
}

function convertTool(
  tool: NonNullable<AnthropicMessagesInput['tools']>[number],
  i: number,
): ChatFunctionTool {
  if (tool.type !== undefined && tool.type !== 'custom') {
    throw new WireConversionError(
      `Server tool '${tool.type}' runs inside Anthropic's API and cannot be served through the ` +
        'gateway; define it as a client tool instead.',
      { param: `tools.${i}.type` },
    );
  }
  if (tool.input_schema === undefined) {
    throw new WireConversionError('A client tool needs an input_schema.', {
      param: `tools.${i}.input_schema`,
    });
  }
  const fn: ChatFunctionTool['function'] = { name: tool.name, parameters: tool.input_schema };
  if (tool.description !== undefined) fn.description = tool.description;
  return { type: 'function', function: fn };
}
