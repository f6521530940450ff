import type { ChatCompletionRequest, ChatFunctionTool, ChatToolChoice } from '../openai-chat';
import { WireConversionError } from '../wire-conversion-error';
import type { ResponsesCreateRequest, ResponsesFunctionTool } from './responses-request-schema';

/**
 * Converts `tools`, `tool_choice` and `parallel_tool_calls` of a Responses request into Chat's.
 * Responses function tools are flat (`{type, name, parameters}`), Chat's nest under `function`.
 * https://platform.openai.com/docs/api-reference/responses/create#responses-create-tools
 *
 * Built-in tools (`web_search`, `file_search`, `code_interpreter`, `computer_use_preview`, MCP,
 * …) run inside the Responses API: a model served through Chat cannot use them, so they are a
 * 400 naming the tool rather than silently missing.
 */
export function convertResponsesToolsToChat(
  request: Pick<ResponsesCreateRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>,
): Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'> {
  const out: Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'> = {};
  const tools = (request.tools ?? []).map((tool, i) => {
    if (tool.type !== 'function') throw builtInTool(tool.type, `tools.${i}`);
    return functionTool(tool as unknown as ResponsesFunctionTool);
  });
  if (tools.length > 0) {
    out.tools = tools;
    // OpenAI refuses `parallel_tool_calls` without tools.
    if (typeof request.parallel_tool_calls === 'boolean') {
      out.parallel_tool_calls = request.parallel_tool_calls;
    }
  }
  const choice = request.tool_choice;
  if (choice !== undefined) out.tool_choice = toolChoice(choice);
  return out;
}

function functionTool(tool: ResponsesFunctionTool): ChatFunctionTool {
  const fn: ChatFunctionTool['function'] = { name: tool.name };
  if (typeof tool.description === 'string') fn.description = tool.description;
  if (tool.parameters) fn.parameters = tool.parameters;
  if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function toolChoice(choice: NonNullable<ResponsesCreateRequest['tool_choice']>): ChatToolChoice {
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function' && typeof choice['name'] === 'string') {
    return { type: 'function', function: { name: choice['name'] } };
  }
  throw new WireConversionError(
    `tool_choice: '${choice.type}' names a built-in tool or tool set of the Responses API; a ` +
      "model served through Chat Completions takes 'none', 'auto', 'required' or " +
      "{type: 'function', name}.",
    { param: 'tool_choice' },
  );
}

function builtInTool(type: string, path: string): WireConversionError {
  return new WireConversionError(
    `${path}: the built-in tool '${type}' runs inside the Responses API and cannot be used by a ` +
      'model served through Chat Completions. Declare it as a function tool, or use a model of ' +
      'a provider that serves the Responses API (OpenAI, Azure, OpenRouter, Vercel, Groq, xAI).',
    { param: `${path}.type` },
  );
}
