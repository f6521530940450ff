import { describe, expect, it } from 'vitest';
import { createBatchedStdoutWriter } from './batched-stdout';

describe('createBatchedStdoutWriter', () => {
  it('writes the lines of one tick in one write, in order', async () => {
    const writes: string[] = [];
    const write = createBatchedStdoutWriter({ write: (chunk: string) => writes.push(chunk) });
    write('{"a":1}');
    write('{"b":2}');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n']);
    write('{"c":3}');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });
});
