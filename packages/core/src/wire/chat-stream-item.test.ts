import { describe, expect, it } from 'vitest';
import { ChatStreamItem, chatItemOfData } from './chat-stream-item';

const text = '{"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}';
const finish = '{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}';
const usage = '{"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}';
const usageNull = '{"id":"c1","choices":[],"usage":null}';

describe('ChatStreamItem text checks', () => {
  it.each([
    ['a text delta', text, { usage: false, finish: false, error: false }],
    ['a finish chunk', finish, { usage: false, finish: true, error: false }],
    ['a usage chunk', usage, { usage: true, finish: false, error: false }],
    ['`usage: null`', usageNull, { usage: false, finish: false, error: false }],
    [
      'text that names "error"',
      '{"choices":[{"delta":{"content":"x"}}],"error":null}',
      {
        usage: false,
        finish: false,
        error: true,
      },
    ],
  ])('tells what %s may hold', (_case, data, expected) => {
    const item = new ChatStreamItem(data);
    expect({ usage: item.mayCarryUsage, finish: item.mayFinish, error: item.mayHoldError }).toEqual(
      expected,
    );
  });
});

describe('chatItemOfData', () => {
  it('keeps a plain chunk unparsed, with its frame', () => {
    const frame = new Uint8Array(1);
    const item = chatItemOfData(text, 'openai', frame);
    expect(item?.isParsed).toBe(false);
    expect(item?.frame).toBe(frame);
    expect(item?.chunk?.choices[0]?.delta.content).toBe('Hi');
  });

  it('turns an in-band error into an item with the error and no frame', () => {
    const data = '{"error":{"message":"overloaded","type":"server_error","code":"busy"}}';
    const item = chatItemOfData(data, 'openai', new Uint8Array(1));
    expect(item?.error).toMatchObject({ status: 502, message: 'overloaded', code: 'busy' });
    expect(item?.frame).toBeUndefined();
  });

  it('keeps a chunk whose `error` key is null as a chunk', () => {
    const item = chatItemOfData('{"choices":[],"error":null}', 'openai');
    expect(item?.error).toBeUndefined();
    expect(item?.isParsed).toBe(true);
  });

  it('drops junk that is not a JSON object', () => {
    expect(chatItemOfData('keep-alive', 'openai')).toBeUndefined();
  });
});
