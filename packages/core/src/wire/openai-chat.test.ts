import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatZodIssues } from './format-zod-issues';
import {
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  openAIErrorBodySchema,
} from './openai-chat';

const validRequest = {
  model: 'gpt-4o',
  messages: [
    { role: 'developer', content: 'You are terse.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this image?' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
  ],
  tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
  tool_choice: { type: 'function', function: { name: 'f' } },
  stream: true,
  stream_options: { include_usage: true },
  stop: ['\n'],
  temperature: 0.2,
};

function issues(value: unknown): string {
  const result = chatCompletionRequestSchema.safeParse(value);
  if (result.success) throw new Error('expected a validation error');
  return formatZodIssues(result.error);
}

describe('chatCompletionRequestSchema', () => {
  it('accepts a full request and keeps unknown fields', () => {
    const parsed = chatCompletionRequestSchema.parse({
      ...validRequest,
      web_search_options: {},
      messages: [{ role: 'user', content: 'hi', vendor_flag: 1 }],
    });
    expect(parsed.web_search_options).toEqual({});
    expect(parsed.messages[0]).toEqual({ role: 'user', content: 'hi', vendor_flag: 1 });
    expect(chatCompletionRequestSchema.parse(validRequest)).toEqual(validRequest);
  });

  it('names the field path in errors', () => {
    expect(issues({ ...validRequest, model: '' })).toMatch(/^model: /);
    expect(issues({ model: 'm', messages: [] })).toMatch(/^messages: Too small/);
    expect(issues({ model: 'm', messages: [{ role: 'bot', content: 'x' }] })).toBe(
      'messages.0.role: Invalid option: expected one of "system"|"developer"|"user"|"assistant"|"tool"',
    );
    expect(issues({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })).toMatch(
      /^messages\.0\.tool_call_id: /,
    );
    expect(issues({ ...validRequest, temperature: 3 })).toMatch(/^temperature: Too big/);
  });

  it('reports the most specific branch of a failed union', () => {
    const message = issues({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }],
    });
    expect(message).toBe(
      'messages.0.content.0.image_url.url: Invalid input: expected string, received undefined',
    );
  });

  it('has OpenAPI ids', () => {
    expect(z.globalRegistry.get(chatCompletionRequestSchema)?.id).toBe('ChatCompletionRequest');
    expect(z.globalRegistry.get(chatCompletionSchema)?.id).toBe('ChatCompletion');
    expect(z.globalRegistry.get(chatCompletionChunkSchema)?.id).toBe('ChatCompletionChunk');
    expect(z.globalRegistry.get(openAIErrorBodySchema)?.id).toBe('OpenAIErrorBody');
    expect(() => z.toJSONSchema(chatCompletionRequestSchema)).not.toThrow();
  });
});

describe('response schemas', () => {
  it('parses an OpenAI completion, chunk and error', () => {
    const completion = {
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      object: 'chat.completion',
      created: 1741569952,
      model: 'gpt-4.1-2025-04-14',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 19,
        completion_tokens: 10,
        total_tokens: 29,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
      },
      service_tier: 'default',
    };
    expect(chatCompletionSchema.parse(completion)).toEqual(completion);
    const chunk = {
      id: 'chatcmpl-123',
      object: 'chat.completion.chunk',
      created: 1694268190,
      model: 'gpt-4o-mini',
      system_fingerprint: 'fp_44709d6fcb',
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', content: '' },
          logprobs: null,
          finish_reason: null,
        },
      ],
    };
    expect(chatCompletionChunkSchema.parse(chunk)).toEqual(chunk);
    const error = {
      error: {
        message: 'Invalid model',
        type: 'invalid_request_error',
        param: 'model',
        code: null,
      },
    };
    expect(openAIErrorBodySchema.parse(error)).toEqual(error);
  });
});
