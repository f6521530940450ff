import { describe, expect, it } from 'vitest';
import type { ResponsesOutputItem } from '../wire/responses/responses-api';
import { createTranslatedItemMemory, resolveItemReferences } from './translated-item-memory';

const call: ResponsesOutputItem = {
  type: 'function_call',
  id: 'fc_1',
  call_id: 'call_paris_1',
  name: 'get_weather',
  arguments: '{"city":"Paris"}',
  status: 'completed',
};
const message: ResponsesOutputItem = {
  type: 'message',
  id: 'msg_1',
  status: 'completed',
  role: 'assistant',
  content: [
    { type: 'output_text', text: 'Checking.', annotations: [], logprobs: [] },
    { type: 'refusal', refusal: 'No.' },
  ],
};

describe('createTranslatedItemMemory', () => {
  it('resolves kept items as input items, only in their scope', () => {
    const memory = createTranslatedItemMemory();
    memory.remember('key-a', [message, call]);
    expect(memory.resolve('key-a', 'fc_1')).toEqual({
      type: 'function_call',
      id: 'fc_1',
      call_id: 'call_paris_1',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(memory.resolve('key-a', 'msg_1')).toEqual({
      type: 'message',
      id: 'msg_1',
      role: 'assistant',
      content: [
        { type: 'output_text', text: 'Checking.' },
        { type: 'refusal', refusal: 'No.' },
      ],
    });
    expect(memory.resolve('key-b', 'fc_1')).toBeUndefined();
    expect(memory.resolve('key-a', 'fc_unknown')).toBeUndefined();
  });

  it('forgets items after their time, and the oldest past the item or byte cap', () => {
    let now = 0;
    const memory = createTranslatedItemMemory({ ttlMs: 1000, maxItems: 2, now: () => now });
    memory.remember('k', [{ ...call, id: 'fc_a' }]);
    memory.remember('k', [{ ...call, id: 'fc_b' }]);
    memory.remember('k', [{ ...call, id: 'fc_c' }]);
    expect(memory.resolve('k', 'fc_a')).toBeUndefined();
    expect(memory.resolve('k', 'fc_b')).toBeDefined();
    now = 1000;
    expect(memory.resolve('k', 'fc_c')).toBeUndefined();

    const small = createTranslatedItemMemory({ maxBytes: 200 });
    small.remember('k', [{ ...call, id: 'fc_big', arguments: 'x'.repeat(500) }]);
    small.remember('k', [{ ...call, id: 'fc_x' }]);
    small.remember('k', [{ ...call, id: 'fc_y' }]);
    expect(small.resolve('k', 'fc_big')).toBeUndefined();
    expect(small.resolve('k', 'fc_x')).toBeUndefined();
    expect(small.resolve('k', 'fc_y')).toBeDefined();
  });
});

describe('resolveItemReferences', () => {
  it('replaces the references it holds and leaves the others for the translation to refuse', () => {
    const memory = createTranslatedItemMemory();
    memory.remember('k', [call]);
    const request = {
      model: 'deepseek/deepseek-chat',
      input: [
        { role: 'user' as const, content: 'Weather in Paris?' },
        { type: 'item_reference', id: 'fc_1' },
        { type: 'item_reference', id: 'fc_gone' },
        { type: 'function_call_output', call_id: 'call_paris_1', output: '14°C' },
      ],
    };
    const resolved = resolveItemReferences(request as never, memory, 'k');
    expect(resolved.input).toEqual([
      request.input[0],
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_paris_1',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
      request.input[2],
      request.input[3],
    ]);
    expect(resolveItemReferences({ model: 'm', input: 'hi' } as never, memory, 'k').input).toBe(
      'hi',
    );
  });
});
