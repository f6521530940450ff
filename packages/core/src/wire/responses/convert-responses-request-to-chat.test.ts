import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/invalid-request-error';
import { formatZodIssues } from '../format-zod-issues';
import { WireConversionError } from '../wire-conversion-error';
import { convertResponsesRequestToChat } from './convert-responses-request-to-chat';
import { multiTurnToolRequest, weatherTool } from './fixtures/responses-fixtures';
import {
  MAX_RESPONSES_INPUT_ITEMS,
  type ResponsesCreateRequest,
  responsesCreateRequestSchema,
} from './responses-request-schema';

const parse = (body: unknown): ResponsesCreateRequest => responsesCreateRequestSchema.parse(body);

function issuesOf(body: unknown): string {
  const result = responsesCreateRequestSchema.safeParse(body);
  if (result.success) throw new Error('expected the body to be refused');
  return formatZodIssues(result.error);
}

describe('responsesCreateRequestSchema', () => {
  it('accepts the easy message form, items, and unknown item types for passthrough', () => {
    const body = parse({
      model: 'gpt-4.1',
      input: [
        { role: 'user', content: 'hi' },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
      tools: [{ type: 'web_search' }],
      some_new_field: { kept: true },
    });
    expect(body['some_new_field']).toEqual({ kept: true });
    expect(body.input).toHaveLength(3);
  });

  it('names the field of a bad item', () => {
    expect(
      issuesOf({
        model: 'm',
        input: [
          { role: 'user', content: 'a' },
          { type: 'function_call_output', output: 'x' },
        ],
      }),
    ).toContain('input.1.call_id');
    expect(issuesOf({ model: 'm', input: [{ role: 'robot', content: 'a' }] })).toContain(
      'input.0.role',
    );
    expect(
      issuesOf({
        model: 'm',
        input: [{ role: 'user', content: [{ type: 'input_video', url: 'x' }] }],
      }),
    ).toContain('input.0.content.0.type');
    expect(
      issuesOf({ model: 'm', input: 'x', tools: [{ type: 'function', parameters: {} }] }),
    ).toContain('tools.0.name');
    expect(issuesOf({ model: 'm', input: 'x', temperature: 3 })).toContain('temperature');
  });

  it('bounds the number of input items', () => {
    const input = Array.from({ length: MAX_RESPONSES_INPUT_ITEMS + 1 }, () => ({
      role: 'user',
      content: 'a',
    }));
    expect(issuesOf({ model: 'm', input })).toMatch(/^input: Too big/);
  });
});

describe('convertResponsesRequestToChat', () => {
  it('keeps a multi-turn tool conversation: ids, arguments, results, one turn for parallel calls', () => {
    const chat = convertResponsesRequestToChat(parse(multiTurnToolRequest));
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'What is the weather like in Paris and Bogotá today?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_paris',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' },
          },
          {
            id: 'call_bogota',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"Bogotá, Colombia"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_paris', content: '14°C' },
      { role: 'tool', tool_call_id: 'call_bogota', content: '18°C' },
      { role: 'assistant', content: 'Paris is 14°C, Bogotá 18°C.' },
      { role: 'user', content: [{ type: 'text', text: 'And Rome?' }] },
    ]);
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: weatherTool.description,
          parameters: weatherTool.parameters,
          strict: true,
        },
      },
    ]);
  });

  it('merges a turn of text then calls into one assistant message', () => {
    const chat = convertResponsesRequestToChat(
      parse({
        model: 'm',
        input: [
          { role: 'user', content: 'go' },
          { type: 'message', role: 'assistant', content: 'Checking.' },
          { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
          {
            type: 'function_call_output',
            call_id: 'c1',
            output: [{ type: 'input_text', text: 'ok' }],
          },
        ],
      }),
    );
    expect(chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ]);
  });

  it('maps options, images, files and a string input', () => {
    const chat = convertResponsesRequestToChat(
      parse({
        model: 'm',
        input: [
          { role: 'developer', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is this?' },
              { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' },
              {
                type: 'input_file',
                file_data: 'data:application/pdf;base64,AAAA',
                filename: 'a.pdf',
              },
            ],
          },
          { type: 'reasoning', id: 'rs_1', summary: [] },
        ],
        max_output_tokens: 300,
        temperature: 0.2,
        top_p: 0.9,
        text: {
          format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
        },
        reasoning: { effort: 'low' },
        metadata: { team: 'search' },
        user: 'u-1',
        tool_choice: { type: 'function', name: 'get_weather' },
        tools: [weatherTool],
        parallel_tool_calls: false,
        stream: true,
        store: true,
      }),
    );
    expect(chat).toMatchObject({
      model: 'm',
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      reasoning_effort: 'low',
      metadata: { team: 'search' },
      user: 'u-1',
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chat).not.toHaveProperty('store');
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          {
            type: 'file',
            file: { file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' },
          },
        ],
      },
    ]);
    expect(convertResponsesRequestToChat(parse({ model: 'm', input: 'hi' })).messages).toEqual([
      { role: 'user', content: 'hi' },
    ]);
    expect(
      convertResponsesRequestToChat(
        parse({ model: 'm', input: 'x', text: { format: { type: 'json_object' } } }),
      ).response_format,
    ).toEqual({ type: 'json_object' });
  });

  it('refuses state only the Responses API keeps, naming the field and what to do', () => {
    for (const [field, value] of [
      ['previous_response_id', 'resp_123'],
      ['conversation', 'conv_123'],
    ] as const) {
      let thrown: unknown;
      try {
        convertResponsesRequestToChat(parse({ model: 'm', input: 'hi', [field]: value }));
      } catch (error) {
        thrown = error;
      }
      expect(InvalidRequestError.isInstance(thrown)).toBe(true);
      expect(thrown).toMatchObject({ status: 400, param: field });
      expect((thrown as Error).message).toMatch(/whole conversation.*Responses API/s);
    }
  });

  it('refuses built-in tools and items, and stored references', () => {
    const refused = (body: unknown) => {
      try {
        convertResponsesRequestToChat(parse(body));
      } catch (error) {
        expect(WireConversionError.isInstance(error)).toBe(true);
        return error as WireConversionError;
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ model: 'm', input: 'x', tools: [{ type: 'web_search' }] })).toMatchObject({
      status: 400,
      param: 'tools.0.type',
    });
    expect(
      refused({ model: 'm', input: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }] })
        .param,
    ).toBe('input.0.type');
    expect(refused({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }).param).toBe(
      'input.0',
    );
    expect(
      refused({
        model: 'm',
        input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }],
      }).param,
    ).toBe('input.0.content.0');
    expect(refused({ model: 'm', input: 'x', tool_choice: { type: 'file_search' } }).param).toBe(
      'tool_choice',
    );
  });

  it('requires input', () => {
    expect(() => convertResponsesRequestToChat(parse({ model: 'm' }))).toThrow(/'input'/);
  });
});
