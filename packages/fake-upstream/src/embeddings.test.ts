import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => upstream.close());

describe('embeddings', () => {
  it('returns deterministic unit vectors through the SDK default base64 encoding', async () => {
    const result = await client.embeddings.create({ model: 'emb', input: ['a', 'b', 'a'] });
    expect(upstream.requests.at(-1)?.body.encoding_format).toBe('base64');
    expect(result.data).toHaveLength(3);
    const [a, b, again] = result.data.map((d) => Array.from(d.embedding));
    expect(a).toHaveLength(8);
    expect(a).toEqual(again);
    expect(a).not.toEqual(b);
    const norm = Math.sqrt(a!.reduce((sum, v) => sum + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(result.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(result.model).toBe('emb');
  });

  it('returns float arrays and honours dimensions', async () => {
    const floats = await client.embeddings.create({
      model: 'emb',
      input: 'a',
      encoding_format: 'float',
      dimensions: 4,
    });
    const base64 = await client.embeddings.create({ model: 'emb', input: 'a', dimensions: 4 });
    expect(floats.data[0]?.embedding).toHaveLength(4);
    expect(floats.data[0]?.embedding).toEqual(Array.from(base64.data[0]!.embedding));
  });
});
